import { useState } from 'react';
import { SelectField } from '../../components/Form';
import { List } from '../../components/List';
import { Table } from '../../components/Table';
import { Badge, PageTitle } from '../../components/ui';
import { formatDate } from '../../lib/format';
import { useApi, useTitle } from '../../lib/hooks';
import { Link } from '../../lib/router';

const STATUSES = ['', 'ESCALATED', 'IN_AUDIT', 'SANDBOX', 'SUBMITTED', 'APPROVED', 'REJECTED'] as const;

export function QueuePage() {
  useTitle('Queue');
  const [status, setStatus] = useState<(typeof STATUSES)[number]>('');
  const q = useApi('/api/v1/operator/submissions', { query: { limit: 100, status: status || undefined } });
  const escalated = q.data?.submissions.filter((s) => s.status === 'ESCALATED').length ?? 0;
  return (
    <main className="page" id="main">
      <PageTitle>Submission queue</PageTitle>
      <div className="inline-form">
        <SelectField label="Status" value={status} onChange={setStatus} options={STATUSES.map((s) => ({ value: s, label: s || 'All (escalations first)' }))} />
        <button type="button" className="secondary" onClick={q.reload}>
          Refresh
        </button>
      </div>
      <List loaded={q} what="the queue" items={(d) => d.submissions} empty="No submission matches.">
        {(rows) => (
          <>
            <p aria-live="polite">{escalated > 0 ? `${escalated} escalation(s) waiting for a decision.` : 'No escalation is waiting.'}</p>
            <Table
              label="Submissions"
              rows={rows}
              rowKey={(s) => s.submissionId}
              columns={[
                { header: 'Skill', cell: (s) => <Link to={`/console/submissions/${s.submissionId}`}>{s.skillName ?? s.submissionId}</Link> },
                { header: 'Status', cell: (s) => <Badge value={s.status} /> },
                { header: 'Category', cell: (s) => s.productType },
                { header: 'Developer', className: 'mono', cell: (s) => s.developerId },
                { header: 'Updated', cell: (s) => formatDate(s.updatedAt) },
              ]}
            />
          </>
        )}
      </List>
    </main>
  );
}
