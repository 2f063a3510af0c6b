import type { ReactNode } from 'react';
import { groupBy, phaseName } from '../lib/format';
import { Badge, Facts, Mono } from './ui';

/**
 * What a council verdict shows: the fields a sealed certificate keeps (SPEC §6), plus what the console
 * knows of a live round (validator id, model id, weight, cited findings). Both the certificate record
 * and the operator's round view satisfy it as they come from the API.
 */
export interface VerdictItem {
  phase: number;
  ownerAddress: string;
  sessionAddress: string;
  modelFamily: string;
  verdict: string | null;
  status: string;
  blocking: boolean;
  severity: string | null;
  rationale: string;
  validatorId?: string;
  modelId?: string;
  weight?: number;
  findings?: ReadonlyArray<{ severity: string; summary: string; evidenceIds: readonly string[] }>;
}

const tone = (v: string | null) => (v === 'SAFE' ? ' safe' : v === 'UNSAFE' ? ' unsafe' : '');

/** Verdicts grouped by phase, each with its model, keys, seat, severity, blocking flag and rationale (as text). */
export function VerdictList({ verdicts, level = 3, idPrefix }: { verdicts: readonly VerdictItem[]; level?: 3 | 4; idPrefix: string }) {
  const Heading = level === 3 ? 'h3' : 'h4';
  if (verdicts.length === 0) return <p>No verdicts yet.</p>;
  return (
    <>
      {groupBy(verdicts, (v) => v.phase).map((g) => (
        <section key={g.key} aria-labelledby={`${idPrefix}-phase-${g.key}`}>
          <Heading id={`${idPrefix}-phase-${g.key}`}>
            {phaseName(g.key)} ({g.items.length} validator{g.items.length === 1 ? '' : 's'})
          </Heading>
          {g.items.map((v, i) => (
            <article key={`${v.validatorId ?? v.sessionAddress}-${i}`} className={`verdict${tone(v.verdict)}`}>
              <div className="actions">
                <Badge value={v.verdict ?? v.status} />
                {v.blocking && <Badge value="BLOCKING" />}
                <span>
                  severity <Badge value={v.severity} />
                </span>
                <span>
                  model family <strong>{v.modelFamily}</strong>
                  {v.modelId && (
                    <>
                      {' '}
                      · <span className="mono">{v.modelId}</span>
                    </>
                  )}
                  {v.weight !== undefined && <> · weight {v.weight.toFixed(3)}</>}
                </span>
              </div>
              <Facts
                items={[
                  ...(v.validatorId ? ([['Validator', <Mono key="v">{v.validatorId}</Mono>]] as Array<[string, ReactNode]>) : []),
                  ['Validator (owner)', <Mono key="o">{v.ownerAddress}</Mono>],
                  ['Session key', <Mono key="s">{v.sessionAddress}</Mono>],
                  ['Seat', v.status],
                  ['Blocking', v.blocking ? 'yes' : 'no'],
                ]}
              />
              <p className="rationale">{v.rationale}</p>
              {v.findings && v.findings.length > 0 && (
                <ul aria-label="Findings the verdict cites">
                  {v.findings.map((f, j) => (
                    <li key={j}>
                      <Badge value={f.severity} /> {f.summary} <span className="mono muted">cites {f.evidenceIds.join(', ') || '—'}</span>
                    </li>
                  ))}
                </ul>
              )}
            </article>
          ))}
        </section>
      ))}
    </>
  );
}
