import { useState } from 'react';
import { ErrorMessage, Field, Loading, Progress } from '../../components/ui';
import { ApiError, api } from '../../lib/api';
import { formatCredits } from '../../lib/money';
import { quoteMsLeft, type Quote } from '../../lib/quote';
import { useApi } from '../../lib/hooks';
import { Link } from '../../lib/router';
import {
  offMethods,
  QuoteBreakdown,
  TransferIntent,
  useNow,
  VoucherCheck,
  X402Instructions,
  type CreditsView,
  type Intent,
  type PaymentMethods,
} from '../payments';

type Choice = 'credits' | 'voucher' | 'override' | 'wallet' | 'transfer' | 'x402';

interface Eip1193 {
  request(args: { method: string; params?: unknown[] }): Promise<unknown>;
}
const browserWallet = (): Eip1193 | undefined => (window as unknown as { ethereum?: Eip1193 }).ethereum;
const hexUtf8 = (s: string) => `0x${Array.from(new TextEncoder().encode(s), (b) => b.toString(16).padStart(2, '0')).join('')}`;

/** The choices this deployment offers, in the order people usually want them. */
export function choicesFor(m: PaymentMethods): Array<{ id: Choice; label: string; hint: string }> {
  const on = (k: string) => m.methods[k] === true;
  const out: Array<{ id: Choice; label: string; hint: string }> = [];
  if (on('CREDITS')) out.push({ id: 'credits', label: 'Pay with credits', hint: 'Debited from your balance when the submission is created.' });
  if (on('VOUCHER')) out.push({ id: 'voucher', label: 'Voucher code', hint: 'A code from the operators; the price is booked to their promotions budget.' });
  if (on('CHAIN_TRANSFER') && m.chain)
    out.push({ id: 'transfer', label: 'Direct USDC transfer', hint: 'Send USDC to the treasury from any wallet, then paste the transaction hash.' });
  if (on('X402') && m.chain) out.push({ id: 'x402', label: 'x402 (CLI or agent)', hint: 'A wallet signs a gasless USDC authorization; done from the CLI.' });
  if (on('OVERRIDE')) out.push({ id: 'override', label: 'Free submission granted by an operator', hint: 'Uses your oldest unused operator free override.' });
  if (on('WALLET')) out.push({ id: 'wallet', label: 'Allow-listed wallet', hint: 'A wallet the operators allow-listed signs this quote.' });
  return out;
}

/**
 * The studio's quote and payment: the itemised quote with its countdown, the methods this deployment has
 * switched on, and the paid submit (the quote id plus the chosen payment).
 */
