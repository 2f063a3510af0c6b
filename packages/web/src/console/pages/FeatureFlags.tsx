import { useState } from 'react';
import { Form, TextField } from '../../components/Form';
import { List } from '../../components/List';
import { Table } from '../../components/Table';
import { ActionResult, PageTitle } from '../../components/ui';
import { api, type BodyOf } from '../../lib/api';
import { formatDate } from '../../lib/format';
import { useAction, useApi, useTitle } from '../../lib/hooks';

export function FeatureFlagsPage() {
  useTitle('Feature flags');
  const flags = useApi('/api/v1/operator/feature-flags');
  const toggle = useAction();
  const add = useAction();
  const [key, setKey] = useState('');
  const [description, setDescription] = useState('');
  const save = async (body: BodyOf<'put', '/api/v1/operator/feature-flags'>) => {
    await api.put('/api/v1/operator/feature-flags', { body });
    flags.reload();
  };
  return (
    <main className="page" id="main">
      <PageTitle>Feature flags</PageTitle>
      <p>Every change is written to the audit log with its before and after.</p>
      <ActionResult action={toggle} title="The flag was not saved" />
      <List loaded={flags} what="feature flags" items={(d) => d.flags} empty="No feature flags yet.">
        {(list) => (
          <Table
            label="Feature flags"
            rows={list}
            rowKey={(f) => f.key}
            columns={[
              { header: 'Flag', className: 'mono', cell: (f) => f.key },
              {
                header: 'Enabled',
                cell: (f) => (
                  <label>
                    <input
                      type="checkbox"
                      checked={f.enabled}
                      disabled={toggle.busy !== null || add.busy !== null}
                      onChange={(e) => void toggle.run(f.key, () => save({ key: f.key, enabled: e.target.checked }))}
                    />{' '}
                    {f.enabled ? 'on' : 'off'}
                    <span className="muted"> (toggle {f.key})</span>
                  </label>
                ),
              },
              { header: 'Description', className: 'wrap', cell: (f) => f.description },
              { header: 'Changed', cell: (f) => formatDate(f.updatedAt) },
            ]}
          />
        )}
      </List>
      <Form
        action={add}
        className="card"
        submitLabel="Add flag"
        resultTitle="The flag was not saved"
        onSubmit={async () => {
          await save({ key, enabled: false, description });
          setKey('');
          setDescription('');
          return `Flag ${key} added (switched off).`;
        }}
      >
        <h2>Add a flag</h2>
        <TextField
          label="Key"
          hint="Lowercase letters, digits, dot, dash, underscore. Created switched off."
          value={key}
          required
          pattern="[a-z0-9][a-z0-9._\-]{0,63}"
          onChange={setKey}
        />
        <TextField label="Description" value={description} maxLength={500} onChange={setDescription} />
      </Form>
    </main>
  );
}
