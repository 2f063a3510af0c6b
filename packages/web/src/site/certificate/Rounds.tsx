import { VerdictList } from '../../components/VerdictList';
import { Badge, Facts } from '../../components/ui';
import { formatDate } from '../../lib/format';
import type { CertificateRecord } from './types';

/** The audit rounds behind a certificate and the council verdicts sealed in it, by phase. */
export function Rounds({ rec }: { rec: CertificateRecord }) {
  const snap = rec.snapshot;
  return (
    <section className="card" aria-labelledby="rounds">
      <h2 id="rounds">Audit rounds</h2>
      <Facts
        items={[
          ['Round', `${snap.round.roundType} #${snap.round.roundNumber}`],
          ['Triggered by', snap.round.triggerSource],
          ['Outcome', <Badge key="o" value={snap.round.outcome} />],
          ['Decided by', snap.round.decidedBy],
        ]}
      />
      {rec.rounds.map((r) => (
        <div key={r.roundId}>
          <h3>
            Round {r.roundNumber}: {r.roundType} <Badge value={r.outcome} />
          </h3>
          <p className="muted">
            Opened {formatDate(r.openedAt)}, closed {formatDate(r.closedAt)}. Seed <span className="mono">{r.seed}</span>.
          </p>
          {r.outcomeReasons.length > 0 && (
            <ul>
              {r.outcomeReasons.map((x, i) => (
                <li key={i}>{x}</li>
              ))}
            </ul>
          )}
          {r.diversityNotes.map((x, i) => (
            <p key={i} className="muted">
              {x}
            </p>
          ))}
        </div>
      ))}
      <h3>Council verdicts (sealed in the certificate)</h3>
      <VerdictList verdicts={snap.verdicts} idPrefix="sealed" />
    </section>
  );
}
