import { Badge, ErrorMessage, Facts, Loading, PageTitle, Progress } from '../../components/ui';
import { formatDate } from '../../lib/format';
import { usePolling, useTitle } from '../../lib/hooks';
import { Link } from '../../lib/router';
import { DashboardNav, RequireDeveloper } from '../session';

const STAGES = ['SUBMITTED', 'SANDBOX', 'IN_AUDIT', 'DECIDED'] as const;
const FINAL = new Set(['APPROVED', 'REJECTED']);

/** Where the submission is in its lifecycle, for the stage strip. */
export function stageIndex(status: string): number {
  if (FINAL.has(status)) return 3;
  if (status === 'ESCALATED') return 2;
  const i = STAGES.indexOf(status as (typeof STAGES)[number]);
  return i < 0 ? 0 : i;
}

function Detail({ id }: { id: string }) {
  const sub = usePolling('/api/v1/dev/submissions/{id}', { path: { id } }, 1500, (d) => !d || !FINAL.has(d.status));
  const v = sub.data;
  useTitle(v?.skillName ? `Submission: ${v.skillName}` : 'Submission');
  if (sub.loading && !v) return <Loading what="the submission" />;
  if (!v) return <ErrorMessage error={sub.error} title="Could not load this submission" />;
  const at = stageIndex(v.status);
  return (
    <>
      <div className="actions">
        <span>
          Status: <Badge value={v.status} />
        </span>
        <span className="muted">{v.productType}</span>
      </div>
      <ol className="stages" aria-label="Progress">
        {STAGES.map((s, i) => (
          <li
            key={s}
            className={i < at || FINAL.has(v.status) ? 'done' : i === at ? 'current' : ''}
            aria-current={i === at && !FINAL.has(v.status) ? 'step' : undefined}
          >
            {s === 'DECIDED' ? (FINAL.has(v.status) ? v.status : 'Decision') : s.replace('_', ' ')}
          </li>
        ))}
      </ol>
      {sub.polling && (
        <Progress label={v.status === 'ESCALATED' ? 'Escalated: waiting for the escalation assembly or an operator…' : 'Following the review live…'} />
      )}
      {sub.error && <ErrorMessage error={sub.error} title="Lost contact with the server (retrying)" />}

      {v.status === 'APPROVED' && v.certificateId && (
        <div className="alert alert-ok" role="status">
          <strong>Approved.</strong> Your certificate is ready: <Link to={`/certificate/${v.certificateId}`}>view the certificate</Link>.
        </div>
      )}
      {v.status === 'REJECTED' && (
        <div className="alert alert-error" role="status">
          <strong>Rejected.</strong> The reasons and what to change are below.
        </div>
      )}

      {v.reasons.length > 0 && (
        <section className="card" aria-labelledby="reasons">
          <h2 id="reasons">Reasons and remediation</h2>
          <ul>
            {v.reasons.map((r, i) => (
              <li key={i}>
                <strong className="mono">{r.code}</strong>
                {r.file ? (
                  <span className="mono">
                    {' '}
                    ({r.file}
                    {r.line ? `:${r.line}` : ''})
                  </span>
                ) : null}
                : {r.message}
                {r.remediation && <div className="hint">Remediation: {r.remediation}</div>}
              </li>
            ))}
          </ul>
        </section>
      )}

      <section className="card" aria-labelledby="summary">
        <h2 id="summary">Summary</h2>
        <Facts
          items={[
            [
              'Submission',
              <span key="id" className="mono">
                {v.submissionId}
              </span>,
            ],
            ['Created', formatDate(v.createdAt)],
            ['Updated', formatDate(v.updatedAt)],
            [
              'Evidence',
              v.evidenceSummary
                ? `risk ${v.evidenceSummary.sandboxRiskLevel}, ${v.evidenceSummary.findingCount} finding(s)${v.evidenceSummary.blocked ? ', blocked' : ''}`
                : 'not yet',
            ],
            [
              'Certificate',
              v.certificateId ? (
                <Link key="c" to={`/certificate/${v.certificateId}`}>
                  {v.certificateId}
                </Link>
              ) : (
                '—'
              ),
            ],
          ]}
        />
        {v.devNotes && (
          <>
            <h3>Your notes</h3>
            <div className="user-text">{v.devNotes}</div>
          </>
        )}
      </section>

      <section className="card" aria-labelledby="timeline">
        <h2 id="timeline">Timeline</h2>
        <ol className="timeline" aria-live="polite">
          {v.timeline.map((e, i) => (
            <li key={i}>
              <time dateTime={e.at}>{formatDate(e.at)}</time>
              {e.status && <Badge value={e.status} />} {e.message}
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}

export function SubmissionPage({ id }: { id: string }) {
  return (
    <RequireDeveloper>
      {(me) => (
        <main className="page" id="main">
          <PageTitle>Submission</PageTitle>
          <DashboardNav me={me} />
          <Detail id={id} />
        </main>
      )}
    </RequireDeveloper>
  );
}
