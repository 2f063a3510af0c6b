import type { EvidenceReport, RoundView, SubmissionView } from '@sigma/core';
import { useState } from 'react';
import { Badge, ErrorMessage, Facts, Field, Loading, Mono, PageTitle, Progress } from '../../components/ui';
import { api } from '../../lib/api';
import { bySeverity, formatDate, groupBy, phaseName } from '../../lib/format';
import { useApi, useTitle } from '../../lib/hooks';
import { Link } from '../../lib/router';

interface Detail {
  submission: SubmissionView;
  evidence: EvidenceReport | null;
  rounds: RoundView[];
}

function EvidenceColumn({ ev }: { ev: EvidenceReport | null }) {
  if (!ev) return <p>No evidence report yet.</p>;
  const f = ev.sourceFacts;
  return (
    <>
      <Facts
        items={[
          ['Sandbox risk', <Badge key="r" value={ev.sandboxRiskLevel} />],
          ['Blocked', ev.blocked ? `yes: ${ev.blockedReasons.join('; ')}` : 'no'],
          ['Prompt-injection signals', String(f.promptInjectionSignalCount)],
          ['High-risk signals', String(f.highRiskSignalCount)],
          ['Real secrets', String(f.realSecretSignalCount)],
          ['Manifest mismatches', String(f.manifestMismatchCount)],
          ['Capabilities seen', (['shell', 'env', 'process', 'filesystem', 'wallet', 'network'] as const).filter((k) => f[k]).join(', ') || 'none'],
          ['External hosts', f.externalHosts.join(', ') || 'none'],
          ['Engine', <Mono key="e">{ev.engineVersion}</Mono>],
        ]}
      />
      {f.mismatches.length > 0 && (
        <>
          <h3>Declared versus observed</h3>
          <ul>
            {f.mismatches.map((m, i) => (
              <li key={i}>
                {m.direction === 'observed_not_declared' ? 'observed, not declared' : 'declared, not observed'}: <strong>{m.subject}</strong> — {m.detail}
              </li>
            ))}
          </ul>
        </>
      )}
      <h3>Findings ({ev.findings.length})</h3>
      {bySeverity(ev.findings).map((x) => (
        <div key={x.id} className="verdict">
          <div className="actions">
            <Badge value={x.severity} />
            {x.blocking && <Badge value="BLOCKING" />}
            <strong>{x.title}</strong>
            <span className="mono muted">
              {x.id} · {x.ruleId}
              {x.file ? ` · ${x.file}${x.line ? `:${x.line}` : ''}` : ''}
            </span>
          </div>
          {x.excerpt && <div className="user-text mono">{x.excerpt}</div>}
          <p className="rationale">{x.why}</p>
        </div>
      ))}
    </>
  );
}

function VerdictsColumn({ rounds }: { rounds: RoundView[] }) {
  if (rounds.length === 0) return <p>No audit round yet.</p>;
  return (
    <>
      {rounds.map((r) => (
        <div key={r.roundId}>
          <h3>
            Round {r.roundNumber} · {r.roundType} <Badge value={r.outcome ?? r.status} />
          </h3>
          {r.outcomeReasons.length > 0 && (
            <ul>
              {r.outcomeReasons.map((x, i) => (
                <li key={i}>{x}</li>
              ))}
            </ul>
          )}
          {r.diversityNotes.map((x, i) => (
            <p key={i} className="muted">
              {x}
            </p>
          ))}
          {groupBy(r.verdicts, (v) => v.phase).map((g) => (
            <section key={g.key} aria-label={`Round ${r.roundNumber}, ${phaseName(g.key)}`}>
              <h4>{phaseName(g.key)}</h4>
              {g.items.map((v) => (
                <article key={`${v.validatorId}-${v.phase}`} className={`verdict ${v.verdict === 'SAFE' ? 'safe' : v.verdict === 'UNSAFE' ? 'unsafe' : ''}`}>
                  <div className="actions">
                    <Badge value={v.verdict ?? v.status} />
                    {v.blocking && <Badge value="BLOCKING" />}
                    <Badge value={v.severity} />
                    <span>
                      {v.modelFamily} · <span className="mono">{v.modelId}</span> · weight {v.weight.toFixed(3)}
                    </span>
                  </div>
                  <div className="mono muted">
                    validator {v.validatorId} · owner {v.ownerAddress}
                  </div>
                  <p className="rationale">{v.rationale}</p>
                  {v.findings.length > 0 && (
                    <ul>
                      {v.findings.map((f, i) => (
                        <li key={i}>
                          <Badge value={f.severity} /> {f.summary} <span className="mono muted">cites {f.evidenceIds.join(', ') || '—'}</span>
                        </li>
                      ))}
                    </ul>
                  )}
                </article>
              ))}
            </section>
          ))}
        </div>
      ))}
    </>
  );
}

