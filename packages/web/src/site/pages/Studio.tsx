import type { EvidenceReport, Manifest, Reason } from '@sigma/core';
import { useMemo, useRef, useState } from 'react';
import { Badge, ErrorMessage, Facts, Field, Mono, PageTitle, Progress, TableWrap } from '../../components/ui';
import { api } from '../../lib/api';
import { checkLimits, fromFileList, toUpload, type PickedFile } from '../../lib/files';
import { bySeverity, formatBytes } from '../../lib/format';
import { useTitle } from '../../lib/hooks';
import type { Quote } from '../../lib/quote';
import { navigate } from '../../lib/router';
import { DashboardNav, RequireDeveloper } from '../session';
import { StudioPay } from './StudioPay';

const CATEGORIES = ['SKILL', 'API', 'SKILL_API', 'CODE', 'CODE_PACKAGES', 'SKILL_CODE', 'SKILL_CODE_PACKAGES', 'SKILL_API_CODE_PACKAGES'] as const;
const ACCEPTED = new Set(['SKILL']);

interface DryRun {
  report: EvidenceReport;
  manifestPreview: {
    manifest: Manifest;
    source: { sourceType: string; sourceUrl: string | null; sourceRef: string | null; entry: string | null };
    productType: string;
    skillHash: string | null;
    contentHash: string | null;
    fileCount: number;
  };
  wouldBlock: boolean;
  reasons: Reason[];
}

type SourceBody = { type: 'upload'; files: Array<{ path: string; contentBase64: string }> } | { type: 'git'; url: string; ref: string; path?: string };

const newKey = () => `web-${crypto.randomUUID()}`;

function ManifestPreview({ run }: { run: DryRun }) {
  const p = run.manifestPreview;
  const m = p.manifest;
  return (
    <section className="card" aria-labelledby="manifest-preview">
      <h2 id="manifest-preview">Manifest preview (locked)</h2>
      <p className="muted">Derived from your SKILL.md by the server; it is what reviewers and the certificate will state. Change the skill to change it.</p>
      <fieldset disabled aria-describedby="manifest-preview">
        <legend>Manifest</legend>
        <Facts
          items={[
            ['Name', m.name ?? '—'],
            ['Version', m.version ?? '—'],
            ['Description', m.description ?? '—'],
            ['Network', `${m.safety.network}${m.declared.safety ? '' : ' (derived)'}`],
            ['File system', `${m.safety.filesystem}${m.declared.safety ? '' : ' (derived)'}`],
            ['Capabilities', m.capabilities.length ? m.capabilities.join(', ') : 'none'],
            ['External calls', m.externalCalls.length ? m.externalCalls.map((c) => `${c.method} ${c.url}`).join(', ') : 'none declared'],
            ['Hosts found', m.hosts.length ? m.hosts.join(', ') : 'none'],
            ['Source', `${p.source.sourceType}${p.source.sourceUrl ? ` ${p.source.sourceUrl} @ ${p.source.sourceRef}` : ''}`],
            ['Category', p.productType],
            ['skillHash', p.skillHash ? <Mono key="s">{p.skillHash}</Mono> : '—'],
            ['Files', String(p.fileCount)],
          ]}
        />
      </fieldset>
    </section>
  );
}

