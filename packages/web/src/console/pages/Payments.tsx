import { useState } from 'react';
import { ActionResult, Badge, ErrorMessage, Field, Loading, Mono, PageTitle, TableWrap } from '../../components/ui';
import { api } from '../../lib/api';
import { formatDate } from '../../lib/format';
import { useAction, useApi, useTitle } from '../../lib/hooks';
import { formatCredits, formatInt, formatMicros } from '../../lib/money';
import { Link } from '../../lib/router';
import { intOrNull, localToIso, PRODUCT_TYPES } from '../lib/pricing';

interface Methods {
  methods: Record<string, boolean>;
  chain: boolean;
}

const METHOD_INFO: Record<string, { name: string; what: string; chain?: boolean }> = {
  CREDITS: { name: 'Credits', what: 'Developers pay quotes from their credit balance.' },
  CHAIN_TRANSFER: {
    name: 'Direct USDC transfer',
    what: 'A transfer to the treasury, confirmed with its transaction hash (checked on chain; a hash pays once).',
    chain: true,
  },
  X402: { name: 'x402 (v2)', what: 'HTTP 402 with PAYMENT-REQUIRED; settled through the facilitator before any work.', chain: true },
  VOUCHER: { name: 'Vouchers', what: 'Codes you create below; the price is booked to promotions.' },
  WALLET: { name: 'Allow-listed wallets', what: 'Wallets on the list below submit free by signing the quote.' },
  OVERRIDE: { name: 'Operator free overrides', what: 'One free submission you grant to a developer below.' },
};