export function StudioPay({
  quote,
  quoteBusy,
  quoteError,
  onRequote,
  canSubmit,
  submit,
}: {
  quote: Quote | null;
  quoteBusy: boolean;
  quoteError: unknown;
  onRequote: () => void;
  /** False when the inputs changed since the dry run or the dry run would block. */
  canSubmit: boolean;
  submit: (quoteId: string, payment: Record<string, unknown>) => Promise<void>;
}) {
  const methods = useApi<PaymentMethods>('/api/v1/dev/payment-methods');
  const credits = useApi<CreditsView>('/api/v1/dev/credits?limit=1');
  const now = useNow();
  const [picked, setPicked] = useState<Choice | null>(null);
  const [voucher, setVoucher] = useState('');
  const [wallet, setWallet] = useState({ address: '', signature: '' });
  const [intent, setIntent] = useState<Intent | null>(null);
  const [payer, setPayer] = useState('');
  const [busy, setBusy] = useState<null | 'submit' | 'intent' | 'sign'>(null);
  const [error, setError] = useState<unknown>(null);

  if (quoteBusy) return <Progress label="Pricing your draft (the server dry-runs it and applies the catalogue)…" />;
  if (!quote) {
    return (
      <>
        <ErrorMessage error={quoteError} title="Could not get a quote" />
        <button type="button" onClick={onRequote} disabled={!canSubmit}>
          Get a quote
        </button>
      </>
    );
  }
  const expired = quoteMsLeft(quote, now) <= 0;
  const choices = methods.data ? choicesFor(methods.data) : [];
  const choice = picked && choices.some((c) => c.id === picked) ? picked : (choices[0]?.id ?? null);
  const intentForQuote = intent && intent.quoteId === quote.quoteId ? intent : null;
  const balance = credits.data?.credits ?? null;
  const short = choice === 'credits' && balance !== null && balance < quote.credits;
  const walletMessage = `sigma:free-submission:${quote.quoteId}`;

  const payment = (): Record<string, unknown> | null => {
    switch (choice) {
      case 'credits':
        return { method: 'credits' };
      case 'voucher':
        return voucher.trim().length >= 3 ? { method: 'voucher', code: voucher.trim() } : null;
      case 'override':
        return { method: 'override' };
      case 'wallet':
        return /^0x[0-9a-fA-F]{40}$/.test(wallet.address.trim()) && /^0x[0-9a-fA-F]+$/.test(wallet.signature.trim())
          ? { method: 'wallet', address: wallet.address.trim(), signature: wallet.signature.trim() }
          : null;
      case 'transfer':
        return intentForQuote?.status === 'CONFIRMED' ? { method: 'intent', intentId: intentForQuote.intentId } : null;
      default:
        return null;
    }
  };
  const pay = payment();
  const submitLabel =
    choice === 'credits'
      ? `Pay ${formatCredits(quote.credits)} and submit`
      : choice === 'voucher'
        ? 'Submit with the voucher'
        : choice === 'transfer'
          ? 'Submit with the confirmed transfer'
          : 'Submit for review';

  return (
    <>
      <QuoteBreakdown quote={quote} now={now} />
      {expired && (
        <button type="button" onClick={onRequote} disabled={!canSubmit}>
          Get a new quote
        </button>
      )}
      <ErrorMessage error={quoteError} title="Could not get a quote" />

      {methods.loading && <Loading what="payment methods" />}
      <ErrorMessage error={methods.error} title="Could not load the payment methods" />
      {methods.data && choices.length === 0 && (
        <div className="alert alert-warn" role="alert">
          No payment method is switched on for browsers on this deployment ({offMethods(methods.data) ?? 'none'} off). Ask the operators.
        </div>
      )}
      {methods.data && choices.length > 0 && (
        <form
          onSubmit={async (e) => {
            e.preventDefault();
            if (!pay) return;
            setBusy('submit');
            setError(null);
            try {
              await submit(quote.quoteId, pay);
            } catch (err) {
              setError(err);
              setBusy(null);
              credits.reload();
            }
          }}
        >
          <fieldset>
            <legend>How do you want to pay?</legend>
            <div className="choice-list">
              {choices.map((c) => (
                <label key={c.id} className="choice">
                  <input
                    type="radio"
                    name="pay-method"
                    value={c.id}
                    checked={choice === c.id}
                    onChange={() => setPicked(c.id)}
                    aria-describedby={`pay-${c.id}-hint`}
                  />
                  <span>
                    <strong>{c.label}</strong>
                    <span className="hint" id={`pay-${c.id}-hint`}>
                      {' '}
                      — {c.hint}
                    </span>
                  </span>
                </label>
              ))}
            </div>
            {offMethods(methods.data) && <p className="hint">Switched off on this deployment: {offMethods(methods.data)}.</p>}
            {!methods.data.chain && <p className="hint">No chain is configured here, so direct USDC transfers and x402 are not offered.</p>}
          </fieldset>

          {choice === 'credits' && (
            <div className="card" data-testid="pay-credits">
              {credits.loading && <Loading what="your balance" />}
              <ErrorMessage error={credits.error} title="Could not load your balance" />
              {balance !== null && (
                <p>
                  Your balance: <strong data-testid="credit-balance">{formatCredits(balance)}</strong>
                  {short ? (
                    <>
                      {' '}
                      — not enough for {formatCredits(quote.credits)}. <Link to="/dashboard/credits">Buy credits</Link> or choose another method.
                    </>
                  ) : (
                    <> — after paying: {formatCredits(balance - quote.credits)}.</>
                  )}
                </p>
              )}
            </div>
          )}
          {choice === 'voucher' && (
            <div className="card">
              <VoucherCheck code={voucher} onCode={setVoucher} />
            </div>
          )}
          {choice === 'override' && (
            <div className="card">
              <p>If an operator granted you a free submission, it is used now. Without one the server says so, and nothing is charged.</p>
            </div>
          )}
          {choice === 'wallet' && (
            <div className="card">
              <p>Sign this exact message (EIP-191 personal message) with the allow-listed wallet. The signature pays this quote only, once:</p>
              <pre aria-label="Message to sign">{walletMessage}</pre>
              {browserWallet() && (
                <div className="actions">
                  <button
                    type="button"
                    className="secondary"
                    disabled={busy !== null}
                    onClick={async () => {
                      setBusy('sign');
                      setError(null);
                      try {
                        const eth = browserWallet()!;
                        const accounts = (await eth.request({ method: 'eth_requestAccounts' })) as string[];
                        const address = accounts[0] ?? '';
                        const signature = (await eth.request({ method: 'personal_sign', params: [hexUtf8(walletMessage), address] })) as string;
                        setWallet({ address, signature });
                      } catch (err) {
                        setError(new ApiError('WALLET_ERROR', (err as Error).message || 'The wallet did not sign.', 0));
                      } finally {
                        setBusy(null);
                      }
                    }}
                  >
                    Sign with my browser wallet
                  </button>
                </div>
              )}
              <Field label="Wallet address">
                {(p) => (
                  <input
                    {...p}
                    className="mono"
                    value={wallet.address}
                    autoComplete="off"
                    spellCheck={false}
                    onChange={(e) => setWallet({ ...wallet, address: e.target.value })}
                  />
                )}
              </Field>
              <Field label="Signature" hint="0x followed by hex, as personal_sign / cast wallet sign print it.">
                {(p) => (
                  <textarea
                    {...p}
                    className="mono"
                    value={wallet.signature}
                    spellCheck={false}
                    onChange={(e) => setWallet({ ...wallet, signature: e.target.value })}
                  />
                )}
              </Field>
            </div>
          )}
          {choice === 'transfer' && (
            <div className="card">
              {!intentForQuote ? (
                <>
                  <p>
                    Open a payment intent for this quote ({quote.usdc} USDC). You get the treasury address and the exact amount; after sending, paste the
                    transaction hash. The USDC becomes credits as soon as it is confirmed.
                  </p>
                  <Field label="Paying wallet (optional)" hint="If given, only a transfer from this address pays the intent.">
                    {(p) => <input {...p} className="mono" value={payer} autoComplete="off" spellCheck={false} onChange={(e) => setPayer(e.target.value)} />}
                  </Field>
                  <button
                    type="button"
                    className="secondary"
                    disabled={busy !== null || expired}
                    onClick={async () => {
                      setBusy('intent');
                      setError(null);
                      try {
                        setIntent(
                          await api<Intent>('/api/v1/dev/payment-intents', {
                            body: { quoteId: quote.quoteId, ...(payer.trim() ? { payer: payer.trim() } : {}) },
                          }),
                        );
                      } catch (err) {
                        setError(err);
                      } finally {
                        setBusy(null);
                      }
                    }}
                  >
                    {busy === 'intent' ? 'Opening…' : 'Open a payment intent'}
                  </button>
                </>
              ) : (
                <TransferIntent intent={intentForQuote} onChange={setIntent} />
              )}
            </div>
          )}
          {choice === 'x402' && (
            <div className="card">
              <X402Instructions what="submission" quote={quote} />
            </div>
          )}

          <ErrorMessage error={error} title="Submission failed" />
          {error instanceof ApiError && error.code === 'SIGMA_E_PAYMENT_INSUFFICIENT_CREDITS' && (
            <p>
              <Link to="/dashboard/credits">Buy credits</Link>, or choose another payment method above.
            </p>
          )}
          {choice !== 'x402' && (
            <div className="actions">
              <button type="submit" disabled={!canSubmit || expired || busy !== null || !pay}>
                {busy === 'submit' ? 'Submitting…' : submitLabel}
              </button>
              {!canSubmit && <span className="muted">Run the dry run of exactly these inputs (without blocking findings) first.</span>}
              {choice === 'transfer' && !pay && <span className="muted">Confirm the transfer first.</span>}
            </div>
          )}
          {busy === 'submit' && <Progress label="Paying and creating your submission…" />}
        </form>
      )}
    </>
  );
}
