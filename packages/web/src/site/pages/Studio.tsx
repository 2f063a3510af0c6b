import { ProductType } from '@sigma/core';
import { useMemo, useRef, useState } from 'react';
import { RadioGroup, SelectField, TextAreaField, TextField } from '../../components/Form';
import { ErrorMessage, Field, PageTitle, Progress } from '../../components/ui';
import { api, type BodyOf } from '../../lib/api';
import { checkLimits, fromFileList, toUpload, type PickedFile } from '../../lib/files';
import { formatBytes } from '../../lib/format';
import { useTitle } from '../../lib/hooks';
import type { Quote } from '../../lib/quote';
import { navigate } from '../../lib/router';
import { DashboardNav, RequireDeveloper } from '../session';
import { Evidence, ManifestPreview, type DryRun } from '../studio/DryRun';
import { StudioPay } from '../studio/StudioPay';

type Category = ProductType;
const ACCEPTED = new Set<Category>(['SKILL', 'API', 'SKILL_API', 'CODE', 'SKILL_CODE']);
/** A draft as the dry run, the quote and the submission take it. */
type Draft = BodyOf<'post', '/api/v1/dev/validate'>;

const newKey = () => `web-${crypto.randomUUID()}`;

function Studio() {
  const [category, setCategory] = useState<Category>('SKILL');
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

  const buildBody = async (): Promise<Draft> => {
    const source: Draft['source'] =
      sourceType === 'upload' ? { type: 'upload', files: await toUpload(picked) } : { type: 'git', url: gitUrl.trim(), ref: gitRef.trim() };
    return { category, source, devNotes: notes, ...(codeCategory && entry.trim() ? { entry: entry.trim() } : {}) };
  };

  /** Ask for a quote of exactly these inputs (the server dry-runs them again and prices the draft). */
  const requestQuote = async (forFingerprint: string) => {
    setQuote({ quote: null, for: forFingerprint, busy: true, error: null });
    try {
      const q: Quote = await api.post('/api/v1/dev/quotes', { body: await buildBody() });
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
            const r: DryRun = await api.post('/api/v1/dev/validate', { body: await buildBody() });
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
        <SelectField
          label="Category"
          hint={ACCEPTED.has(category) ? undefined : 'This deployment accepts SKILL, API, SKILL_API, CODE and SKILL_CODE submissions so far.'}
          value={category}
          onChange={setCategory}
          options={ProductType.options.map((c) => ({ value: c, disabled: !ACCEPTED.has(c), label: `${c}${ACCEPTED.has(c) ? '' : ' (not accepted yet)'}` }))}
        />

        <RadioGroup
          legend="Source"
          name="source"
          value={sourceType}
          onChange={setSourceType}
          options={[
            { value: 'upload', label: 'Upload files' },
            { value: 'git', label: 'Git repository at a commit' },
          ]}
        />
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
            <TextField label="Repository URL" hint="https:// only." type="url" value={gitUrl} onChange={setGitUrl} placeholder="https://github.com/you/skill" />
            <TextField
              label="Commit (40 hex digits)"
              hint="Git sources are always pinned to an exact commit."
              mono
              value={gitRef}
              onChange={(v) => setGitRef(v.trim())}
            />
          </>
        )}

        {codeCategory && <TextField label="Entry point" hint="For code categories: the file that starts the code." value={entry} onChange={setEntry} />}
        <TextAreaField
          label="Developer notes (optional)"
          hint={`Shown to reviewers as your claim to check, never as a fact. ${notes.length}/4000`}
          value={notes}
          maxLength={4000}
          onChange={setNotes}
        />

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
                  const r = await api.post('/api/v1/dev/submissions', {
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
