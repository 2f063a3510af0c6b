import { useMemo, useState } from 'react';
import { LineChart } from '../../components/Chart';
import { Form, TextAreaField, TextField } from '../../components/Form';
import { Table } from '../../components/Table';
import { Badge, ErrorMessage, Facts, Loading, Mono, PageTitle } from '../../components/ui';
import { api } from '../../lib/api';
import { formatDate } from '../../lib/format';
import { useAction, useApi, useTitle } from '../../lib/hooks';
import { formatPercentBps, formatWei } from '../../lib/money';
import { Link } from '../../lib/router';
import { standingSeries, type StandingChange } from '../lib/series';
import type { ValidatorView } from './Validators';

const SANCTION_MIN = 50;
const SANCTION_MAX = 300;
const FLOOR = 200;

const KIND_WORDS: Record<string, string> = {
  round: 'audit round',
  sanction: 'sanction',
  reinstate: 'reinstated',
  status: 'status change',
  canary: 'canary round',
};

function delta(before: number, after: number, digits = 0): string {
  const d = after - before;
  if (Math.abs(d) < 10 ** -digits / 2) return '';
  return ` (${d > 0 ? '+' : '−'}${Math.abs(d).toFixed(digits)})`;
}

function SanctionForm({ v, onDone }: { v: ValidatorView; onDone: () => void }) {
  const a = useAction();
  const [penalty, setPenalty] = useState('100');
  const [reason, setReason] = useState('');
  const [slash, setSlash] = useState('');
  const p = /^\d+$/.test(penalty.trim()) ? Number(penalty.trim()) : NaN;
  const pOk = Number.isInteger(p) && p >= SANCTION_MIN && p <= SANCTION_MAX;
  const s = slash.trim() === '' ? null : /^\d+$/.test(slash.trim()) ? Number(slash.trim()) : NaN;
  const sOk = s === null || (Number.isInteger(s) && s >= 0 && s <= 10_000);
  const rOk = reason.trim().length >= 10;
  const after = pOk ? Math.max(0, v.reputation - p) : null;
  return (
    <Form
      action={a}
      name="sanction"
      className="card"
      labelledBy="sanction"
      submitLabel="Apply the sanction"
      busyLabel="Sanctioning…"
      submitClassName="danger"
      canSubmit={pOk && sOk && rOk}
      progress="Recording the sanction and slashing stake…"
      resultTitle="The sanction was not applied"
      onSubmit={async () => {
        const r = await api.post('/api/v1/operator/validators/{id}/sanction', {
          path: { id: v.validatorId },
          body: { penalty: p, reason: reason.trim(), ...(s !== null ? { slashBps: s } : {}) },
        });
        setReason('');
        onDone();
        return `Sanctioned: reputation ${r.reputation}, status ${r.status}, ${formatWei(r.slashedWei)} SBYTE slashed.`;
      }}
    >
      <h2 id="sanction">Sanction</h2>
      <p className="hint">Lowers reputation by the penalty and slashes stake; below {FLOOR} an active validator is suspended. Audited with your reason.</p>
      <div className="form-grid">
        <TextField
          label={`Reputation penalty (${SANCTION_MIN}–${SANCTION_MAX})`}
          hint={
            after !== null ? `Reputation ${v.reputation} → ${after}${after < FLOOR && v.status === 'ACTIVE' ? ' (suspends the validator)' : ''}.` : undefined
          }
          error={penalty !== '' && !pOk ? `A whole number from ${SANCTION_MIN} to ${SANCTION_MAX}.` : null}
          type="number"
          min={SANCTION_MIN}
          max={SANCTION_MAX}
          step={1}
          value={penalty}
          onChange={setPenalty}
        />
        <TextField
          label="Stake slash in basis points (optional)"
          hint={s !== null && sOk ? `${formatPercentBps(s)} of the stake.` : 'Empty = the deployment default. 100 bps = 1 %.'}
          error={!sOk ? 'A whole number from 0 to 10,000.' : null}
          inputMode="numeric"
          value={slash}
          onChange={setSlash}
        />
      </div>
      <TextAreaField
        label="Reason for the sanction"
        hint="At least 10 characters; kept in the standing history and the audit log."
        error={reason !== '' && !rOk ? 'Write at least 10 characters.' : null}
        value={reason}
        maxLength={2000}
        onChange={setReason}
      />
    </Form>
  );
}

function ReinstateForm({ v, onDone }: { v: ValidatorView; onDone: () => void }) {
  const a = useAction();
  const [reason, setReason] = useState('');
  const ok = reason.trim().length >= 10;
  return (
    <Form
      action={a}
      name="reinstate"
      className="card"
      labelledBy="reinstate"
      submitLabel="Reinstate"
      canSubmit={ok}
      resultTitle="Not reinstated"
      onSubmit={async () => {
        const r = await api.post('/api/v1/operator/validators/{id}/reinstate', { path: { id: v.validatorId }, body: { reason: reason.trim() } });
        setReason('');
        onDone();
        return `Reinstated: reputation ${r.reputation}, status ${r.status}.`;
      }}
    >
      <h2 id="reinstate">Reinstate</h2>
      <p className="hint">
        {v.status === 'SUSPENDED'
          ? `Brings this suspended validator back to ACTIVE with at least the floor reputation (${FLOOR}).`
          : `Only a SUSPENDED validator can be reinstated; this one is ${v.status}.`}
      </p>
      <TextAreaField
        label="Reason for reinstating"
        hint="At least 10 characters."
        error={reason !== '' && !ok ? 'Write at least 10 characters.' : null}
        value={reason}
        maxLength={2000}
        onChange={setReason}
      />
    </Form>
  );
}

