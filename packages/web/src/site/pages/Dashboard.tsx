import { List } from '../../components/List';
import { Table } from '../../components/Table';
import { Badge, PageTitle } from '../../components/ui';
import { formatDate } from '../../lib/format';
import { useApi, useTitle } from '../../lib/hooks';
import { Link } from '../../lib/router';
import { DashboardNav, RequireDeveloper } from '../session';

function Submissions() {
  const list = useApi('/api/v1/dev/submissions', { query: { limit: 100 } });
  return (
    <List
      loaded={list}
      what="your submissions"
      items={(d) => d.submissions}
      empty={
        <p>
          No submissions yet. <Link to="/dashboard/new">Submit your first skill</Link>.
        </p>
      }
    >
      {(subs) => (
        <Table
          label="Your submissions"
          rows={subs}
          rowKey={(s) => s.submissionId}
          columns={[
            {
              header: 'Skill',
              cell: (s) => <Link to={`/dashboard/submissions/${s.submissionId}`}>{s.skillName ?? `Submission ${s.submissionId.slice(0, 8)}…`}</Link>,
            },
            { header: 'Status', cell: (s) => <Badge value={s.status} /> },
            { header: 'Category', cell: (s) => s.productType },
            { header: 'Submitted', cell: (s) => formatDate(s.createdAt) },
            { header: 'Certificate', cell: (s) => (s.certificateId ? <Link to={`/certificate/${s.certificateId}`}>View certificate</Link> : '—') },
          ]}
        />
      )}
    </List>
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
