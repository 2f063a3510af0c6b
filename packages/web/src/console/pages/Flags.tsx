import { useState } from 'react';
import { Form, SelectField, TextField } from '../../components/Form';
import { List } from '../../components/List';
import { Badge, PageTitle } from '../../components/ui';
import { api, type Get } from '../../lib/api';
import { formatDate } from '../../lib/format';
import { useAction, useApi, useTitle } from '../../lib/hooks';

type FlagView = Get<'/api/v1/operator/flags'>['flags'][number];
const FILTERS = ['', 'OPEN', 'ESCALATED', 'UPHELD', 'DISMISSED'] as const;

function Triage({ flag, onDone }: { flag: FlagView; onDone: () => void }) {
  const a = useAction();
  const [status, setStatus] = useState<'' | 'DISMISSED' | 'ESCALATED' | 'UPHELD'>('');
  const [resolution, setResolution] = useState('');
  const options = flag.status === 'OPEN' ? (['ESCALATED', 'UPHELD', 'DISMISSED'] as const) : (['UPHELD', 'DISMISSED'] as const);
  return (
    <Form
      action={a}
      inline
      submitLabel="Triage"
      busyLabel="Saving…"
      canSubmit={status !== ''}
      resultTitle="Triage failed"
      onSubmit={async () => {
        if (status === '') return;
        await api.post('/api/v1/operator/flags/{id}/triage', { path: { id: flag.flagId }, body: { status, resolution } });
        onDone();
      }}
    >
      <SelectField
        label="Decision"
        hint="Upheld suspends the certificate; escalated makes it invalid until decided."
        value={status}
        required
        onChange={setStatus}
        options={[{ value: '', label: 'Choose…' }, ...options.map((o) => ({ value: o }))]}
      />
      <TextField label="Resolution" hint="At least 10 characters; goes to the audit log." value={resolution} minLength={10} required onChange={setResolution} />
    </Form>
  );
}

export function FlagsPage() {
  useTitle('Flags');
  const [filter, setFilter] = useState<(typeof FILTERS)[number]>('');
  const flags = useApi('/api/v1/operator/flags', { query: { status: filter || undefined } });
  return (
    <main className="page" id="main">
      <PageTitle>Flags</PageTitle>
      <div className="inline-form">
        <SelectField label="Show" value={filter} onChange={setFilter} options={FILTERS.map((s) => ({ value: s, label: s || 'All flags' }))} />
      </div>
      <List loaded={flags} what="flags" items={(d) => d.flags} empty="No flags.">
        {(list) =>
          list.map((f) => (
            <article key={f.flagId} className="card" aria-label={`Flag ${f.flagId}`}>
              <div className="actions">
                <Badge value={f.status} />
                {f.source === 'MONITOR' && <Badge value="MONITOR" />}
                <strong>{f.reason}</strong>
                <span className="muted">
                  on <a href={`/certificate/${f.certificateId}`}>certificate {f.certificateId}</a> · {formatDate(f.createdAt)}
                </span>
              </div>
              <div className="user-text">{f.evidence}</div>
              {f.contact && <p className="muted">Contact: {f.contact}</p>}
              {f.resolution && (
                <p>
                  Resolution ({formatDate(f.triagedAt)}): {f.resolution}
                </p>
              )}
              {(f.status === 'OPEN' || f.status === 'ESCALATED') && <Triage flag={f} onDone={flags.reload} />}
            </article>
          ))
        }
      </List>
    </main>
  );
}
