import { useState } from 'react';
import { Badge, ErrorMessage, Field, Loading, PageTitle, TableWrap } from '../../components/ui';
import { formatDate } from '../../lib/format';
import { useApi, useTitle } from '../../lib/hooks';
import { Link } from '../../lib/router';
import type { QueueItem } from '../types';

const STATUSES = ['', 'ESCALATED', 'IN_AUDIT', 'SANDBOX', 'SUBMITTED', 'APPROVED', 'REJECTED'];

export function QueuePage() {
  useTitle('Queue');
  const [status, setStatus] = useState('');
  const q = useApi<{ submissions: QueueItem[] }>(`/api/v1/operator/submissions?limit=100${status ? `&status=${status}` : ''}`);
  const escalated = q.data?.submissions.filter((s) => s.status === 'ESCALATED').length ?? 0;
  return (
    <main className="page" id="main">
      <PageTitle>Submission queue</PageTitle>
      <div className="inline-form">
        <Field label="Status">
          {(p) => (
            <select {...p} value={status} onChange={(e) => setStatus(e.target.value)}>
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {s || 'All (escalations first)'}
                </option>
              ))}
            </select>
          )}
        </Field>
        <button type="button" className="secondary" onClick={q.reload}>
          Refresh
        </button>
      </div>
      {q.loading && <Loading what="the queue" />}
      <ErrorMessage error={q.error} title="Could not load the queue" />
      {q.data && (
        <>
          <p aria-live="polite">{escalated > 0 ? `${escalated} escalation(s) waiting for a decision.` : 'No escalation is waiting.'}</p>
          <TableWrap label="Submissions">
            <table>
              <thead>
                <tr>
                  <th scope="col">Skill</th>
                  <th scope="col">Status</th>
                  <th scope="col">Category</th>
                  <th scope="col">Developer</th>
                  <th scope="col">Updated</th>
                </tr>
              </thead>
              <tbody>
                {q.data.submissions.map((s) => (
                  <tr key={s.submissionId}>
                    <td>
                      <Link to={`/console/submissions/${s.submissionId}`}>{s.skillName ?? s.submissionId}</Link>
                    </td>
                    <td>
                      <Badge value={s.status} />
                    </td>
                    <td>{s.productType}</td>
                    <td className="mono">{s.developerId}</td>
                    <td>{formatDate(s.updatedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </>
      )}
    </main>
  );
}
