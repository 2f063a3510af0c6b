import { ErrorMessage, Loading, PageTitle } from '../../components/ui';
import { ApiError } from '../../lib/api';
import { formatDate } from '../../lib/format';
import { useApi, useTitle } from '../../lib/hooks';

/** DEVELOPMENT ONLY: mail kept by a server without SMTP. */
export function OutboxPage() {
  useTitle('Development outbox');
  const box = useApi('/api/v1/dev-outbox/messages', { query: { limit: 20 } });
  const absent = box.error instanceof ApiError && box.error.status === 404;
  return (
    <main className="page" id="main">
      <PageTitle>Development outbox</PageTitle>
      <div className="dev-only" role="note">
        DEVELOPMENT ONLY — mail this server would have sent. It exists only on a development server without SMTP; production servers never show it.
      </div>
      {box.loading && <Loading what="the outbox" />}
      {absent ? (
        <div className="alert alert-info">
          The development outbox is not available on this server (email is configured, or it runs in production). Check your mailbox.
        </div>
      ) : (
        <ErrorMessage error={box.error} title="Could not load the outbox" />
      )}
      {box.data && (
        <>
          <div className="actions">
            <button type="button" className="secondary" onClick={box.reload}>
              Refresh
            </button>
            <span className="muted">{box.data.messages.length} message(s), newest first</span>
          </div>
          {box.data.messages.map((m) => (
            <article key={m.id} className="card" aria-label={`Mail to ${m.to}`}>
              <h2 className="mail-subject">{m.subject}</h2>
              <p className="muted">
                To <strong>{m.to}</strong> · {formatDate(m.createdAt)}
              </p>
              <pre className="plain">{m.body}</pre>
            </article>
          ))}
        </>
      )}
    </main>
  );
}
