import { useState } from 'react';
import { BarChart } from '../../components/Chart';
import { ActionResult, Badge, ErrorMessage, Field, Loading, Mono, PageTitle, Progress, TableWrap } from '../../components/ui';
import { api } from '../../lib/api';
import { checkLimits, fromFileList, toUpload, type PickedFile } from '../../lib/files';
import { formatBytes } from '../../lib/format';
import { useAction, useApi, useTitle } from '../../lib/hooks';
import { formatWei } from '../../lib/money';
import { Link } from '../../lib/router';
import type { ValidatorView } from '../types';

/** A canary: a submission with a known label, never certified, counting triple for standing. */
function CanaryForm() {
  const a = useAction();
  const [label, setLabel] = useState<'benign' | 'malicious'>('malicious');
  const [files, setFiles] = useState<PickedFile[]>([]);
  const [notes, setNotes] = useState('');
  const [created, setCreated] = useState<string | null>(null);
  const problem = files.length ? checkLimits(files) : null;
  return (
    <section className="card" aria-labelledby="canary">
      <h2 id="canary">Inject a canary</h2>
      <p>
        A canary is a skill whose right answer you know. It goes through the council like any submission but is never certified; each validator's verdict on it
        counts three times for its standing.
      </p>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          if (!files.length || problem) return;
          setCreated(null);
          await a.run('canary', async () => {
            const r = await api<{ submissionId: string }>('/api/v1/operator/canaries', {
              body: { label, category: 'SKILL', source: { type: 'upload', files: await toUpload(files) }, devNotes: notes },
            });
            setCreated(r.submissionId);
            setFiles([]);
            return `Canary ${r.submissionId} injected (${label}).`;
          });
        }}
      >
        <fieldset>
          <legend>Known label</legend>
          <div className="radio-row">
            <label>
              <input type="radio" name="canary-label" value="malicious" checked={label === 'malicious'} onChange={() => setLabel('malicious')} /> Malicious
              (should be rejected)
            </label>
            <label>
              <input type="radio" name="canary-label" value="benign" checked={label === 'benign'} onChange={() => setLabel('benign')} /> Benign (should be
              approved)
            </label>
          </div>
        </fieldset>
        <Field label="Canary files (SKILL.md and its files, or an archive)" hint="The same limits as a submission: 50 files, 512 KB.">
          {(p) => <input {...p} type="file" multiple onChange={(e) => e.target.files && setFiles(fromFileList(e.target.files))} />}
        </Field>
        {files.length > 0 && (
          <ul aria-label="Chosen canary files">
            {files.map((f) => (
              <li key={f.path}>
                <span className="mono">{f.path}</span> <span className="muted">({formatBytes(f.size)})</span>
              </li>
            ))}
          </ul>
        )}
        {problem && <div className="alert alert-warn">{problem}</div>}
        <Field label="Notes shown to reviewers (optional)">
          {(p) => <textarea {...p} value={notes} maxLength={4000} onChange={(e) => setNotes(e.target.value)} />}
        </Field>
        <button type="submit" disabled={a.busy !== null || files.length === 0 || !!problem}>
          {a.busy ? 'Injecting…' : 'Inject the canary'}
        </button>
        {a.busy && <Progress label="Uploading the canary…" />}
      </form>
      <ActionResult action={a} title="The canary was not injected" />
      {created && (
        <p>
          <Link to={`/console/submissions/${created}`}>Follow the canary’s review</Link>.
        </p>
      )}
    </section>
  );
}

export function ValidatorsPage() {
  useTitle('Validators');
  const v = useApi<{ validators: ValidatorView[] }>('/api/v1/operator/validators');
  const list = v.data?.validators ?? [];
  const name = (x: ValidatorView) => `${x.modelFamily} ${x.validatorId.slice(0, 6)}`;
  return (
    <main className="page" id="main">
      <PageTitle>Validators</PageTitle>
      <p>Open a validator for its standing history, sanctions and reinstatement.</p>
      {v.loading && <Loading what="validators" />}
      <ErrorMessage error={v.error} title="Could not load validators" />
      {v.data && list.length === 0 && <p>No validators are registered.</p>}
      {list.length > 0 && (
        <>
          <div className="two-col">
            <BarChart
              title="Reputation now (0–1000)"
              description={`Current reputation of ${list.length} validators; below 200 a validator leaves selection.`}
              bars={list.map((x) => ({ label: name(x), value: x.reputation }))}
            />
            <BarChart
              title="Governance weight now"
              description="Selection weight: √(stake/min) × reputation/1000 × (0.5 + accuracy)."
              bars={list.map((x) => ({ label: name(x), value: x.governanceWeight }))}
              format={(n) => n.toFixed(2)}
            />
          </div>
          <TableWrap label="Validators">
            <table>
              <thead>
                <tr>
                  <th scope="col">Validator</th>
                  <th scope="col">Status</th>
                  <th scope="col">Model</th>
                  <th scope="col">Reputation</th>
                  <th scope="col">Accuracy</th>
                  <th scope="col">Weight</th>
                  <th scope="col">Stake (SBYTE)</th>
                  <th scope="col">Owner</th>
                </tr>
              </thead>
              <tbody>
                {list.map((x) => (
                  <tr key={x.validatorId}>
                    <td>
                      <Link to={`/console/validators/${x.validatorId}`} aria-label={`Validator ${name(x)} (${x.validatorId})`}>
                        <span className="mono">{x.validatorId}</span>
                      </Link>
                    </td>
                    <td>
                      <Badge value={x.status} />
                    </td>
                    <td>
                      {x.modelFamily}
                      <div className="mono muted">{x.modelId}</div>
                    </td>
                    <td>{x.reputation}</td>
                    <td>{x.auditAccuracy.toFixed(3)}</td>
                    <td>{x.governanceWeight.toFixed(3)}</td>
                    <td className="num">{formatWei(x.stake)}</td>
                    <td>
                      <Mono>{x.ownerAddress}</Mono>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </>
      )}
      <CanaryForm />
    </main>
  );
}
