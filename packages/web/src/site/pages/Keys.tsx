import { useState } from 'react';
import { ErrorMessage, Field, Loading, Mono, PageTitle, TableWrap } from '../../components/ui';
import { api } from '../../lib/api';
import { formatDate } from '../../lib/format';
import { useApi, useTitle } from '../../lib/hooks';
import { DashboardNav, RequireDeveloper } from '../session';
import type { ApiKeyView } from '../types';

function Keys() {
  const keys = useApi<{ keys: ApiKeyView[] }>('/api/v1/dev/api-keys');
  const [name, setName] = useState('');
  const [created, setCreated] = useState<{ key: string; name: string } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  return (
    <>
      <form
        className="inline-form card"
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          setError(null);
          try {
            const r = await api<{ key: string }>('/api/v1/dev/api-keys', { body: { name } });
            setCreated({ key: r.key, name });
            setName('');
            keys.reload();
          } catch (err) {
            setError(err);
          } finally {
            setBusy(false);
          }
        }}
      >
        <Field label="New key name" hint="For example the machine or CI job that will use it.">
          {(p) => <input {...p} value={name} maxLength={100} required onChange={(e) => setName(e.target.value)} />}
        </Field>
        <button type="submit" disabled={busy}>
          {busy ? 'Creating…' : 'Create API key'}
        </button>
      </form>
      <ErrorMessage error={error} />
      {created && (
        <div className="alert alert-ok" role="status">
          <p>
            Key <strong>{created.name}</strong> created. Copy it now: it is shown only once.
          </p>
          <Mono label="New API key">{created.key}</Mono>
          <pre>{`export SIGMA_API_KEY=${created.key}`}</pre>
        </div>
      )}
      {keys.loading && <Loading what="your keys" />}
      <ErrorMessage error={keys.error} title="Could not load your keys" />
      {keys.data && (
        <TableWrap label="API keys">
          <table>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Prefix</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col">State</th>
              </tr>
            </thead>
            <tbody>
              {keys.data.keys.map((k) => (
                <tr key={k.id}>
                  <td>{k.name}</td>
                  <td className="mono">{k.prefix}…</td>
                  <td>{formatDate(k.createdAt)}</td>
                  <td>{formatDate(k.lastUsedAt)}</td>
                  <td>
                    {k.revokedAt ? (
                      `revoked ${formatDate(k.revokedAt)}`
                    ) : (
                      <button
                        type="button"
                        className="danger"
                        aria-label={`Revoke key ${k.name}`}
                        onClick={async () => {
                          if (!window.confirm(`Revoke the key “${k.name}”? Anything using it stops working.`)) return;
                          setError(null);
                          try {
                            await api(`/api/v1/dev/api-keys/${k.id}`, { method: 'DELETE' });
                            keys.reload();
                          } catch (err) {
                            setError(err);
                          }
                        }}
                      >
                        Revoke
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </>
  );
}

export function KeysPage() {
  useTitle('API keys');
  return (
    <RequireDeveloper>
      {(me) => (
        <main className="page" id="main">
          <PageTitle>API keys</PageTitle>
          <DashboardNav me={me} />
          <p>
            Keys let the CLI and your scripts act for you (<code>Authorization: Bearer …</code>). Only a digest is stored.
          </p>
          <Keys />
        </main>
      )}
    </RequireDeveloper>
  );
}
