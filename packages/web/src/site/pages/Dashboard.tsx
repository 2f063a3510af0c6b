import { Badge, ErrorMessage, Loading, PageTitle, TableWrap } from '../../components/ui';
import { formatDate } from '../../lib/format';
import { useApi, useTitle } from '../../lib/hooks';
import { Link } from '../../lib/router';
import { DashboardNav, RequireDeveloper } from '../session';
import type { SubmissionListItem } from '../types';

function Submissions() {
  const list = useApi<{ submissions: SubmissionListItem[] }>('/api/v1/dev/submissions?limit=100');
  if (list.loading) return <Loading what="your submissions" />;
  if (list.error) return <ErrorMessage error={list.error} title="Could not load your submissions" />;
  const subs = list.data?.submissions ?? [];
  if (subs.length === 0) {
    return (
      <p>
        No submissions yet. <Link to="/dashboard/new">Submit your first skill</Link>.
      </p>
    );
  }
  return (
    <TableWrap label="Your submissions">
      <table>
        <thead>
          <tr>
            <th scope="col">Skill</th>
            <th scope="col">Status</th>
            <th scope="col">Category</th>
            <th scope="col">Submitted</th>
            <th scope="col">Certificate</th>
          </tr>
        </thead>
        <tbody>
          {subs.map((s) => (
            <tr key={s.submissionId}>
              <td>
                <Link to={`/dashboard/submissions/${s.submissionId}`}>{s.skillName ?? `Submission ${s.submissionId.slice(0, 8)}…`}</Link>
              </td>
              <td>
                <Badge value={s.status} />
              </td>
              <td>{s.productType}</td>
              <td>{formatDate(s.createdAt)}</td>
              <td>{s.certificateId ? <Link to={`/certificate/${s.certificateId}`}>View certificate</Link> : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

export function DashboardPage() {
  useTitle('Dashboard');
  return (
    <RequireDeveloper>
      {(me) => (
        <main className="page" id="main">
          <PageTitle>Your submissions</PageTitle>
          <DashboardNav me={me} />
          <div className="actions">
            <Link to="/dashboard/new" className="button">
              New submission
            </Link>
          </div>
          <Submissions />
        </main>
      )}
    </RequireDeveloper>
  );
}
