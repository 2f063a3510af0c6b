import { useState } from 'react';
import { ErrorMessage, Loading, Progress } from '../../components/ui';
import { ApiError, type BodyOf } from '../../lib/api';
import { useApi } from '../../lib/hooks';
import { formatCredits } from '../../lib/money';
import { quoteMsLeft, type Quote } from '../../lib/quote';
import { Link } from '../../lib/router';
import { offMethods, useNow, type Intent } from '../payments/common';
import { QuoteBreakdown } from '../payments/QuoteBreakdown';
import { VoucherCheck } from '../payments/VoucherCheck';
import { X402Instructions } from '../payments/X402Instructions';
import { choicesFor, type Choice } from './choices';
import { TransferPay } from './TransferPay';
import { WalletPay } from './WalletPay';

/** The `payment` of a paid submit. */
export type Payment = NonNullable<BodyOf<'post', '/api/v1/dev/submissions'>['payment']>;

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
  submit: (quoteId: string, payment: Payment) => Promise<void>;
}) {
  const methods = useApi('/api/v1/dev/payment-methods');
  const credits = useApi('/api/v1/dev/credits', { query: { limit: 1 } });
  const now = useNow();
  const [picked, setPicked] = useState<Choice | null>(null);
  const [voucher, setVoucher] = useState('');
  const [wallet, setWallet] = useState({ address: '', signature: '' });
  const [intent, setIntent] = useState<Intent | null>(null);
  const [busy, setBusy] = useState<null | 'submit'>(null);
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

  const payment = (): Payment | null => {
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
          {choice === 'wallet' && <WalletPay message={walletMessage} wallet={wallet} onWallet={setWallet} />}
          {choice === 'transfer' && <TransferPay quote={quote} intent={intentForQuote} onIntent={setIntent} expired={expired} />}
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
