import { useMemo, useState } from 'react';
import { LineChart, type Point } from '../../components/Chart';
import { TextField } from '../../components/Form';
import { Table } from '../../components/Table';
import { Badge, ErrorMessage, Loading, Mono, PageTitle } from '../../components/ui';
import { api } from '../../lib/api';
import { formatDate } from '../../lib/format';
import { creditsToUsdc, formatCredits, formatInt } from '../../lib/money';
import { useApi, useTitle, type Loaded } from '../../lib/hooks';
import { loadedAs, openAs } from '../../lib/open-responses';
import { DashboardNav, RequireDeveloper } from '../session';
import { offMethods, type Intent, type LedgerLine, type PaymentMethods } from '../payments/common';
import { LedgerTable } from '../payments/LedgerTable';
import { TransferIntent } from '../payments/TransferIntent';
import { VoucherCheck } from '../payments/VoucherCheck';
import { X402Instructions } from '../payments/X402Instructions';
import type { Me } from '../session';

/**
 * The balance after each movement, oldest first, from the newest-first ledger and today's balance
 * (the balance is derived from the same entries, so walking back from it is exact).
 */
export function balanceSeries(balance: number, history: readonly LedgerLine[], now: number): Point[] {
  const points: Point[] = [{ t: now, v: balance }];
  let b = balance;
  for (const h of history) {
    points.push({ t: Date.parse(h.at), v: b });
    b -= h.credits;
  }
  if (history.length > 0) points.push({ t: Date.parse(history[history.length - 1]!.at), v: b });
  return points.reverse();
}

function BuyCredits({ methods, onBooked }: { methods: PaymentMethods; onBooked: () => void }) {
  const [amount, setAmount] = useState('500');
  const [payer, setPayer] = useState('');
  const [intent, setIntent] = useState<Intent | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const n = /^\d{1,8}$/.test(amount.trim()) ? Number(amount.trim()) : NaN;
  const valid = Number.isInteger(n) && n > 0;
  const transfer = methods.methods.CHAIN_TRANSFER && methods.chain;
  const x402 = methods.methods.X402 && methods.chain;
  return (
    <section className="card" aria-labelledby="buy">
      <h2 id="buy">Buy credits</h2>
      {!methods.chain && <p>This server has no chain configured, so credits cannot be bought here; an operator can grant them, and vouchers still work.</p>}
      {methods.chain && !transfer && !x402 && <p>Buying credits is switched off on this deployment ({offMethods(methods)} off).</p>}
      {(transfer || x402) && (
        <>
          <TextField
            label="Credits to buy"
            hint={valid ? `${formatCredits(n)} = ${creditsToUsdc(n)} USDC (1 USDC = 100 credits).` : 'A whole number of credits.'}
            error={amount !== '' && !valid ? 'Give a whole number above zero.' : null}
            inputMode="numeric"
            value={amount}
            onChange={setAmount}
          />
          {x402 && (
            <>
              <h3>With x402 (CLI, gasless)</h3>
              <X402Instructions what="topup" credits={valid ? n : undefined} />
            </>
          )}
          {transfer && (
            <>
              <h3>With a direct USDC transfer</h3>
              {!intent || intent.status === 'CONSUMED' || intent.status === 'EXPIRED' ? (
                <>
                  <TextField
                    label="Paying wallet for the transfer (optional)"
                    hint="If given, only a transfer from this address pays the intent."
                    mono
                    value={payer}
                    autoComplete="off"
                    spellCheck={false}
                    onChange={setPayer}
                  />
                  <button
                    type="button"
                    disabled={!valid || busy}
                    onClick={async () => {
                      setBusy(true);
                      setError(null);
                      try {
                        setIntent(
                          openAs<Intent>(
                            await api.post('/api/v1/dev/payment-intents', { body: { credits: n, ...(payer.trim() ? { payer: payer.trim() } : {}) } }),
                          ),
                        );
                      } catch (err) {
                        setError(err);
                      } finally {
                        setBusy(false);
                      }
                    }}
                  >
                    {busy ? 'Opening…' : `Open a transfer intent for ${valid ? formatCredits(n) : 'credits'}`}
                  </button>
                </>
              ) : null}
              {intent && (
                <TransferIntent
                  intent={intent}
                  onChange={(i) => {
                    setIntent(i);
                    if (i.status === 'CONFIRMED' || i.status === 'CONSUMED') onBooked();
                  }}
                />
              )}
              <ErrorMessage error={error} title="Could not open the intent" />
            </>
          )}
        </>
      )}
    </section>
  );
}

