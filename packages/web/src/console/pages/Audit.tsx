import { List } from '../../components/List';
import { Table } from '../../components/Table';
import { PageTitle } from '../../components/ui';
import { formatDate } from '../../lib/format';
import { useApi, useTitle } from '../../lib/hooks';

export function AuditPage() {
  useTitle('Audit log');
  const log = useApi('/api/v1/operator/audit-log', { query: { limit: 200 } });
  return (
    <main className="page" id="main">
      <PageTitle>Audit log</PageTitle>
      <p>Append-only: every operator action, newest first.</p>
      <List loaded={log} what="the audit log" items={(d) => d.entries} empty="Nothing has been logged yet.">
        {(entries) => (
          <Table
            label="Audit log"
            rows={entries}
            rowKey={(e) => e.id}
            columns={[
              { header: 'When', cell: (e) => formatDate(e.at) },
              { header: 'Actor', className: 'mono', cell: (e) => `${e.actorType} ${e.actorId}` },
              { header: 'Action', className: 'mono', cell: (e) => e.action },
              { header: 'Target', className: 'mono', cell: (e) => (e.targetType ? `${e.targetType} ${e.targetId ?? ''}` : '—') },
              { header: 'Details', className: 'wrap mono', cell: (e) => (e.data ? JSON.stringify(e.data) : '') },
            ]}
          />
        )}
      </List>
    </main>
  );
}
