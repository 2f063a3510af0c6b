import { useState } from 'react';
import { SelectField, TextField } from '../../components/Form';
import { Table } from '../../components/Table';
import { ActionResult, Badge } from '../../components/ui';
import { api, type BodyOf } from '../../lib/api';
import { formatDate } from '../../lib/format';
import { useAction } from '../../lib/hooks';
import { formatInt, formatMultiplier, multiplierToBps } from '../../lib/money';
import { signalWords } from '../../lib/quote';
import { intOrNull, SIGNALS, type Catalogue, type RuleEntry, type Surface } from '../lib/pricing';
import { retire } from './retire';

type RuleBody = BodyOf<'post', '/api/v1/operator/pricing/rules'>;
interface RuleDraft {
  name: string;
  surface: Surface;
  signal: string;
  minValue: string;
  multiplier: string;
}
const emptyRule: RuleDraft = { name: '', surface: 'SKILL', signal: 'capabilities', minValue: '', multiplier: '1.25' };
const draftOf = (r: RuleEntry): RuleDraft => ({
  name: r.name,
  surface: r.surface,
  signal: r.signal,
  minValue: String(r.minValue),
  multiplier: formatMultiplier(r.multiplierBps).slice(1),
});

/** A rule's fields: when a surface's signal reaches a threshold, multiply the base price. */
function RuleForm({
  initial,
  submitLabel,
  onSubmit,
  onCancel,
  busy,
}: {
  initial: RuleDraft;
  submitLabel: string;
  onSubmit: (body: RuleBody) => void;
  onCancel?: () => void;
  busy: boolean;
}) {
  const [d, setD] = useState(initial);
  const signals = SIGNALS[d.surface];
  const signal = signals.includes(d.signal) ? d.signal : signals[0]!;
  const bps = multiplierToBps(d.multiplier);
  const min = intOrNull(d.minValue);
  const valid = d.name.trim() !== '' && bps !== null && bps > 0 && min !== null && !Number.isNaN(min);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (valid) onSubmit({ name: d.name.trim(), surface: d.surface, signal: signal as RuleBody['signal'], minValue: min!, multiplierBps: bps! });
      }}
    >
      <div className="form-grid">
        <TextField label="Rule name" value={d.name} maxLength={200} onChange={(name) => setD({ ...d, name })} />
        <SelectField label="Surface" value={d.surface} onChange={(surface) => setD({ ...d, surface })} options={Object.keys(SIGNALS) as Surface[]} />
        <SelectField
          label="Signal"
          value={signal}
          onChange={(s) => setD({ ...d, signal: s })}
          options={signals.map((s) => ({ value: s, label: `${s} (${signalWords(s)})` }))}
        />
        <TextField
          label="Applies when the signal is at least"
          error={d.minValue !== '' && (min === null || Number.isNaN(min)) ? 'A whole number.' : null}
          inputMode="numeric"
          value={d.minValue}
          onChange={(minValue) => setD({ ...d, minValue })}
        />
        <TextField
          label="Multiplier"
          hint={bps ? `${formatMultiplier(bps)} = ${formatInt(bps)} basis points` : 'For example 1.25 (up to 4 decimals).'}
          error={d.multiplier !== '' && bps === null ? 'A number like 1.25.' : null}
          inputMode="decimal"
          value={d.multiplier}
          onChange={(multiplier) => setD({ ...d, multiplier })}
        />
      </div>
      <div className="actions">
        <button type="submit" disabled={busy || !valid}>
          {submitLabel}
        </button>
        {onCancel && (
          <button type="button" className="secondary" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}

export function Rules({ cat, reload }: { cat: Catalogue; reload: () => void }) {
  const a = useAction();
  const [editing, setEditing] = useState<RuleEntry | null>(null);
  const [formKey, setFormKey] = useState(0);
  return (
    <section className="card" aria-labelledby="rules">
      <h2 id="rules">Rules (multipliers on review-depth signals)</h2>
      <p className="hint">Per surface the applying multipliers multiply; in a mixed category the heaviest surface is used.</p>
      <Table
        label="Pricing rules"
        rows={cat.rules}
        rowKey={(r) => r.id}
        rowClassName={(r) => (r.status === 'ACTIVE' ? undefined : 'retired')}
        columns={[
          {
            header: 'Rule',
            rowHeader: true,
            cell: (r) => (
              <>
                {r.name} {r.status !== 'ACTIVE' && <Badge value={r.status} />}
              </>
            ),
          },
          { header: 'Surface', cell: (r) => r.surface },
          {
            header: 'Applies when',
            cell: (r) => (
              <>
                {signalWords(r.signal)} ≥ {formatInt(r.minValue)}
                <div className="mono muted">{r.signal}</div>
              </>
            ),
          },
          { header: 'Multiplier', cell: (r) => formatMultiplier(r.multiplierBps) },
          { header: 'Since', cell: (r) => formatDate(r.createdAt) },
          {
            header: 'Actions',
            cell: (r) =>
              r.status === 'ACTIVE' && (
                <div className="actions tight">
                  <button type="button" className="small secondary" aria-label={`Change rule ${r.name}`} onClick={() => setEditing(r)}>
                    Change
                  </button>
                  <button
                    type="button"
                    className="small danger"
                    aria-label={`Retire rule ${r.name}`}
                    disabled={a.busy !== null}
                    onClick={() => retire(a, `rule “${r.name}”`, '/api/v1/operator/pricing/rules/{id}/retire', r.id, reload)}
                  >
                    Retire
                  </button>
                </div>
              ),
          },
        ]}
      />
      {editing ? (
        <>
          <h3>Change rule “{editing.name}”</h3>
          <RuleForm
            key={editing.id}
            initial={draftOf(editing)}
            submitLabel="Save the change"
            busy={a.busy !== null}
            onCancel={() => setEditing(null)}
            onSubmit={(body) =>
              void a.run('change rule', async () => {
                await api.patch('/api/v1/operator/pricing/rules/{id}', { path: { id: editing.id }, body });
                setEditing(null);
                reload();
                return `Rule “${body.name}” changed (the old entry is retired).`;
              })
            }
          />
        </>
      ) : (
        <details>
          <summary>Add a rule</summary>
          <RuleForm
            key={formKey}
            initial={emptyRule}
            submitLabel="Add the rule"
            busy={a.busy !== null}
            onSubmit={(body) =>
              void a.run('add rule', async () => {
                await api.post('/api/v1/operator/pricing/rules', { body });
                setFormKey((k) => k + 1);
                reload();
                return `Rule “${body.name}” added.`;
              })
            }
          />
        </details>
      )}
      <ActionResult action={a} />
    </section>
  );
}
