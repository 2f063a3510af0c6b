import { useState } from 'react';
import { ActionResult, Badge, ErrorMessage, Field, Loading, PageTitle, Progress, TableWrap } from '../../components/ui';
import { api } from '../../lib/api';
import { formatDate } from '../../lib/format';
import { useAction, useApi, useTitle, type Action } from '../../lib/hooks';
import { creditsToUsdc, formatCredits, formatInt, formatMultiplier, formatPercentBps, multiplierToBps, percentToBps } from '../../lib/money';
import { signalWords } from '../../lib/quote';
import {
  campaignState,
  intOrNull,
  isoToLocal,
  localToIso,
  PRODUCT_TYPES,
  SIGNALS,
  type CampaignEntry,
  type Catalogue,
  type RuleEntry,
  type Surface,
} from '../lib/pricing';

const retire = (a: Action, what: string, path: string, reload: () => void) => {
  if (!window.confirm(`Retire ${what}? Quotes already made keep their price; new quotes stop using it.`)) return;
  void a.run(`retire ${path}`, async () => {
    await api(path, { method: 'POST' });
    reload();
    return `Retired ${what}.`;
  });
};

function Categories({ cat, reload }: { cat: Catalogue; reload: () => void }) {
  const a = useAction();
  const [prices, setPrices] = useState<Record<string, string>>({});
  const active = cat.categories.filter((c) => c.status === 'ACTIVE');
  const missing = PRODUCT_TYPES.filter((t) => !active.some((c) => c.productType === t));
  const [newType, setNewType] = useState('');
  const [newPrice, setNewPrice] = useState('');
  const type = missing.includes(newType as (typeof PRODUCT_TYPES)[number]) ? newType : (missing[0] ?? '');
  return (
    <section className="card" aria-labelledby="categories">
      <h2 id="categories">Categories (base prices)</h2>
      <p className="hint">A change retires the entry and creates a new one, so every stored quote keeps the exact price it was made with.</p>
      <TableWrap label="Category prices">
        <table>
          <thead>
            <tr>
              <th scope="col">Category</th>
              <th scope="col" className="num">
                Base price
              </th>
              <th scope="col">Since</th>
              <th scope="col">Change</th>
            </tr>
          </thead>
          <tbody>
            {cat.categories.map((c) => {
              const v = prices[c.id] ?? '';
              const n = intOrNull(v);
              return (
                <tr key={c.id} className={c.status === 'ACTIVE' ? '' : 'retired'}>
                  <th scope="row">
                    {c.productType} {c.status !== 'ACTIVE' && <Badge value={c.status} />}
                  </th>
                  <td className="num">
                    {formatCredits(c.baseCredits)}
                    <div className="muted">{creditsToUsdc(c.baseCredits)} USDC</div>
                  </td>
                  <td>
                    {formatDate(c.createdAt)}
                    {c.retiredAt && <div className="muted">retired {formatDate(c.retiredAt)}</div>}
                  </td>
                  <td>
                    {c.status === 'ACTIVE' && (
                      <form
                        className="row-form"
                        onSubmit={async (e) => {
                          e.preventDefault();
                          if (n === null || Number.isNaN(n)) return;
                          await a.run(`change ${c.id}`, async () => {
                            await api(`/api/v1/operator/pricing/categories/${c.id}`, { method: 'PATCH', body: { baseCredits: n } });
                            setPrices((p) => ({ ...p, [c.id]: '' }));
                            reload();
                            return `${c.productType} now costs ${formatCredits(n)} (${creditsToUsdc(n)} USDC).`;
                          });
                        }}
                      >
                        <label className="sr-only" htmlFor={`price-${c.id}`}>
                          New base price for {c.productType} (credits)
                        </label>
                        <input
                          id={`price-${c.id}`}
                          inputMode="numeric"
                          className="narrow"
                          placeholder={String(c.baseCredits)}
                          value={v}
                          onChange={(e) => setPrices((p) => ({ ...p, [c.id]: e.target.value }))}
                        />
                        <button
                          type="submit"
                          className="small"
                          disabled={a.busy !== null || n === null || Number.isNaN(n)}
                          aria-label={`Change the ${c.productType} price`}
                        >
                          Change
                        </button>
                        <button
                          type="button"
                          className="small danger"
                          disabled={a.busy !== null}
                          aria-label={`Retire the ${c.productType} price`}
                          onClick={() => retire(a, `the ${c.productType} price`, `/api/v1/operator/pricing/categories/${c.id}/retire`, reload)}
                        >
                          Retire
                        </button>
                      </form>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableWrap>
      {missing.length > 0 && (
        <form
          className="inline-form"
          onSubmit={async (e) => {
            e.preventDefault();
            const n = intOrNull(newPrice);
            if (n === null || Number.isNaN(n)) return;
            await a.run('create category', async () => {
              await api('/api/v1/operator/pricing/categories', { body: { productType: type, baseCredits: n } });
              setNewPrice('');
              reload();
              return `${type} priced at ${formatCredits(n)}.`;
            });
          }}
        >
          <Field label="Category without a price">
            {(p) => (
              <select {...p} value={type} onChange={(e) => setNewType(e.target.value)}>
                {missing.map((t) => (
                  <option key={t}>{t}</option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Base price (credits)">
            {(p) => <input {...p} inputMode="numeric" value={newPrice} onChange={(e) => setNewPrice(e.target.value)} />}
          </Field>
          <button type="submit" disabled={a.busy !== null || !/^\d+$/.test(newPrice.trim())}>
            Price it
          </button>
        </form>
      )}
      {a.busy && <Progress label="Saving…" />}
      <ActionResult action={a} />
    </section>
  );
}

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

function RuleForm({
  initial,
  submitLabel,
  onSubmit,
  onCancel,
  busy,
}: {
  initial: RuleDraft;
  submitLabel: string;
  onSubmit: (body: { name: string; surface: Surface; signal: string; minValue: number; multiplierBps: number }) => void;
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
        if (valid) onSubmit({ name: d.name.trim(), surface: d.surface, signal, minValue: min!, multiplierBps: bps! });
      }}
    >
      <div className="form-grid">
        <Field label="Rule name">{(p) => <input {...p} value={d.name} maxLength={200} onChange={(e) => setD({ ...d, name: e.target.value })} />}</Field>
        <Field label="Surface">
          {(p) => (
            <select {...p} value={d.surface} onChange={(e) => setD({ ...d, surface: e.target.value as Surface })}>
              {Object.keys(SIGNALS).map((s) => (
                <option key={s}>{s}</option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Signal">
          {(p) => (
            <select {...p} value={signal} onChange={(e) => setD({ ...d, signal: e.target.value })}>
              {signals.map((s) => (
                <option key={s} value={s}>
                  {s} ({signalWords(s)})
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Applies when the signal is at least" error={d.minValue !== '' && (min === null || Number.isNaN(min)) ? 'A whole number.' : null}>
          {(p) => <input {...p} inputMode="numeric" value={d.minValue} onChange={(e) => setD({ ...d, minValue: e.target.value })} />}
        </Field>
        <Field
          label="Multiplier"
          hint={bps ? `${formatMultiplier(bps)} = ${formatInt(bps)} basis points` : 'For example 1.25 (up to 4 decimals).'}
          error={d.multiplier !== '' && bps === null ? 'A number like 1.25.' : null}
        >
          {(p) => <input {...p} inputMode="decimal" value={d.multiplier} onChange={(e) => setD({ ...d, multiplier: e.target.value })} />}
        </Field>
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

function Rules({ cat, reload }: { cat: Catalogue; reload: () => void }) {
  const a = useAction();
  const [editing, setEditing] = useState<RuleEntry | null>(null);
  const [formKey, setFormKey] = useState(0);
  return (
    <section className="card" aria-labelledby="rules">
      <h2 id="rules">Rules (multipliers on review-depth signals)</h2>
      <p className="hint">Per surface the applying multipliers multiply; in a mixed category the heaviest surface is used.</p>
      <TableWrap label="Pricing rules">
        <table>
          <thead>
            <tr>
              <th scope="col">Rule</th>
              <th scope="col">Surface</th>
              <th scope="col">Applies when</th>
              <th scope="col">Multiplier</th>
              <th scope="col">Since</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {cat.rules.map((r) => (
              <tr key={r.id} className={r.status === 'ACTIVE' ? '' : 'retired'}>
                <th scope="row">
                  {r.name} {r.status !== 'ACTIVE' && <Badge value={r.status} />}
                </th>
                <td>{r.surface}</td>
                <td>
                  {signalWords(r.signal)} ≥ {formatInt(r.minValue)}
                  <div className="mono muted">{r.signal}</div>
                </td>
                <td>{formatMultiplier(r.multiplierBps)}</td>
                <td>{formatDate(r.createdAt)}</td>
                <td>
                  {r.status === 'ACTIVE' && (
                    <div className="actions tight">
                      <button type="button" className="small secondary" aria-label={`Change rule ${r.name}`} onClick={() => setEditing(r)}>
                        Change
                      </button>
                      <button
                        type="button"
                        className="small danger"
                        aria-label={`Retire rule ${r.name}`}
                        disabled={a.busy !== null}
                        onClick={() => retire(a, `rule “${r.name}”`, `/api/v1/operator/pricing/rules/${r.id}/retire`, reload)}
                      >
                        Retire
                      </button>
                    </div>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
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
                await api(`/api/v1/operator/pricing/rules/${editing.id}`, { method: 'PATCH', body });
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
                await api('/api/v1/operator/pricing/rules', { body });
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

function PackageFee({ cat, reload }: { cat: Catalogue; reload: () => void }) {
  const a = useAction();
  const current = cat.packageFees.find((f) => f.status === 'ACTIVE') ?? null;
  const [value, setValue] = useState('');
  const n = intOrNull(value);
  return (
    <section className="card" aria-labelledby="package-fee">
      <h2 id="package-fee">Per-package fee</h2>
      <p>
        {current ? (
          <>
            <strong>{formatCredits(current.creditsPerPackage)}</strong> per dependency not yet certified (categories ending in <code>_PACKAGES</code>), since{' '}
            {formatDate(current.createdAt)}.
          </>
        ) : (
          'No package fee: dependencies add nothing to the price.'
        )}
      </p>
      <form
        className="inline-form"
        onSubmit={async (e) => {
          e.preventDefault();
          if (n === null || Number.isNaN(n)) return;
          await a.run('set fee', async () => {
            await api('/api/v1/operator/pricing/package-fee', { method: 'PUT', body: { creditsPerPackage: n } });
            setValue('');
            reload();
            return `The package fee is now ${formatCredits(n)}.`;
          });
        }}
      >
        <Field label="Credits per package">
          {(p) => (
            <input
              {...p}
              inputMode="numeric"
              value={value}
              placeholder={current ? String(current.creditsPerPackage) : ''}
              onChange={(e) => setValue(e.target.value)}
            />
          )}
        </Field>
        <button type="submit" disabled={a.busy !== null || n === null || Number.isNaN(n)}>
          {current ? 'Change the fee' : 'Set the fee'}
        </button>
        {current && (
          <button
            type="button"
            className="danger"
            disabled={a.busy !== null}
            onClick={() => retire(a, 'the package fee', `/api/v1/operator/pricing/package-fee/${current.id}/retire`, reload)}
          >
            Retire the fee
          </button>
        )}
      </form>
      <ActionResult action={a} />
    </section>
  );
}

interface CampaignDraft {
  name: string;
  kind: 'FIRST_N' | 'WINDOW';
  productType: string;
  discount: string;
  maxRedemptions: string;
  perDeveloperLimit: string;
  startsAt: string;
  endsAt: string;
}
const emptyCampaign: CampaignDraft = {
  name: '',
  kind: 'FIRST_N',
  productType: '',
  discount: '25',
  maxRedemptions: '100',
  perDeveloperLimit: '1',
  startsAt: '',
  endsAt: '',
};
const campaignDraft = (c: CampaignEntry): CampaignDraft => ({
  name: c.name,
  kind: c.kind,
  productType: c.productType ?? '',
  discount: formatPercentBps(c.discountBps).replace('%', ''),
  maxRedemptions: c.maxRedemptions === null ? '' : String(c.maxRedemptions),
  perDeveloperLimit: c.perDeveloperLimit === null ? '' : String(c.perDeveloperLimit),
  startsAt: isoToLocal(c.startsAt),
  endsAt: isoToLocal(c.endsAt),
});

function CampaignForm({
  initial,
  submitLabel,
  busy,
  onSubmit,
  onCancel,
}: {
  initial: CampaignDraft;
  submitLabel: string;
  busy: boolean;
  onSubmit: (body: Record<string, unknown>) => void;
  onCancel?: () => void;
}) {
  const [d, setD] = useState(initial);
  const bps = percentToBps(d.discount);
  const max = intOrNull(d.maxRedemptions);
  const per = intOrNull(d.perDeveloperLimit);
  const problems = [
    d.name.trim() === '' ? 'a name' : null,
    bps === null || bps < 1 || bps > 10_000 ? 'a discount between 0.01 and 100 %' : null,
    Number.isNaN(max) || max === 0 ? 'a whole maximum above zero (or empty)' : null,
    d.kind === 'FIRST_N' && max === null ? 'a maximum number of redemptions for a first-N campaign' : null,
    Number.isNaN(per) || per === 0 ? 'a whole per-developer limit above zero (or empty)' : null,
    d.kind === 'WINDOW' && !d.endsAt ? 'an end for a time-window campaign' : null,
  ].filter(Boolean);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (problems.length) return;
        onSubmit({
          name: d.name.trim(),
          kind: d.kind,
          productType: d.productType || null,
          discountBps: bps,
          maxRedemptions: max,
          perDeveloperLimit: per,
          startsAt: localToIso(d.startsAt),
          endsAt: localToIso(d.endsAt),
        });
      }}
    >
      <div className="form-grid">
        <Field label="Campaign name">{(p) => <input {...p} value={d.name} maxLength={200} onChange={(e) => setD({ ...d, name: e.target.value })} />}</Field>
        <Field label="Kind">
          {(p) => (
            <select {...p} value={d.kind} onChange={(e) => setD({ ...d, kind: e.target.value as CampaignDraft['kind'] })}>
              <option value="FIRST_N">First N redemptions</option>
              <option value="WINDOW">Time window</option>
            </select>
          )}
        </Field>
        <Field label="For category">
          {(p) => (
            <select {...p} value={d.productType} onChange={(e) => setD({ ...d, productType: e.target.value })}>
              <option value="">Every category</option>
              {PRODUCT_TYPES.map((t) => (
                <option key={t}>{t}</option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Discount (%)" hint={bps ? `${formatPercentBps(bps)} off the list price, rounded down to the credit.` : undefined}>
          {(p) => <input {...p} inputMode="decimal" value={d.discount} onChange={(e) => setD({ ...d, discount: e.target.value })} />}
        </Field>
        <Field label="Maximum redemptions" hint="Empty = no limit (time windows).">
          {(p) => <input {...p} inputMode="numeric" value={d.maxRedemptions} onChange={(e) => setD({ ...d, maxRedemptions: e.target.value })} />}
        </Field>
        <Field label="Per developer" hint="Empty = no limit.">
          {(p) => <input {...p} inputMode="numeric" value={d.perDeveloperLimit} onChange={(e) => setD({ ...d, perDeveloperLimit: e.target.value })} />}
        </Field>
        <Field label="Starts (your local time)" hint="Empty = now.">
          {(p) => <input {...p} type="datetime-local" value={d.startsAt} onChange={(e) => setD({ ...d, startsAt: e.target.value })} />}
        </Field>
        <Field label="Ends (your local time)" hint="Empty = open-ended.">
          {(p) => <input {...p} type="datetime-local" value={d.endsAt} onChange={(e) => setD({ ...d, endsAt: e.target.value })} />}
        </Field>
      </div>
      {problems.length > 0 && <p className="hint">Still needed: {problems.join('; ')}.</p>}
      <div className="actions">
        <button type="submit" disabled={busy || problems.length > 0}>
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

function Campaigns({ cat, reload }: { cat: Catalogue; reload: () => void }) {
  const a = useAction();
  const [editing, setEditing] = useState<CampaignEntry | null>(null);
  const [formKey, setFormKey] = useState(0);
  const [now] = useState(() => Date.now());
  return (
    <section className="card" aria-labelledby="campaigns">
      <h2 id="campaigns">Campaigns</h2>
      <p className="hint">A quote reserves a slot until it expires; paying uses it up. Counters cannot oversell and are kept when a campaign changes.</p>
      {cat.campaigns.length === 0 ? (
        <p>No campaigns.</p>
      ) : (
        <TableWrap label="Campaigns">
          <table>
            <thead>
              <tr>
                <th scope="col">Campaign</th>
                <th scope="col">Discount</th>
                <th scope="col">Used</th>
                <th scope="col">Window</th>
                <th scope="col">State</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {cat.campaigns.map((c) => (
                <tr key={c.id}>
                  <th scope="row">
                    {c.name}
                    <div className="muted">
                      {c.kind === 'FIRST_N' ? 'first N' : 'time window'} · {c.productType ?? 'every category'}
                      {c.perDeveloperLimit !== null && ` · ${c.perDeveloperLimit} per developer`}
                    </div>
                  </th>
                  <td>{formatPercentBps(c.discountBps)} off</td>
                  <td>
                    <div className="meter-row">
                      {c.maxRedemptions !== null && (
                        <meter min={0} max={c.maxRedemptions} value={c.redeemed} aria-label={`${c.name}: ${c.redeemed} of ${c.maxRedemptions} used`} />
                      )}
                      <span data-testid={`campaign-used-${c.id}`}>
                        {formatInt(c.redeemed)} / {c.maxRedemptions === null ? '∞' : formatInt(c.maxRedemptions)}
                      </span>
                    </div>
                  </td>
                  <td>
                    {c.startsAt ? formatDate(c.startsAt) : 'from the start'}
                    <br />
                    {c.endsAt ? `to ${formatDate(c.endsAt)}` : 'no end'}
                  </td>
                  <td>
                    <Badge value={campaignState(c, now).toUpperCase()} />
                  </td>
                  <td>
                    {c.status === 'ACTIVE' && (
                      <div className="actions tight">
                        <button type="button" className="small secondary" aria-label={`Change campaign ${c.name}`} onClick={() => setEditing(c)}>
                          Change
                        </button>
                        <button
                          type="button"
                          className="small danger"
                          aria-label={`Retire campaign ${c.name}`}
                          disabled={a.busy !== null}
                          onClick={() => retire(a, `campaign “${c.name}”`, `/api/v1/operator/pricing/campaigns/${c.id}/retire`, reload)}
                        >
                          Retire
                        </button>
                      </div>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {editing ? (
        <>
          <h3>
            Change campaign “{editing.name}” (its counter stays at {editing.redeemed})
          </h3>
          <CampaignForm
            key={editing.id}
            initial={campaignDraft(editing)}
            submitLabel="Save the change"
            busy={a.busy !== null}
            onCancel={() => setEditing(null)}
            onSubmit={(body) =>
              void a.run('change campaign', async () => {
                await api(`/api/v1/operator/pricing/campaigns/${editing.id}`, { method: 'PATCH', body });
                setEditing(null);
                reload();
                return `Campaign “${String(body.name)}” changed.`;
              })
            }
          />
        </>
      ) : (
        <details>
          <summary>Start a campaign</summary>
          <CampaignForm
            key={formKey}
            initial={emptyCampaign}
            submitLabel="Start the campaign"
            busy={a.busy !== null}
            onSubmit={(body) =>
              void a.run('create campaign', async () => {
                await api('/api/v1/operator/pricing/campaigns', { body });
                setFormKey((k) => k + 1);
                reload();
                return `Campaign “${String(body.name)}” started.`;
              })
            }
          />
        </details>
      )}
      <ActionResult action={a} />
    </section>
  );
}

export function PricingPage() {
  useTitle('Pricing catalogue');
  const [all, setAll] = useState(false);
  const cat = useApi<Catalogue>(`/api/v1/operator/pricing/catalogue?all=${all}`);
  return (
    <main className="page" id="main">
      <PageTitle>Pricing catalogue</PageTitle>
      <p>Prices are in credits (1 USDC = 100 credits). Every quote is priced from these entries and explains itself; every change is in the audit log.</p>
      <label className="checkbox">
        <input type="checkbox" checked={all} onChange={(e) => setAll(e.target.checked)} /> Show retired entries too
      </label>
      {cat.loading && !cat.data && <Loading what="the catalogue" />}
      <ErrorMessage error={cat.error} title="Could not load the catalogue" />
      {cat.data && (
        <>
          <Categories cat={cat.data} reload={cat.reload} />
          <Rules cat={cat.data} reload={cat.reload} />
          <PackageFee cat={cat.data} reload={cat.reload} />
          <Campaigns cat={cat.data} reload={cat.reload} />
        </>
      )}
    </main>
  );
}
