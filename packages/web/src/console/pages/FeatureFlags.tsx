import { useState } from 'react';
import { ErrorMessage, Field, Loading, PageTitle, TableWrap } from '../../components/ui';
import { api } from '../../lib/api';
import { formatDate } from '../../lib/format';
import { useApi, useTitle } from '../../lib/hooks';
import type { FeatureFlag } from '../types';

export function FeatureFlagsPage() {
  useTitle('Feature flags');
  const flags = useApi<{ flags: FeatureFlag[] }>('/api/v1/operator/feature-flags');
  const [key, setKey] = useState('');
  const [description, setDescription] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const save = async (body: { key: string; enabled: boolean; description?: string }) => {
    setBusy(true);
    setError(null);
    try {
      await api('/api/v1/operator/feature-flags', { method: 'PUT', body });
      flags.reload();
      return true;
    } catch (err) {
      setError(err);
      return false;
    } finally {
      setBusy(false);
    }
  };
  return (
    <main className="page" id="main">
      <PageTitle>Feature flags</PageTitle>
      <p>Every change is written to the audit log with its before and after.</p>
      <ErrorMessage error={error} title="The flag was not saved" />
      {flags.loading && <Loading what="feature flags" />}
      <ErrorMessage error={flags.error} title="Could not load feature flags" />
      {flags.data && flags.data.flags.length === 0 && <p>No feature flags yet.</p>}
      {flags.data && flags.data.flags.length > 0 && (
        <TableWrap label="Feature flags">
          <table>
            <thead>
              <tr>
                <th scope="col">Flag</th>
                <th scope="col">Enabled</th>
                <th scope="col">Description</th>
                <th scope="col">Changed</th>
              </tr>
            </thead>
            <tbody>
              {flags.data.flags.map((f) => (
                <tr key={f.key}>
                  <td className="mono">{f.key}</td>
                  <td>
                    <label>
                      <input type="checkbox" checked={f.enabled} disabled={busy} onChange={(e) => void save({ key: f.key, enabled: e.target.checked })} />{' '}
                      {f.enabled ? 'on' : 'off'}
                      <span className="muted"> (toggle {f.key})</span>
                    </label>
                  </td>
                  <td className="wrap">{f.description}</td>
                  <td>{formatDate(f.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      <form
        className="card"
        onSubmit={async (e) => {
          e.preventDefault();
          if (await save({ key, enabled: false, description })) {
            setKey('');
            setDescription('');
          }
        }}
      >
        <h2>Add a flag</h2>
        <Field label="Key" hint="Lowercase letters, digits, dot, dash, underscore. Created switched off.">
          {(p) => <input {...p} value={key} required pattern="[a-z0-9][a-z0-9._\-]{0,63}" onChange={(e) => setKey(e.target.value)} />}
        </Field>
        <Field label="Description">{(p) => <input {...p} value={description} maxLength={500} onChange={(e) => setDescription(e.target.value)} />}</Field>
        <button type="submit" disabled={busy}>
          Add flag
        </button>
      </form>
    </main>
  );
}
