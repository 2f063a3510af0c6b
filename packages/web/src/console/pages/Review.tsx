import { useState } from 'react';
import { Form, RadioGroup, TextAreaField } from '../../components/Form';
import { VerdictList } from '../../components/VerdictList';
import { Badge, Facts, Loading, Mono, PageTitle, Progress, ErrorMessage } from '../../components/ui';
import { api, type Get } from '../../lib/api';
import { bySeverity, formatDate } from '../../lib/format';
import { useAction, useApi, useTitle } from '../../lib/hooks';
import { Link } from '../../lib/router';

type Detail = Get<'/api/v1/operator/submissions/{id}'>;
type EvidenceReport = NonNullable<Detail['evidence']>;
type RoundView = Detail['rounds'][number];

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
          <VerdictList verdicts={r.verdicts} level={4} idPrefix={`round-${r.roundNumber}`} />
        </div>
      ))}
    </>
  );
}

function Decide({ id, onDone }: { id: string; onDone: (message: string) => void }) {
  const a = useAction();
  const [decision, setDecision] = useState<'APPROVE' | 'REJECT' | ''>('');
  const [reason, setReason] = useState('');
  return (
    <Form
      action={a}
      name="decide"
      className="card"
      labelledBy="decide"
      submitLabel="Record decision"
      busyLabel="Recording…"
      canSubmit={decision !== ''}
      resultTitle="The decision was not recorded"
      onSubmit={async () => {
        if (decision === '') return;
        const r = await api.post('/api/v1/operator/submissions/{id}/decision', { path: { id }, body: { decision, reason } });
        onDone(decision === 'APPROVE' ? `Approved (${r.status}); the certificate is being sealed.` : `Rejected (${r.status}).`);
      }}
    >
      <h2 id="decide">Decide this escalation</h2>
      <RadioGroup
        legend="Decision"
        name="decision"
        value={decision}
        onChange={setDecision}
        required
        options={[
          { value: 'APPROVE', label: 'Approve' },
          { value: 'REJECT', label: 'Reject' },
        ]}
      />
      <TextAreaField
        label="Reason"
        hint="Required, at least 10 characters. It is recorded in the round, the audit log and (on rejection) shown to the developer."
        value={reason}
        minLength={10}
        maxLength={4000}
        required
        onChange={setReason}
      />
    </Form>
  );
}

export function ReviewPage({ id }: { id: string }) {
  const d = useApi('/api/v1/operator/submissions/{id}', { path: { id } });
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
