import { useState } from 'react';
import { Badge, ErrorMessage, Field, Loading, PageTitle } from '../../components/ui';
import { api } from '../../lib/api';
import { formatDate } from '../../lib/format';
import { useApi, useTitle } from '../../lib/hooks';
import type { FlagView } from '../types';

function Triage({ flag, onDone }: { flag: FlagView; onDone: () => void }) {
  const [status, setStatus] = useState<'' | 'DISMISSED' | 'ESCALATED' | 'UPHELD'>('');
  const [resolution, setResolution] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const options = flag.status === 'OPEN' ? (['ESCALATED', 'UPHELD', 'DISMISSED'] as const) : (['UPHELD', 'DISMISSED'] as const);
  return (
    <form
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        try {
          await api(`/api/v1/operator/flags/${flag.flagId}/triage`, { body: { status, resolution } });
          onDone();
        } catch (err) {
          setError(err);
          setBusy(false);
        }
      }}
    >
      <div className="inline-form">
        <Field label="Decision" hint="Upheld suspends the certificate; escalated makes it invalid until decided.">
          {(p) => (
            <select {...p} value={status} required onChange={(e) => setStatus(e.target.value as typeof status)}>
              <option value="">Choose…</option>
              {options.map((o) => (
                <option key={o} value={o}>
                  {o}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Resolution" hint="At least 10 characters; goes to the audit log.">
          {(p) => <input {...p} value={resolution} minLength={10} required onChange={(e) => setResolution(e.target.value)} />}
        </Field>
        <button type="submit" disabled={busy || !status}>
          {busy ? 'Saving…' : 'Triage'}
        </button>
      </div>
      <ErrorMessage error={error} title="Triage failed" />
    </form>
  );
}

export function FlagsPage() {
  useTitle('Flags');
  const [filter, setFilter] = useState('');
  const flags = useApi<{ flags: FlagView[] }>(`/api/v1/operator/flags${filter ? `?status=${filter}` : ''}`);
  return (
    <main className="page" id="main">
      <PageTitle>Flags</PageTitle>
      <div className="inline-form">
        <Field label="Show">
          {(p) => (
            <select {...p} value={filter} onChange={(e) => setFilter(e.target.value)}>
              <option value="">All flags</option>
              {['OPEN', 'ESCALATED', 'UPHELD', 'DISMISSED'].map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      {flags.loading && <Loading what="flags" />}
      <ErrorMessage error={flags.error} title="Could not load flags" />
      {flags.data?.flags.length === 0 && <p>No flags.</p>}
      {flags.data?.flags.map((f) => (
        <article key={f.flagId} className="card" aria-label={`Flag ${f.flagId}`}>
          <div className="actions">
            <Badge value={f.status} />
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
      ))}
    </main>
  );
}
