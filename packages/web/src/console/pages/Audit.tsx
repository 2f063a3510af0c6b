import { ErrorMessage, Loading, PageTitle, TableWrap } from '../../components/ui';
import { formatDate } from '../../lib/format';
import { useApi, useTitle } from '../../lib/hooks';
import type { AuditEntry } from '../types';

export function AuditPage() {
  useTitle('Audit log');
  const log = useApi<{ entries: AuditEntry[] }>('/api/v1/operator/audit-log?limit=200');
  return (
    <main className="page" id="main">
      <PageTitle>Audit log</PageTitle>
      <p>Append-only: every operator action, newest first.</p>
      {log.loading && <Loading what="the audit log" />}
      <ErrorMessage error={log.error} title="Could not load the audit log" />
      {log.data && (
        <TableWrap label="Audit log">
          <table>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Actor</th>
                <th scope="col">Action</th>
                <th scope="col">Target</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {log.data.entries.map((e) => (
                <tr key={e.id}>
                  <td>{formatDate(e.at)}</td>
                  <td className="mono">
                    {e.actorType} {e.actorId}
                  </td>
                  <td className="mono">{e.action}</td>
                  <td className="mono">{e.targetType ? `${e.targetType} ${e.targetId ?? ''}` : '—'}</td>
                  <td className="wrap mono">{e.data ? JSON.stringify(e.data) : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </main>
  );
}