export function ValidatorPage({ id }: { id: string }) {
  useTitle(`Validator ${id.slice(0, 8)}`);
  const list = useApi('/api/v1/operator/validators');
  const history = useApi('/api/v1/operator/validators/{id}/history', { path: { id }, query: { limit: 500 } });
  const v = list.data?.validators.find((x) => x.validatorId === id) ?? null;
  const [now, setNow] = useState(() => Date.now());
  const series = useMemo(() => (v && history.data ? standingSeries(history.data.history, v, now) : null), [v, history.data, now]);
  const reload = () => {
    setNow(Date.now());
    list.reload();
    history.reload();
  };
  return (
    <main className="page" id="main">
      <PageTitle>Validator {id}</PageTitle>
      <p>
        <Link to="/console/validators">All validators</Link>
      </p>
      {(list.loading || history.loading) && !(list.data && history.data) && <Loading what="the validator" />}
      <ErrorMessage error={list.error} title="Could not load validators" />
      <ErrorMessage error={history.error} title="Could not load the standing history" />
      {list.data && !v && (
        <div className="alert alert-error" role="alert">
          No validator with id <span className="mono">{id}</span>.
        </div>
      )}
      {v && (
        <>
          <section className="card" aria-labelledby="standing">
            <h2 id="standing">Standing now</h2>
            <Facts
              items={[
                ['Status', <Badge key="s" value={v.status} />],
                [
                  'Reputation',
                  <span key="r" data-testid="reputation">
                    {v.reputation}
                  </span>,
                ],
                ['Accuracy', v.auditAccuracy.toFixed(3)],
                ['Governance weight', v.governanceWeight.toFixed(3)],
                ['Stake', `${formatWei(v.stake)} SBYTE`],
                ['Model', `${v.modelProvider} · ${v.modelId} (${v.modelFamily})`],
                ['Owner', <Mono key="o">{v.ownerAddress}</Mono>],
                ['Session key', <Mono key="k">{v.sessionAddress}</Mono>],
              ]}
            />
          </section>
          {series && history.data && (
            <section aria-labelledby="history-chart">
              <h2 id="history-chart">Standing over time</h2>
              {history.data.history.length === 0 && <p>No standing changes yet: the charts show the current value only.</p>}
              <div className="two-col" data-testid="standing-charts">
                <LineChart
                  title="Reputation over time (0–1000)"
                  description={`Reputation after each of ${history.data.history.length} standing changes, now ${v.reputation}; the selection floor is ${FLOOR}.`}
                  series={[{ label: 'reputation', points: series.reputation }]}
                  yMax={1000}
                  reference={{ value: FLOOR, label: `floor ${FLOOR}` }}
                />
                <LineChart
                  title="Governance weight over time"
                  description={`Selection weight after each standing change, now ${v.governanceWeight.toFixed(3)}.`}
                  series={[{ label: 'weight', points: series.weight }]}
                  format={(n) => n.toFixed(2)}
                />
              </div>
            </section>
          )}
          <div className="two-col">
            <SanctionForm v={v} onDone={reload} />
            <ReinstateForm v={v} onDone={reload} />
          </div>
          {history.data && history.data.history.length > 0 && (
            <section aria-labelledby="history-table">
              <h2 id="history-table">Standing history</h2>
              <Table<StandingChange>
                label="Standing history"
                rows={history.data.history}
                rowKey={(h) => h.id}
                columns={[
                  { header: 'When', cell: (h) => formatDate(h.at) },
                  {
                    header: 'What',
                    cell: (h) => (
                      <>
                        {KIND_WORDS[h.kind] ?? h.kind}
                        {h.roundId && <div className="mono muted">round {h.roundId.slice(0, 8)}…</div>}
                      </>
                    ),
                  },
                  {
                    header: 'Reputation',
                    cell: (h) => (
                      <>
                        {h.reputationBefore} → {h.reputationAfter}
                        {delta(h.reputationBefore, h.reputationAfter)}
                      </>
                    ),
                  },
                  { header: 'Accuracy', cell: (h) => `${h.accuracyBefore.toFixed(3)} → ${h.accuracyAfter.toFixed(3)}` },
                  { header: 'Weight', cell: (h) => `${h.weightBefore.toFixed(3)} → ${h.weightAfter.toFixed(3)}` },
                  { header: 'Status', cell: (h) => <Badge value={h.statusAfter} /> },
                  { header: 'Reason', className: 'wrap', cell: (h) => h.reason || '—' },
                ]}
              />
            </section>
          )}
        </>
      )}
    </main>
  );
}