function MethodSwitches() {
  const m = useApi<Methods>('/api/v1/operator/payments/methods');
  const a = useAction();
  // The switch moves at once; if the server refuses, it moves back and the error is shown.
  const [pending, setPending] = useState<Record<string, boolean>>({});
  return (
    <section className="card" aria-labelledby="methods">
      <h2 id="methods">Payment methods</h2>
      {m.loading && !m.data && <Loading what="payment methods" />}
      <ErrorMessage error={m.error} title="Could not load the payment methods" />
      {m.data && (
        <>
          {!m.data.chain && <p className="hint">No chain is configured on this server: direct transfers and x402 cannot be used even when switched on.</p>}
          <TableWrap label="Payment methods">
            <table>
              <thead>
                <tr>
                  <th scope="col">Method</th>
                  <th scope="col">Accepted</th>
                  <th scope="col">What it means</th>
                </tr>
              </thead>
              <tbody>
                {Object.entries(m.data.methods).map(([k, saved]) => {
                  const on = pending[k] ?? saved;
                  const info = METHOD_INFO[k] ?? { name: k, what: '' };
                  return (
                    <tr key={k}>
                      <th scope="row">
                        {info.name}
                        <div className="mono muted">{k}</div>
                      </th>
                      <td>
                        <label className="checkbox switch">
                          <input
                            type="checkbox"
                            checked={on}
                            disabled={a.busy !== null}
                            onChange={(e) => {
                              const enabled = e.target.checked;
                              setPending((p) => ({ ...p, [k]: enabled }));
                              void a
                                .run(k, async () => {
                                  await api(`/api/v1/operator/payments/methods/${k}`, { method: 'PUT', body: { enabled } });
                                  m.reload();
                                  return `${info.name} ${enabled ? 'switched on' : 'switched off'}.`;
                                })
                                .then((ok) => {
                                  if (!ok)
                                    setPending((p) => {
                                      const { [k]: _drop, ...rest } = p;
                                      return rest;
                                    });
                                });
                            }}
                          />{' '}
                          {on ? 'on' : 'off'}
                          <span className="sr-only"> — accept {info.name}</span>
                        </label>
                      </td>
                      <td className="wrap">
                        {info.what}
                        {info.chain && !m.data!.chain && <span className="muted"> Needs a chain.</span>}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </TableWrap>
        </>
      )}
      <ActionResult action={a} title="The switch was not saved" />
    </section>
  );
}

interface TrialBalance {
  balanced: boolean;
  transactions: number;
  totals: Record<string, string>;
  unbalanced: Array<{ transactionId: string; currency: string; sum: string }>;
  negativeDeveloperBalances: number;
  accounts: Array<{ kind: string; ownerType: string; ownerId: string; currency: string; balance: string }>;
}

const amount = (currency: string, v: string) => (currency === 'USDC' ? `${formatMicros(v)} USDC` : `${formatInt(v)} credits`);

function Books() {
  const tb = useApi<TrialBalance>('/api/v1/operator/ledger/trial-balance');
  return (
    <section className="card" aria-labelledby="books">
      <h2 id="books">Books (trial balance)</h2>
      <div className="actions">
        <button type="button" className="secondary small" onClick={tb.reload}>
          Check again
        </button>
      </div>
      {tb.loading && !tb.data && <Loading what="the trial balance" />}
      <ErrorMessage error={tb.error} title="Could not compute the trial balance" />
      {tb.data && (
        <>
          <p className="books" data-testid="books-balance">
            Books balance: <span className={tb.data.balanced ? 'yes' : 'no'}>{tb.data.balanced ? 'yes' : 'NO'}</span>
          </p>
          <ul>
            <li>
              {formatInt(tb.data.transactions)} transactions; every currency sums to{' '}
              {Object.entries(tb.data.totals)
                .map(([c, v]) => `${v} ${c}`)
                .join(', ') || '0'}{' '}
              (must be 0).
            </li>
            <li>
              Unbalanced transactions:{' '}
              {tb.data.unbalanced.length === 0 ? 'none' : tb.data.unbalanced.map((u) => `${u.transactionId} (${u.currency} ${u.sum})`).join(', ')}.
            </li>
            <li>Developers with a negative balance: {tb.data.negativeDeveloperBalances}.</li>
          </ul>
          <details>
            <summary>Every account ({tb.data.accounts.length})</summary>
            <TableWrap label="Ledger accounts">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Account</th>
                    <th scope="col">Owner</th>
                    <th scope="col" className="num">
                      Balance
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {tb.data.accounts.map((x) => (
                    <tr key={`${x.kind}/${x.ownerType}/${x.ownerId}/${x.currency}`}>
                      <td className="mono">
                        {x.kind}/{x.ownerType}
                      </td>
                      <td className="mono">{x.ownerId}</td>
                      <td className="num">{amount(x.currency, x.balance)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          </details>
        </>
      )}
    </section>
  );
}

interface Voucher {
  code: string;
  maxUses: number | null;
  perDeveloperLimit: number | null;
  redeemed: number;
  expiresAt: string | null;
  status: string;
  note: string;
  createdAt: string;
}

function Vouchers() {
  const v = useApi<{ vouchers: Voucher[] }>('/api/v1/operator/payments/vouchers');
  const a = useAction();
  const [d, setD] = useState({ code: '', maxUses: '1', perDeveloperLimit: '', expiresAt: '', note: '' });
  const max = intOrNull(d.maxUses);
  const per = intOrNull(d.perDeveloperLimit);
  const ok = /^[A-Za-z0-9][A-Za-z0-9_-]{2,63}$/.test(d.code.trim()) && !Number.isNaN(max) && max !== 0 && !Number.isNaN(per) && per !== 0;
  return (
    <section className="card" aria-labelledby="vouchers">
      <h2 id="vouchers">Vouchers</h2>
      {v.loading && !v.data && <Loading what="vouchers" />}
      <ErrorMessage error={v.error} title="Could not load vouchers" />
      {v.data && v.data.vouchers.length === 0 && <p>No vouchers yet.</p>}
      {v.data && v.data.vouchers.length > 0 && (
        <TableWrap label="Vouchers">
          <table>
            <thead>
              <tr>
                <th scope="col">Code</th>
                <th scope="col">Used</th>
                <th scope="col">Per developer</th>
                <th scope="col">Expires</th>
                <th scope="col">Status</th>
                <th scope="col">Note</th>
                <th scope="col">Action</th>
              </tr>
            </thead>
            <tbody>
              {v.data.vouchers.map((x) => (
                <tr key={x.code}>
                  <th scope="row" className="mono">
                    {x.code}
                  </th>
                  <td>
                    {x.redeemed} / {x.maxUses ?? '∞'}
                  </td>
                  <td>{x.perDeveloperLimit ?? '—'}</td>
                  <td>{x.expiresAt ? formatDate(x.expiresAt) : 'never'}</td>
                  <td>
                    <Badge value={x.status} />
                  </td>
                  <td className="wrap">{x.note}</td>
                  <td>
                    {x.status === 'ACTIVE' && (
                      <button
                        type="button"
                        className="small danger"
                        aria-label={`Retire voucher ${x.code}`}
                        disabled={a.busy !== null}
                        onClick={() => {
                          if (!window.confirm(`Retire voucher ${x.code}? It stops working at once.`)) return;
                          void a.run('retire', async () => {
                            await api(`/api/v1/operator/payments/vouchers/${encodeURIComponent(x.code)}/retire`, { method: 'POST' });
                            v.reload();
                            return `Voucher ${x.code} retired.`;
                          });
                        }}
                      >
                        Retire
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      <details>
        <summary>Create a voucher</summary>
        <form
          onSubmit={async (e) => {
            e.preventDefault();
            if (!ok) return;
            await a.run('create', async () => {
              const r = await api<{ code: string }>('/api/v1/operator/payments/vouchers', {
                body: {
                  code: d.code.trim(),
                  maxUses: max,
                  perDeveloperLimit: per,
                  expiresAt: localToIso(d.expiresAt),
                  ...(d.note.trim() ? { note: d.note.trim() } : {}),
                },
              });
              setD({ code: '', maxUses: '1', perDeveloperLimit: '', expiresAt: '', note: '' });
              v.reload();
              return `Voucher ${r.code} created.`;
            });
          }}
        >
          <div className="form-grid">
            <Field label="Voucher code" hint="3–64 letters, digits, - or _; stored upper-case.">
              {(p) => <input {...p} value={d.code} maxLength={64} autoComplete="off" onChange={(e) => setD({ ...d, code: e.target.value })} />}
            </Field>
            <Field label="Uses in total" hint="1 = single use; empty = unlimited.">
              {(p) => <input {...p} inputMode="numeric" value={d.maxUses} onChange={(e) => setD({ ...d, maxUses: e.target.value })} />}
            </Field>
            <Field label="Uses per developer" hint="Empty = no per-developer limit.">
              {(p) => <input {...p} inputMode="numeric" value={d.perDeveloperLimit} onChange={(e) => setD({ ...d, perDeveloperLimit: e.target.value })} />}
            </Field>
            <Field label="Expires (your local time)" hint="Empty = never.">
              {(p) => <input {...p} type="datetime-local" value={d.expiresAt} onChange={(e) => setD({ ...d, expiresAt: e.target.value })} />}
            </Field>
            <Field label="Note (optional)">
              {(p) => <input {...p} value={d.note} maxLength={500} onChange={(e) => setD({ ...d, note: e.target.value })} />}
            </Field>
          </div>
          <button type="submit" disabled={a.busy !== null || !ok}>
            Create the voucher
          </button>
        </form>
      </details>
      <ActionResult action={a} />
    </section>
  );
}

interface WalletEntry {
  address: string;
  note: string;
  status: string;
  createdAt: string;
  retiredAt: string | null;
}

function Wallets() {
  const w = useApi<{ wallets: WalletEntry[] }>('/api/v1/operator/payments/wallets');
  const a = useAction();
  const [address, setAddress] = useState('');
  const [note, setNote] = useState('');
  const valid = /^0x[0-9a-fA-F]{40}$/.test(address.trim());
  return (
    <section className="card" aria-labelledby="wallets">
      <h2 id="wallets">Allow-listed wallets</h2>
      <p className="hint">
        A listed wallet submits free by signing <code>sigma:free-submission:&lt;quoteId&gt;</code> (EIP-191); the price is booked to promotions.
      </p>
      {w.loading && !w.data && <Loading what="wallets" />}
      <ErrorMessage error={w.error} title="Could not load the allow-list" />
      {w.data && w.data.wallets.length === 0 && <p>No wallet is allow-listed.</p>}
      {w.data && w.data.wallets.length > 0 && (
        <TableWrap label="Allow-listed wallets">
          <table>
            <thead>
              <tr>
                <th scope="col">Address</th>
                <th scope="col">Note</th>
                <th scope="col">Since</th>
                <th scope="col">Status</th>
                <th scope="col">Action</th>
              </tr>
            </thead>
            <tbody>
              {w.data.wallets.map((x) => (
                <tr key={`${x.address}-${x.createdAt}`}>
                  <th scope="row">
                    <Mono>{x.address}</Mono>
                  </th>
                  <td className="wrap">{x.note}</td>
                  <td>{formatDate(x.createdAt)}</td>
                  <td>
                    <Badge value={x.status} />
                  </td>
                  <td>
                    {x.status === 'ACTIVE' && (
                      <button
                        type="button"
                        className="small danger"
                        aria-label={`Remove wallet ${x.address}`}
                        disabled={a.busy !== null}
                        onClick={() =>
                          void a.run('remove', async () => {
                            await api(`/api/v1/operator/payments/wallets/${x.address}`, { method: 'DELETE' });
                            w.reload();
                            return `Wallet ${x.address} removed from the allow-list.`;
                          })
                        }
                      >
                        Remove
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      <form
        className="inline-form"
        onSubmit={async (e) => {
          e.preventDefault();
          if (!valid) return;
          await a.run('allow', async () => {
            await api('/api/v1/operator/payments/wallets', { body: { address: address.trim(), note: note.trim() } });
            setAddress('');
            setNote('');
            w.reload();
            return 'Wallet allow-listed.';
          });
        }}
      >
        <Field label="Wallet address" error={address !== '' && !valid ? 'An EVM address: 0x and 40 hex digits.' : null}>
          {(p) => <input {...p} className="mono" value={address} autoComplete="off" spellCheck={false} onChange={(e) => setAddress(e.target.value)} />}
        </Field>
        <Field label="Note">{(p) => <input {...p} value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} />}</Field>
        <button type="submit" disabled={a.busy !== null || !valid}>
          Allow-list
        </button>
      </form>
      <ActionResult action={a} />
    </section>
  );
}

interface Override {
  id: string;
  developerId: string;
  productType: string | null;
  reason: string;
  createdAt: string;
  usedAt: string | null;
  submissionId: string | null;
  revokedAt: string | null;
}

const DEV_ID_HINT = 'The 24-hex developer id: in the queue’s Developer column, or on the developer’s Credits page.';

function Overrides() {
  const o = useApi<{ overrides: Override[] }>('/api/v1/operator/payments/free-overrides');
  const a = useAction();
  const [d, setD] = useState({ developerId: '', productType: '', reason: '' });
  const valid = /^[0-9a-f]{24}$/.test(d.developerId.trim()) && d.reason.trim().length >= 5;
  return (
    <section className="card" aria-labelledby="overrides">
      <h2 id="overrides">Free overrides (one free submission)</h2>
      {o.loading && !o.data && <Loading what="overrides" />}
      <ErrorMessage error={o.error} title="Could not load the overrides" />
      {o.data && o.data.overrides.length === 0 && <p>No overrides granted.</p>}
      {o.data && o.data.overrides.length > 0 && (
        <TableWrap label="Free overrides">
          <table>
            <thead>
              <tr>
                <th scope="col">Developer</th>
                <th scope="col">Category</th>
                <th scope="col">Reason</th>
                <th scope="col">Granted</th>
                <th scope="col">State</th>
              </tr>
            </thead>
            <tbody>
              {o.data.overrides.map((x) => (
                <tr key={x.id}>
                  <td className="mono">{x.developerId}</td>
                  <td>{x.productType ?? 'any'}</td>
                  <td className="wrap">{x.reason}</td>
                  <td>{formatDate(x.createdAt)}</td>
                  <td>
                    {x.usedAt ? (
                      <>
                        used {formatDate(x.usedAt)}
                        {x.submissionId && (
                          <>
                            {' '}
                            (<Link to={`/console/submissions/${x.submissionId}`}>submission</Link>)
                          </>
                        )}
                      </>
                    ) : x.revokedAt ? (
                      `revoked ${formatDate(x.revokedAt)}`
                    ) : (
                      <button
                        type="button"
                        className="small danger"
                        aria-label={`Revoke the override for ${x.developerId}`}
                        disabled={a.busy !== null}
                        onClick={() =>
                          void a.run('revoke', async () => {
                            await api(`/api/v1/operator/payments/free-overrides/${x.id}/revoke`, { method: 'POST' });
                            o.reload();
                            return 'Override revoked.';
                          })
                        }
                      >
                        Revoke
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      <details>
        <summary>Grant a free submission</summary>
        <form
          onSubmit={async (e) => {
            e.preventDefault();
            if (!valid) return;
            await a.run('grant', async () => {
              await api('/api/v1/operator/payments/free-overrides', {
                body: { developerId: d.developerId.trim(), productType: d.productType || null, reason: d.reason.trim() },
              });
              setD({ developerId: '', productType: '', reason: '' });
              o.reload();
              return 'Free submission granted.';
            });
          }}
        >
          <div className="form-grid">
            <Field label="Developer id" hint={DEV_ID_HINT}>
              {(p) => <input {...p} className="mono" value={d.developerId} autoComplete="off" onChange={(e) => setD({ ...d, developerId: e.target.value })} />}
            </Field>
            <Field label="Only for category">
              {(p) => (
                <select {...p} value={d.productType} onChange={(e) => setD({ ...d, productType: e.target.value })}>
                  <option value="">Any category</option>
                  {PRODUCT_TYPES.map((t) => (
                    <option key={t}>{t}</option>
                  ))}
                </select>
              )}
            </Field>
          </div>
          <Field label="Reason" hint="At least 5 characters; audited.">
            {(p) => <textarea {...p} value={d.reason} maxLength={2000} onChange={(e) => setD({ ...d, reason: e.target.value })} />}
          </Field>
          <button type="submit" disabled={a.busy !== null || !valid}>
            Grant
          </button>
        </form>
      </details>
      <ActionResult action={a} />
    </section>
  );
}

function CreditGrant() {
  const a = useAction();
  const [d, setD] = useState({ developerId: '', credits: '', reason: '' });
  const n = intOrNull(d.credits);
  const valid = /^[0-9a-f]{24}$/.test(d.developerId.trim()) && n !== null && !Number.isNaN(n) && n > 0 && d.reason.trim().length >= 5;
  return (
    <section className="card" aria-labelledby="grants">
      <h2 id="grants">Grant credits</h2>
      <p className="hint">Booked to the promotions budget; the developer sees it in their ledger with your reason.</p>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          if (!valid) return;
          await a.run('grant', async () => {
            const r = await api<{ transactionId: string; credits: number }>('/api/v1/operator/payments/credit-grants', {
              body: { developerId: d.developerId.trim(), credits: n, reason: d.reason.trim() },
            });
            setD({ developerId: '', credits: '', reason: '' });
            return `Granted ${formatCredits(n!)}; the developer's balance is now ${formatCredits(r.credits)} (transaction ${r.transactionId}).`;
          });
        }}
      >
        <div className="form-grid">
          <Field label="Developer id to credit" hint={DEV_ID_HINT}>
            {(p) => <input {...p} className="mono" value={d.developerId} autoComplete="off" onChange={(e) => setD({ ...d, developerId: e.target.value })} />}
          </Field>
          <Field label="Credits to grant">
            {(p) => <input {...p} inputMode="numeric" value={d.credits} onChange={(e) => setD({ ...d, credits: e.target.value })} />}
          </Field>
        </div>
        <Field label="Reason for the grant" hint="At least 5 characters; audited and shown to the developer.">
          {(p) => <textarea {...p} value={d.reason} maxLength={2000} onChange={(e) => setD({ ...d, reason: e.target.value })} />}
        </Field>
        <button type="submit" disabled={a.busy !== null || !valid}>
          Grant credits
        </button>
      </form>
      <ActionResult action={a} title="The grant was not made" />
    </section>
  );
}

export function PaymentsPage() {
  useTitle('Payments');
  return (
    <main className="page" id="main">
      <PageTitle>Payments</PageTitle>
      <p>
        Methods, free routes and grants; prices are on the <Link to="/console/pricing">pricing catalogue</Link>. Every change is in the audit log.
      </p>
      <Books />
      <MethodSwitches />
      <Vouchers />
      <Wallets />
      <Overrides />
      <CreditGrant />
    </main>
  );
}