function Intents({ intents, onBooked }: { intents: Loaded<{ intents: Intent[] }>; onBooked: () => void }) {
  const [open, setOpen] = useState<Intent | null>(null);
  if (intents.loading && !intents.data) return <Loading what="your payment intents" />;
  if (intents.error) return <ErrorMessage error={intents.error} title="Could not load your payment intents" />;
  const list = intents.data?.intents ?? [];
  if (list.length === 0) return <p>No payment intents yet.</p>;
  return (
    <>
      <Table
        label="Payment intents"
        rows={list}
        rowKey={(i) => i.intentId}
        columns={[
          { header: 'Created', cell: (i) => formatDate(i.createdAt) },
          { header: 'For', cell: (i) => (i.purpose === 'TOPUP' ? 'credits' : 'a submission') },
          {
            header: 'Amount',
            cell: (i) => (
              <>
                {i.amount.usdc} USDC <span className="muted">({formatInt(i.credits)} credits)</span>
              </>
            ),
          },
          {
            header: 'Status',
            cell: (i) => (
              <>
                <Badge value={i.status} />
                {i.status === 'CREATED' && (
                  <>
                    {' '}
                    <button type="button" className="secondary small" aria-label={`Pay or confirm intent ${i.intentId}`} onClick={() => setOpen(i)}>
                      Pay / confirm
                    </button>
                  </>
                )}
              </>
            ),
          },
          { header: 'Transaction', cell: (i) => (i.txHash ? <Mono>{i.txHash}</Mono> : '—') },
        ]}
      />
      {open && (
        <TransferIntent
          intent={open}
          onChange={(i) => {
            setOpen(i);
            intents.reload();
            onBooked();
          }}
        />
      )}
    </>
  );
}

function Credits({ me }: { me: Me }) {
  const credits = useApi('/api/v1/dev/credits', { query: { limit: 200 } });
  const intents = loadedAs<{ intents: Intent[] }>(useApi('/api/v1/dev/payment-intents'));
  const methods = useApi('/api/v1/dev/payment-methods');
  const [voucher, setVoucher] = useState('');
  const [now] = useState(() => Date.now());
  const series = useMemo(() => (credits.data ? balanceSeries(credits.data.credits, credits.data.history, now) : []), [credits.data, now]);
  return (
    <>
      {credits.loading && !credits.data && <Loading what="your balance" />}
      <ErrorMessage error={credits.error} title="Could not load your credits" />
      {credits.data && (
        <>
          <div className="grid">
            <div className="stat">
              <span className="num" data-testid="credits-balance">
                {formatInt(credits.data.credits)}
              </span>
              <span className="what">credits</span>
            </div>
            <div className="stat">
              <span className="num">{credits.data.usdcEquivalent}</span>
              <span className="what">USDC equivalent (1 USDC = {credits.data.creditsPerUsdc} credits)</span>
            </div>
          </div>
          <p className="hint">
            Your balance is derived from the ledger entries below; nothing stores it as a number that could drift. Operators who grant credits or free
            submissions need your developer id: <span className="mono">{me.developerId}</span>.
          </p>
          {series.length > 2 && (
            <LineChart
              title="Balance over time (credits)"
              description={`Your credit balance after each of the last ${credits.data.history.length} movements; now ${formatInt(credits.data.credits)} credits.`}
              series={[{ label: 'balance', points: series }]}
              format={(v) => formatInt(Math.round(v))}
            />
          )}
          <h2>Movements</h2>
          <LedgerTable history={credits.data.history} />
        </>
      )}
      {methods.data && (
        <BuyCredits
          methods={methods.data}
          onBooked={() => {
            credits.reload();
            intents.reload();
          }}
        />
      )}
      <ErrorMessage error={methods.error} title="Could not load the payment methods" />
      <section className="card" aria-labelledby="payment-intents">
        <h2 id="payment-intents">Your payment intents</h2>
        <Intents intents={intents} onBooked={credits.reload} />
      </section>
      {methods.data?.methods.VOUCHER !== false && (
        <section className="card" aria-labelledby="voucher">
          <h2 id="voucher">Check a voucher</h2>
          <p>Vouchers pay a submission instead of credits: choose “Voucher code” in the studio’s payment step.</p>
          <VoucherCheck code={voucher} onCode={setVoucher} />
        </section>
      )}
    </>
  );
}

export function CreditsPage() {
  useTitle('Credits');
  return (
    <RequireDeveloper>
      {(me) => (
        <main className="page" id="main">
          <PageTitle>Credits</PageTitle>
          <DashboardNav me={me} />
          <p>Credits pay for reviews: 1 USDC = 100 credits. Each submission is priced by a quote before you pay.</p>
          <Credits me={me} />
        </main>
      )}
    </RequireDeveloper>
  );
}
