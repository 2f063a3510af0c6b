import { Table } from '../../components/Table';
import { ErrorMessage, Loading } from '../../components/ui';
import { useApi } from '../../lib/hooks';
import { formatInt, formatMicros } from '../../lib/money';

const amount = (currency: string, v: string) => (currency === 'USDC' ? `${formatMicros(v)} USDC` : `${formatInt(v)} credits`);

/** Whether the books balance, from the trial balance of every ledger account. */
export function Books() {
  const tb = useApi('/api/v1/operator/ledger/trial-balance');
  const t = tb.data;
  return (
    <section className="card" aria-labelledby="books">
      <h2 id="books">Books (trial balance)</h2>
      <div className="actions">
        <button type="button" className="secondary small" onClick={tb.reload}>
          Check again
        </button>
      </div>
      {tb.loading && !t && <Loading what="the trial balance" />}
      <ErrorMessage error={tb.error} title="Could not compute the trial balance" />
      {t && (
        <>
          <p className="books" data-testid="books-balance">
            Books balance: <span className={t.balanced ? 'yes' : 'no'}>{t.balanced ? 'yes' : 'NO'}</span>
          </p>
          <ul>
            <li>
              {formatInt(t.transactions)} transactions; every currency sums to{' '}
              {Object.entries(t.totals)
                .map(([c, v]) => `${v} ${c}`)
                .join(', ') || '0'}{' '}
              (must be 0).
            </li>
            <li>
              Unbalanced transactions: {t.unbalanced.length === 0 ? 'none' : t.unbalanced.map((u) => `${u.transactionId} (${u.currency} ${u.sum})`).join(', ')}.
            </li>
            <li>Developers with a negative balance: {t.negativeDeveloperBalances}.</li>
          </ul>
          <details>
            <summary>Every account ({t.accounts.length})</summary>
            <Table
              label="Ledger accounts"
              rows={t.accounts}
              rowKey={(x) => `${x.kind}/${x.ownerType}/${x.ownerId}/${x.currency}`}
              columns={[
                { header: 'Account', className: 'mono', cell: (x) => `${x.kind}/${x.ownerType}` },
                { header: 'Owner', className: 'mono', cell: (x) => x.ownerId },
                { header: 'Balance', num: true, cell: (x) => amount(x.currency, x.balance) },
              ]}
            />
          </details>
        </>
      )}
    </section>
  );
}
