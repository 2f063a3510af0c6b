import { Table } from '../../components/Table';
import { formatDate } from '../../lib/format';
import { formatCountdown, formatCredits, formatInt, formatSignedCredits } from '../../lib/money';
import { quoteLines, quoteMsLeft, type Quote } from '../../lib/quote';

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
      <Table
        label="How the price was worked out"
        caption="How the price was worked out"
        captionHidden
        className="quote-table"
        rows={lines}
        rowKey={(_, i) => String(i)}
        rowClassName={(l) => `quote-${l.kind}${l.applied === false ? ' not-applied' : ''}`}
        columns={[
          { header: 'Item', rowHeader: true, cell: (l) => l.label },
          { header: 'How', cell: (l) => l.detail },
          {
            header: 'Credits',
            num: true,
            cell: (l) =>
              l.credits === null
                ? ''
                : l.kind === 'base' || l.kind === 'subtotal' || l.kind === 'total'
                  ? formatInt(l.credits)
                  : formatSignedCredits(l.credits),
          },
        ]}
      />
      <p className="hint">
        1 USDC = 100 credits. Engine <span className="mono">{quote.explanation.engineVersion ?? '—'}</span>; the quote is bound to this exact content (hash{' '}
        <span className="mono">{quote.contentHash.slice(0, 16)}…</span>) and category, and pays once.
      </p>
    </div>
  );
}
