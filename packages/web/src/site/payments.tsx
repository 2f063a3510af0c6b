import { useEffect, useState } from 'react';
import { ErrorMessage, Facts, Field, Mono, Progress, TableWrap } from '../components/ui';
import { api } from '../lib/api';
import { formatDate } from '../lib/format';
import { formatCountdown, formatCredits, formatInt, formatSignedCredits } from '../lib/money';
import { quoteLines, quoteMsLeft, type Quote } from '../lib/quote';
import { Link } from '../lib/router';

/** Developer payment pieces shared by the studio and the credits page (docs/payments.md). */

export interface PaymentMethods {
  methods: Record<string, boolean>;
  /** Whether this server has a chain: direct transfers and x402 need one. */
  chain: boolean;
}

export interface LedgerLine {
  at: string;
  kind: string;
  memo: string;
  refType: string | null;
  refId: string | null;
  credits: number;
  transactionId: string;
}

export interface CreditsView {
  credits: number;
  usdcEquivalent: string;
  creditsPerUsdc: number;
  history: LedgerLine[];
}

export interface Intent {
  intentId: string;
  status: string;
  purpose: 'SUBMISSION' | 'TOPUP' | string;
  method: string;
  quoteId: string | null;
  credits: number;
  amount: { asset: string; network: string; micros: string; usdc: string };
  payTo: string;
  payer: string | null;
  txHash: string | null;
  submissionId: string | null;
  failureReason: string | null;
  expiresAt: string;
  confirmedAt: string | null;
  consumedAt: string | null;
  createdAt: string;
}

export interface VoucherCheckResult {
  code: string;
  valid: boolean;
  remainingForYou: number | null;
  expiresAt: string | null;
}

export const METHOD_NAMES: Record<string, string> = {
  CREDITS: 'credits',
  CHAIN_TRANSFER: 'direct USDC transfer',
  X402: 'x402',
  VOUCHER: 'voucher',
  WALLET: 'allow-listed wallet',
  OVERRIDE: 'operator free override',
};

/** The current time, refreshed every `ms` (for countdowns). */
export function useNow(ms = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(t);
  }, [ms]);
  return now;
}

/** This server's address as the CLI needs it. */
export const origin = () => (typeof window === 'undefined' ? 'https://sigma.example.org' : window.location.origin);

/** A shell command to copy, with a copy button that says whether it worked. */
export function Command({ label, children }: { label: string; children: string }) {
  const [copied, setCopied] = useState<null | 'yes' | 'no'>(null);
  return (
    <div className="command">
      <pre aria-label={label}>{children}</pre>
      <button
        type="button"
        className="secondary small"
        aria-label={`Copy: ${label}`}
        onClick={() => {
          if (!navigator.clipboard) {
            setCopied('no');
            return;
          }
          navigator.clipboard.writeText(children).then(
            () => setCopied('yes'),
            () => setCopied('no'),
          );
        }}
      >
        Copy
      </button>
      <span className="muted" role="status">
        {copied === 'yes' ? 'Copied.' : copied === 'no' ? 'Copying is not allowed here; select the text instead.' : ''}
      </span>
    </div>
  );
}