function Evidence({ run }: { run: DryRun }) {
  const r = run.report;
  return (
    <section className="card" aria-labelledby="evidence">
      <h2 id="evidence">Dry-run evidence</h2>
      {run.wouldBlock ? (
        <div className="alert alert-error" role="alert">
          <strong>This skill would be rejected before review.</strong> Fix the blocking findings below first.
          <ul>
            {run.reasons.map((x, i) => (
              <li key={i}>
                {x.message}
                {x.remediation && <div className="hint">Remediation: {x.remediation}</div>}
              </li>
            ))}
          </ul>
        </div>
      ) : (
        <div className="alert alert-ok" role="status">
          No blocking findings: the skill can go to the council.
        </div>
      )}
      <Facts
        items={[
          ['Sandbox risk', <Badge key="r" value={r.sandboxRiskLevel} />],
          ['Findings', String(r.findings.length)],
          ['Analysability', `${r.analyzabilityScore}%`],
          ['Manifest mismatches', String(r.sourceFacts.manifestMismatchCount)],
          ['Engine', <Mono key="e">{r.engineVersion}</Mono>],
        ]}
      />
      {r.frontMatterErrors.length > 0 && (
        <div className="alert alert-warn">
          <strong>Front matter problems:</strong>
          <ul>
            {r.frontMatterErrors.map((e, i) => (
              <li key={i}>
                {e.line ? `line ${e.line}: ` : ''}
                {e.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      {r.sourceFacts.mismatches.length > 0 && (
        <>
          <h3>Declared versus observed</h3>
          <ul>
            {r.sourceFacts.mismatches.map((x, i) => (
              <li key={i}>
                {x.kind} <strong>{x.subject}</strong>: {x.detail}
              </li>
            ))}
          </ul>
        </>
      )}
      {r.findings.length > 0 && (
        <TableWrap label="Findings">
          <table>
            <thead>
              <tr>
                <th scope="col">Severity</th>
                <th scope="col">Finding</th>
                <th scope="col">Where</th>
                <th scope="col">Why and how to fix</th>
              </tr>
            </thead>
            <tbody>
              {bySeverity(r.findings).map((f) => (
                <tr key={f.id}>
                  <td>
                    <Badge value={f.severity} />
                    {f.blocking && (
                      <>
                        {' '}
                        <Badge value="BLOCKING" />
                      </>
                    )}
                  </td>
                  <td className="wrap">
                    <strong>{f.title}</strong>
                    <div className="mono muted">{f.ruleId}</div>
                    {f.excerpt && <div className="user-text mono">{f.excerpt}</div>}
                  </td>
                  <td className="mono">{f.file ? `${f.file}${f.line ? `:${f.line}` : ''}` : '—'}</td>
                  <td className="wrap">
                    {f.why}
                    <div className="hint">Remediation: {f.remediation}</div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </section>
  );
}

function Studio() {
  const [category, setCategory] = useState<string>('SKILL');
  const [sourceType, setSourceType] = useState<'upload' | 'git'>('upload');
  const [picked, setPicked] = useState<PickedFile[]>([]);
  const [gitUrl, setGitUrl] = useState('');
  const [gitRef, setGitRef] = useState('');
  const [entry, setEntry] = useState('');
  const [notes, setNotes] = useState('');
  const [run, setRun] = useState<DryRun | null>(null);
  const [runFor, setRunFor] = useState<string | null>(null);
  const [busy, setBusy] = useState<null | 'validate'>(null);
  const [error, setError] = useState<unknown>(null);
  const [quote, setQuote] = useState<{ quote: Quote | null; for: string; busy: boolean; error: unknown }>({ quote: null, for: '', busy: false, error: null });
  const idempotencyKey = useRef(newKey());

  const codeCategory = category.includes('CODE');
  const fingerprint = useMemo(
    () => JSON.stringify([category, sourceType, picked.map((f) => [f.path, f.size]), gitUrl, gitRef, entry, notes]),
    [category, sourceType, picked, gitUrl, gitRef, entry, notes],
  );
  const fresh = run !== null && runFor === fingerprint;
  const uploadProblem = sourceType === 'upload' ? checkLimits(picked) : null;
  const gitProblem =
    sourceType === 'git' && !(gitUrl.startsWith('https://') && /^[0-9a-f]{40}$/.test(gitRef))
      ? 'Give an https:// repository URL and a full 40-hex commit id.'
      : null;
  const inputProblem = uploadProblem ?? gitProblem;

  const buildBody = async () => {
    const source: SourceBody =
      sourceType === 'upload' ? { type: 'upload', files: await toUpload(picked) } : { type: 'git', url: gitUrl.trim(), ref: gitRef.trim() };
    return { category, source, devNotes: notes, ...(codeCategory && entry.trim() ? { entry: entry.trim() } : {}) };
  };

  /** Ask for a quote of exactly these inputs (the server dry-runs them again and prices the draft). */
  const requestQuote = async (forFingerprint: string) => {
    setQuote({ quote: null, for: forFingerprint, busy: true, error: null });
    try {
      const q = await api<Quote>('/api/v1/dev/quotes', { body: await buildBody() });
      setQuote({ quote: q, for: forFingerprint, busy: false, error: null });
    } catch (err) {
      setQuote({ quote: null, for: forFingerprint, busy: false, error: err });
    }
  };

  const onFiles = (list: FileList | null) => {
    if (!list) return;
    setPicked(fromFileList(list));
  };

  return (
    <>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy('validate');
          setError(null);
          try {
            const r = await api<DryRun>('/api/v1/dev/validate', { body: await buildBody() });
            setRun(r);
            setRunFor(fingerprint);
            idempotencyKey.current = newKey();
            setBusy(null);
            if (!r.wouldBlock) await requestQuote(fingerprint);
            else setQuote({ quote: null, for: '', busy: false, error: null });
          } catch (err) {
            setError(err);
          } finally {
            setBusy(null);
          }
        }}
      >
        <Field label="Category" hint={ACCEPTED.has(category) ? undefined : 'This deployment accepts only SKILL submissions so far.'}>
          {(p) => (
            <select {...p} value={category} onChange={(e) => setCategory(e.target.value)}>
              {CATEGORIES.map((c) => (
                <option key={c} value={c} disabled={!ACCEPTED.has(c)}>
                  {c}
                  {ACCEPTED.has(c) ? '' : ' (not accepted yet)'}
                </option>
              ))}
            </select>
          )}
        </Field>

        <fieldset>
          <legend>Source</legend>
          <div className="radio-row">
            <label>
              <input type="radio" name="source" value="upload" checked={sourceType === 'upload'} onChange={() => setSourceType('upload')} /> Upload files
            </label>
            <label>
              <input type="radio" name="source" value="git" checked={sourceType === 'git'} onChange={() => setSourceType('git')} /> Git repository at a commit
            </label>
          </div>
          {sourceType === 'upload' ? (
            <>
              <Field label="Files (SKILL.md and its files, or a .zip / .tar.gz archive)" hint="At most 50 files, 512 KB in total, 200 KB each.">
                {(p) => <input {...p} type="file" multiple onChange={(e) => onFiles(e.target.files)} />}
              </Field>
              <Field label="Or a whole folder" hint="The folder's own name is dropped from the paths.">
                {(p) => <input {...p} type="file" multiple {...{ webkitdirectory: '', directory: '' }} onChange={(e) => onFiles(e.target.files)} />}
              </Field>
              {picked.length > 0 && (
                <ul aria-label="Chosen files">
                  {picked.map((f) => (
                    <li key={f.path}>
                      <span className="mono">{f.path}</span> <span className="muted">({formatBytes(f.size)})</span>
                    </li>
                  ))}
                </ul>
              )}
            </>
          ) : (
            <>
              <Field label="Repository URL" hint="https:// only.">
                {(p) => <input {...p} type="url" value={gitUrl} onChange={(e) => setGitUrl(e.target.value)} placeholder="https://github.com/you/skill" />}
              </Field>
              <Field label="Commit (40 hex digits)" hint="Git sources are always pinned to an exact commit.">
                {(p) => <input {...p} value={gitRef} onChange={(e) => setGitRef(e.target.value.trim())} className="mono" />}
              </Field>
            </>
          )}
        </fieldset>

        {codeCategory && (
          <Field label="Entry point" hint="For code categories: the file that starts the code.">
            {(p) => <input {...p} value={entry} onChange={(e) => setEntry(e.target.value)} />}
          </Field>
        )}
        <Field label="Developer notes (optional)" hint={`Shown to reviewers as your claim to check, never as a fact. ${notes.length}/4000`}>
          {(p) => <textarea {...p} value={notes} maxLength={4000} onChange={(e) => setNotes(e.target.value)} />}
        </Field>

        {inputProblem && (picked.length > 0 || sourceType === 'git') && <div className="alert alert-warn">{inputProblem}</div>}
        <div className="actions">
          <button type="submit" disabled={busy !== null || !!inputProblem || !ACCEPTED.has(category)}>
            {busy === 'validate' ? 'Validating…' : 'Run dry-run validation'}
          </button>
          <span className="muted">Free; nothing is stored.</span>
        </div>
        {busy === 'validate' && <Progress label="Running the evidence engine on your skill…" />}
      </form>

      <ErrorMessage error={error} title="The dry run did not work" />

      {run && !fresh && <div className="alert alert-warn">You changed the skill since the dry run: run it again before submitting.</div>}
      {run && (
        <>
          <ManifestPreview run={run} />
          <Evidence run={run} />
          <section className="card" aria-labelledby="pay">
            <h2 id="pay">Quote and payment</h2>
            {run.wouldBlock ? (
              <p>Fix the blocking findings first: a skill that would be rejected before review is not priced.</p>
            ) : (
              <StudioPay
                quote={quote.for === fingerprint ? quote.quote : null}
                quoteBusy={quote.busy}
                quoteError={quote.for === fingerprint ? quote.error : null}
                onRequote={() => void requestQuote(fingerprint)}
                canSubmit={fresh && !run.wouldBlock}
                submit={async (quoteId, payment) => {
                  const r = await api<{ submissionId: string }>('/api/v1/dev/submissions', {
                    body: { ...(await buildBody()), quoteId, payment },
                    headers: { 'idempotency-key': idempotencyKey.current },
                  });
                  navigate(`/dashboard/submissions/${r.submissionId}`);
                }}
              />
            )}
          </section>
        </>
      )}
    </>
  );
}

export function StudioPage() {
  useTitle('New submission');
  return (
    <RequireDeveloper>
      {(me) => (
        <main className="page" id="main">
          <PageTitle>New submission</PageTitle>
          <DashboardNav me={me} />
          <p>Choose the category and your skill, run the free dry run, check the locked manifest and the evidence, then pay the quote and submit.</p>
          <Studio />
        </main>
      )}
    </RequireDeveloper>
  );
}
