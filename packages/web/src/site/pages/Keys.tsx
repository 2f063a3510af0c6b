import { useState } from 'react';
import { Form, TextField } from '../../components/Form';
import { List } from '../../components/List';
import { Table } from '../../components/Table';
import { ErrorMessage, Mono, PageTitle } from '../../components/ui';
import { api } from '../../lib/api';
import { formatDate } from '../../lib/format';
import { useAction, useApi, useTitle } from '../../lib/hooks';
import { DashboardNav, RequireDeveloper } from '../session';

function Keys() {
  const keys = useApi('/api/v1/dev/api-keys');
  const create = useAction();
  const [revokeError, setRevokeError] = useState<unknown>(null);
  const [name, setName] = useState('');
  const [created, setCreated] = useState<{ key: string; name: string } | null>(null);
  return (
    <>
      <Form
        action={create}
        inline
        className="card"
        submitLabel="Create API key"
        busyLabel="Creating…"
        onSubmit={async () => {
          const r = await api.post('/api/v1/dev/api-keys', { body: { name } });
          setCreated({ key: r.key, name });
          setName('');
          keys.reload();
        }}
      >
        <TextField label="New key name" hint="For example the machine or CI job that will use it." value={name} maxLength={100} required onChange={setName} />
      </Form>
      {created && (
        <div className="alert alert-ok" role="status">
          <p>
            Key <strong>{created.name}</strong> created. Copy it now: it is shown only once.
          </p>
          <Mono label="New API key">{created.key}</Mono>
          <pre>{`export SIGMA_API_KEY=${created.key}`}</pre>
        </div>
      )}
      <ErrorMessage error={revokeError} title="The key was not revoked" />
      <List loaded={keys} what="your keys" items={(d) => d.keys} empty="No API keys yet.">
        {(rows) => (
          <Table
            label="API keys"
            rows={rows}
            rowKey={(k) => k.id}
            columns={[
              { header: 'Name', cell: (k) => k.name },
              { header: 'Prefix', className: 'mono', cell: (k) => `${k.prefix}…` },
              { header: 'Created', cell: (k) => formatDate(k.createdAt) },
              { header: 'Last used', cell: (k) => formatDate(k.lastUsedAt) },
              {
                header: 'State',
                cell: (k) =>
                  k.revokedAt ? (
                    `revoked ${formatDate(k.revokedAt)}`
                  ) : (
                    <button
                      type="button"
                      className="danger"
                      aria-label={`Revoke key ${k.name}`}
                      onClick={async () => {
                        if (!window.confirm(`Revoke the key “${k.name}”? Anything using it stops working.`)) return;
                        setRevokeError(null);
                        try {
                          await api.delete('/api/v1/dev/api-keys/{id}', { path: { id: k.id } });
                          keys.reload();
                        } catch (err) {
                          setRevokeError(err);
                        }
                      }}
                    >
                      Revoke
                    </button>
                  ),
              },
            ]}
          />
        )}
      </List>
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