/** The itemised price: base, each rule considered, multiplier, packages, list price, campaign and total. */
export function QuoteBreakdown({ quote, now }: { quote: Quote; now: number }) {
  const left = quoteMsLeft(quote, now);
  const expired = left <= 0 || quote.status === 'EXPIRED';
  const lines = quoteLines(quote.explanation);
  return (
    <div data-testid="quote">
      <p className="quote-headline">
        <strong>{formatCredits(quote.credits)}</strong> = <strong>{quote.usdc} USDC</strong>
        {quote.discountCredits > 0 && <span className="muted"> (list {formatCredits(quote.listCredits)})</span>}
      </p>
      <p role={expired ? 'alert' : undefined} className={expired ? 'field-error' : 'muted'}>
        {expired ? (
          <>This quote expired at {formatDate(quote.expiresAt)}. Get a new quote to pay.</>
        ) : (
          <>
            Quote <span className="mono">{quote.quoteId}</span> holds this price for <span data-testid="quote-countdown">{formatCountdown(left)}</span> (until{' '}
            {formatDate(quote.expiresAt)}).
          </>
        )}
      </p>
      <TableWrap label="How the price was worked out">
        <table className="quote-table">
          <caption className="sr-only">How the price was worked out</caption>
          <thead>
            <tr>
              <th scope="col">Item</th>
              <th scope="col">How</th>
              <th scope="col" className="num">
                Credits
              </th>
            </tr>
          </thead>
          <tbody>
            {lines.map((l, i) => (
              <tr key={i} className={`quote-${l.kind}${l.applied === false ? ' not-applied' : ''}`}>
                <th scope="row">{l.label}</th>
                <td>{l.detail}</td>
                <td className="num">
                  {l.credits === null
                    ? ''
                    : l.kind === 'base' || l.kind === 'subtotal' || l.kind === 'total'
                      ? formatInt(l.credits)
                      : formatSignedCredits(l.credits)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      <p className="hint">
        1 USDC = 100 credits. Engine <span className="mono">{quote.explanation.engineVersion ?? '—'}</span>; the quote is bound to this exact content (hash{' '}
        <span className="mono">{quote.contentHash.slice(0, 16)}…</span>) and category, and pays once.
      </p>
    </div>
  );
}

/** Check a voucher code (`GET /api/v1/dev/vouchers/:code`). */
export function VoucherCheck({ code, onCode }: { code: string; onCode: (c: string) => void }) {
  const [result, setResult] = useState<VoucherCheckResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  return (
    <div>
      <div className="inline-form">
        <Field label="Voucher code" hint="Letters, digits, - or _ (not case-sensitive).">
          {(p) => (
            <input
              {...p}
              value={code}
              maxLength={64}
              autoComplete="off"
              onChange={(e) => {
                onCode(e.target.value);
                setResult(null);
                setError(null);
              }}
            />
          )}
        </Field>
        <button
          type="button"
          className="secondary"
          disabled={busy || code.trim().length < 3}
          onClick={async () => {
            setBusy(true);
            setError(null);
            setResult(null);
            try {
              setResult(await api<VoucherCheckResult>(`/api/v1/dev/vouchers/${encodeURIComponent(code.trim())}`));
            } catch (err) {
              setError(err);
            } finally {
              setBusy(false);
            }
          }}
        >
          {busy ? 'Checking…' : 'Check voucher'}
        </button>
      </div>
      <ErrorMessage error={error} title="Voucher not usable" />
      {result && (
        <div className={`alert ${result.valid ? 'alert-ok' : 'alert-warn'}`} role="status">
          Voucher <strong className="mono">{result.code}</strong> {result.valid ? 'is valid' : 'is used up for you'}
          {result.remainingForYou !== null && ` (${result.remainingForYou} use${result.remainingForYou === 1 ? '' : 's'} left for you)`}
          {result.expiresAt && `, until ${formatDate(result.expiresAt)}`}.
        </div>
      )}
    </div>
  );
}

/**
 * A direct-transfer payment intent: where to send how much, and a field for the transaction hash.
 * Confirming books the USDC as credits at once (docs/payments.md).
 */
export function TransferIntent({ intent, onChange }: { intent: Intent; onChange: (i: Intent) => void }) {
  const [txHash, setTxHash] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const now = useNow();
  const open = intent.status === 'CREATED' && new Date(intent.expiresAt).getTime() > now;
  const chainId = intent.amount.network.replace(/^eip155:/, '');
  const badHash = txHash !== '' && !/^0x[0-9a-fA-F]{64}$/.test(txHash.trim());
  return (
    <div className="card intent" data-testid="transfer-intent">
      <h3>
        Payment intent <span className="mono">{intent.intentId}</span>: {intent.status}
      </h3>
      <Facts
        items={[
          ['Send', <strong key="a">{intent.amount.usdc} USDC</strong>],
          ['Exact amount (6-decimal units)', <Mono key="m">{intent.amount.micros}</Mono>],
          ['Token contract', <Mono key="t">{intent.amount.asset}</Mono>],
          ['Network', `${intent.amount.network} (chain id ${chainId})`],
          ['To the treasury', <Mono key="p">{intent.payTo}</Mono>],
          ['From', intent.payer ? <Mono key="f">{intent.payer}</Mono> : 'any wallet'],
          ['For', intent.purpose === 'TOPUP' ? formatCredits(intent.credits) : `quote ${intent.quoteId ?? ''} (${formatCredits(intent.credits)})`],
          [
            'Pay before',
            open ? `${formatDate(intent.expiresAt)} (${formatCountdown(new Date(intent.expiresAt).getTime() - now)} left)` : formatDate(intent.expiresAt),
          ],
        ]}
      />
      {open && (
        <>
          <p>
            Send the token with any wallet (an ERC-20 <code>transfer</code> to the treasury, or <code>SigmaTreasury.deposit</code>), then paste the transaction
            hash. With Foundry:
          </p>
          <Command label="Transfer command">{`cast send ${intent.amount.asset} "transfer(address,uint256)" ${intent.payTo} ${intent.amount.micros} --chain ${chainId} --rpc-url "$RPC_URL" --interactive`}</Command>
          <form
            className="inline-form"
            onSubmit={async (e) => {
              e.preventDefault();
              setBusy(true);
              setError(null);
              try {
                onChange(await api<Intent>(`/api/v1/dev/payment-intents/${intent.intentId}/confirm`, { body: { txHash: txHash.trim() } }));
              } catch (err) {
                setError(err);
              } finally {
                setBusy(false);
              }
            }}
          >
            <Field
              label="Transaction hash"
              hint="0x and 64 hex digits. The server checks the receipt, confirmations and the Transfer log; a hash pays once."
              error={badHash ? 'That is not a transaction hash.' : null}
            >
              {(p) => <input {...p} className="mono" value={txHash} autoComplete="off" spellCheck={false} onChange={(e) => setTxHash(e.target.value)} />}
            </Field>
            <button type="submit" disabled={busy || txHash === '' || badHash}>
              {busy ? 'Checking on chain…' : 'Confirm transfer'}
            </button>
          </form>
          {busy && <Progress label="Checking the transaction on chain…" />}
        </>
      )}
      {intent.status === 'CONFIRMED' && (
        <div className="alert alert-ok" role="status">
          Transfer confirmed{intent.txHash ? ` (${intent.txHash.slice(0, 12)}…)` : ''}: {formatCredits(intent.credits)} booked to your account
          {intent.purpose === 'SUBMISSION' ? '; submit to use them for this quote.' : '.'}
        </div>
      )}
      {intent.status === 'CONSUMED' && (
        <div className="alert alert-ok" role="status">
          {intent.purpose === 'TOPUP' ? (
            <>
              Transfer confirmed{intent.txHash ? ` (${intent.txHash.slice(0, 12)}…)` : ''}: {formatCredits(intent.credits)} added to your balance.
            </>
          ) : (
            <>Paid and used for a submission ({formatCredits(intent.credits)}).</>
          )}
        </div>
      )}
      {(intent.status === 'EXPIRED' || intent.status === 'FAILED') && (
        <div className="alert alert-warn" role="status">
          This intent is {intent.status.toLowerCase()}
          {intent.failureReason ? `: ${intent.failureReason}` : ''}. Open a new one to pay.
        </div>
      )}
      <ErrorMessage error={error} title="The transfer was not accepted" />
    </div>
  );
}

/** How to buy credits or pay with x402 from the CLI, with this server's address filled in. */
export function X402Instructions({ what, credits, quote }: { what: 'topup' | 'submission'; credits?: number; quote?: Quote | null }) {
  const env = `export SIGMA_API_URL=${origin()}\nexport SIGMA_API_KEY=sigma_dk_…      # from API keys\nexport SIGMA_WALLET_KEY=0x…       # the paying wallet (or --wallet-key-file FILE)`;
  return (
    <div>
      {what === 'topup' ? (
        <>
          <p>
            The CLI pays with x402 v2: the server answers <code>402</code> with the price, the CLI signs a gasless USDC authorization (EIP-3009), and the server
            settles it before booking any credit.
          </p>
          <Command label="Buy credits with x402">{`${env}\nsigma credits buy ${credits && credits > 0 ? credits : 500}`}</Command>
        </>
      ) : (
        <>
          <p>x402 needs a wallet that signs a USDC authorization; from the CLI it quotes, pays and submits in one step (it never pays more than the quote):</p>
          <Command label="Submit and pay with x402">{`${env}\nsigma submit ./my-skill --category ${quote?.productType ?? 'SKILL'} --pay x402`}</Command>
          {quote && (
            <p className="hint">
              Any x402 v2 client can pay this very quote: <code>POST {origin()}/api/v1/dev/submissions/x402</code> with the same body plus{' '}
              <code>&quot;quoteId&quot;: &quot;{quote.quoteId}&quot;</code>; the first answer is <code>402</code> with <code>PAYMENT-REQUIRED</code> for{' '}
              {quote.usdc} USDC. Offers: <a href="/.well-known/x402.json">/.well-known/x402.json</a>.
            </p>
          )}
        </>
      )}
    </div>
  );
}

/** The ledger of the developer's credit account, newest first. */
export function LedgerTable({ history }: { history: LedgerLine[] }) {
  if (history.length === 0) return <p>No movements yet.</p>;
  return (
    <TableWrap label="Credit movements">
      <table>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">What</th>
            <th scope="col" className="num">
              Credits
            </th>
            <th scope="col">Reference</th>
          </tr>
        </thead>
        <tbody>
          {history.map((h) => (
            <tr key={`${h.transactionId}-${h.credits}`}>
              <td>{formatDate(h.at)}</td>
              <td className="wrap">
                {h.memo || h.kind}
                <div className="mono muted">{h.kind}</div>
              </td>
              <td className={`num ${h.credits < 0 ? 'debit' : 'credit'}`}>{formatSignedCredits(h.credits)}</td>
              <td>
                {h.refType === 'submission' && h.refId ? (
                  <Link to={`/dashboard/submissions/${h.refId}`}>submission {h.refId.slice(0, 8)}…</Link>
                ) : h.refId ? (
                  <span className="mono">
                    {h.refType} {h.refId.slice(0, 8)}…
                  </span>
                ) : (
                  '—'
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

/** Methods switched off on this deployment, in words (or null when all are on). */
export function offMethods(m: PaymentMethods): string | null {
  const off = Object.entries(m.methods)
    .filter(([, on]) => !on)
    .map(([k]) => METHOD_NAMES[k] ?? k);
  return off.length ? off.join(', ') : null;
}
