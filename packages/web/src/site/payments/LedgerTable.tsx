import { Table } from '../../components/Table';
import { formatDate } from '../../lib/format';
import { formatSignedCredits } from '../../lib/money';
import { Link } from '../../lib/router';
import type { LedgerLine } from './common';

/** The ledger of the developer's credit account, newest first. */
export function LedgerTable({ history }: { history: readonly LedgerLine[] }) {
  return (
    <Table
      label="Credit movements"
      empty="No movements yet."
      rows={history}
      rowKey={(h) => `${h.transactionId}-${h.credits}`}
      columns={[
        { header: 'When', cell: (h) => formatDate(h.at) },
        {
          header: 'What',
          className: 'wrap',
          cell: (h) => (
            <>
              {h.memo || h.kind}
              <div className="mono muted">{h.kind}</div>
            </>
          ),
        },
        { header: 'Credits', num: true, className: (h) => (h.credits < 0 ? 'debit' : 'credit'), cell: (h) => formatSignedCredits(h.credits) },
        {
          header: 'Reference',
          cell: (h) =>
            h.refType === 'submission' && h.refId ? (
              <Link to={`/dashboard/submissions/${h.refId}`}>submission {h.refId.slice(0, 8)}…</Link>
            ) : h.refId ? (
              <span className="mono">
                {h.refType} {h.refId.slice(0, 8)}…
              </span>
            ) : (
              '—'
            ),
        },
      ]}
    />
  );
}