function Decide({ id, onDone }: { id: string; onDone: (message: string) => void }) {
  const [decision, setDecision] = useState<'APPROVE' | 'REJECT' | ''>('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  return (
    <form
      className="card"
      aria-labelledby="decide"
      onSubmit={async (e) => {
        e.preventDefault();
        if (!decision) return;
        setBusy(true);
        setError(null);
        try {
          const r = await api<{ status: string }>(`/api/v1/operator/submissions/${id}/decision`, { body: { decision, reason } });
          onDone(decision === 'APPROVE' ? `Approved (${r.status}); the certificate is being sealed.` : `Rejected (${r.status}).`);
        } catch (err) {
          setError(err);
          setBusy(false);
        }
      }}
    >
      <h2 id="decide">Decide this escalation</h2>
      <fieldset>
        <legend>Decision</legend>
        <div className="radio-row">
          <label>
            <input type="radio" name="decision" value="APPROVE" checked={decision === 'APPROVE'} onChange={() => setDecision('APPROVE')} required /> Approve
          </label>
          <label>
            <input type="radio" name="decision" value="REJECT" checked={decision === 'REJECT'} onChange={() => setDecision('REJECT')} /> Reject
          </label>
        </div>
      </fieldset>
      <Field label="Reason" hint="Required, at least 10 characters. It is recorded in the round, the audit log and (on rejection) shown to the developer.">
        {(p) => <textarea {...p} value={reason} minLength={10} maxLength={4000} required onChange={(e) => setReason(e.target.value)} />}
      </Field>
      <ErrorMessage error={error} title="The decision was not recorded" />
      <button type="submit" disabled={busy || !decision}>
        {busy ? 'Recording…' : 'Record decision'}
      </button>
    </form>
  );
}

export function ReviewPage({ id }: { id: string }) {
  const d = useApi<Detail>(`/api/v1/operator/submissions/${encodeURIComponent(id)}`);
  const [decided, setDecided] = useState<string | null>(null);
  useTitle(d.data?.submission.skillName ? `Review: ${d.data.submission.skillName}` : 'Review');
  if (d.loading && !d.data) {
    return (
      <main className="page" id="main">
        <Loading what="the submission" />
      </main>
    );
  }
  if (!d.data) {
    return (
      <main className="page" id="main">
        <PageTitle>Submission {id}</PageTitle>
        <ErrorMessage error={d.error} title="Could not load this submission" />
      </main>
    );
  }
  const { submission: s, evidence, rounds } = d.data;
  const waiting = s.status === 'ESCALATED' && rounds.some((r) => r.status === 'OPEN' && r.verdicts.every((v) => v.status !== 'PENDING'));
  return (
    <main className="page" id="main">
      <PageTitle>
        {s.skillName ?? 'Submission'} <Badge value={s.status} />
      </PageTitle>
      <p>
        <Link to="/console">← Queue</Link> · <span className="mono">{s.submissionId}</span> · {s.productType} · created {formatDate(s.createdAt)}
        {s.certificateId && (
          <>
            {' '}
            · <a href={`/certificate/${s.certificateId}`}>certificate</a>
          </>
        )}
      </p>
      {s.devNotes && (
        <div className="card">
          <h2>Developer notes (a claim to check)</h2>
          <div className="user-text">{s.devNotes}</div>
        </div>
      )}
      {decided && (
        <div className="alert alert-ok" role="status">
          Decision recorded: {decided}
        </div>
      )}
      {s.status === 'ESCALATED' && !decided && !waiting && <Progress label="The escalation assembly is still voting…" />}
      {s.status === 'ESCALATED' && !decided && (
        <Decide
          id={s.submissionId}
          onDone={(message) => {
            setDecided(message);
            d.reload();
          }}
        />
      )}
      <div className="two-col">
        <section className="card" aria-labelledby="ev">
          <h2 id="ev">Evidence</h2>
          <EvidenceColumn ev={evidence} />
        </section>
        <section className="card" aria-labelledby="vd">
          <h2 id="vd">Verdicts</h2>
          <VerdictsColumn rounds={rounds} />
        </section>
      </div>
      <section className="card" aria-labelledby="tl">
        <h2 id="tl">Timeline</h2>
        <ol className="timeline">
          {s.timeline.map((e, i) => (
            <li key={i}>
              <time dateTime={e.at}>{formatDate(e.at)}</time>
              {e.status && <Badge value={e.status} />} {e.message}
            </li>
          ))}
        </ol>
      </section>
    </main>
  );
}
