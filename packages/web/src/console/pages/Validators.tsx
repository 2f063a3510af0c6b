import { useState } from 'react';
import { BarChart } from '../../components/Chart';
import { Form, RadioGroup, TextAreaField } from '../../components/Form';
import { List } from '../../components/List';
import { Table } from '../../components/Table';
import { Badge, Field, Mono, PageTitle } from '../../components/ui';
import { api, type Get } from '../../lib/api';
import { checkLimits, fromFileList, toUpload, type PickedFile } from '../../lib/files';
import { formatBytes } from '../../lib/format';
import { useAction, useApi, useTitle } from '../../lib/hooks';
import { formatWei } from '../../lib/money';
import { Link } from '../../lib/router';

export type ValidatorView = Get<'/api/v1/operator/validators'>['validators'][number];

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
      <Form
        action={a}
        name="canary"
        submitLabel="Inject the canary"
        busyLabel="Injecting…"
        progress="Uploading the canary…"
        resultTitle="The canary was not injected"
        canSubmit={files.length > 0 && !problem}
        onSubmit={async () => {
          setCreated(null);
          const r = await api.post('/api/v1/operator/canaries', {
            body: { label, category: 'SKILL', source: { type: 'upload', files: await toUpload(files) }, devNotes: notes },
          });
          setCreated(r.submissionId);
          setFiles([]);
          return `Canary ${r.submissionId} injected (${label}).`;
        }}
      >
        <RadioGroup
          legend="Known label"
          name="canary-label"
          value={label}
          onChange={setLabel}
          options={[
            { value: 'malicious', label: 'Malicious (should be rejected)' },
            { value: 'benign', label: 'Benign (should be approved)' },
          ]}
        />
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
        <TextAreaField label="Notes shown to reviewers (optional)" value={notes} maxLength={4000} onChange={setNotes} />
      </Form>
      {created && (
        <p>
          <Link to={`/console/submissions/${created}`}>Follow the canary’s review</Link>.
        </p>
      )}
    </section>
  );
}

const name = (x: ValidatorView) => `${x.modelFamily} ${x.validatorId.slice(0, 6)}`;

export function ValidatorsPage() {
  useTitle('Validators');
  const v = useApi('/api/v1/operator/validators');
  return (
    <main className="page" id="main">
      <PageTitle>Validators</PageTitle>
      <p>Open a validator for its standing history, sanctions and reinstatement.</p>
      <List loaded={v} what="validators" items={(d) => d.validators} empty="No validators are registered.">
        {(list) => (
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
            <Table
              label="Validators"
              rows={list}
              rowKey={(x) => x.validatorId}
              columns={[
                {
                  header: 'Validator',
                  cell: (x) => (
                    <Link to={`/console/validators/${x.validatorId}`} aria-label={`Validator ${name(x)} (${x.validatorId})`}>
                      <span className="mono">{x.validatorId}</span>
                    </Link>
                  ),
                },
                { header: 'Status', cell: (x) => <Badge value={x.status} /> },
                {
                  header: 'Model',
                  cell: (x) => (
                    <>
                      {x.modelFamily}
                      <div className="mono muted">{x.modelId}</div>
                    </>
                  ),
                },
                { header: 'Reputation', cell: (x) => x.reputation },
                { header: 'Accuracy', cell: (x) => x.auditAccuracy.toFixed(3) },
                { header: 'Weight', cell: (x) => x.governanceWeight.toFixed(3) },
                { header: 'Stake (SBYTE)', num: true, cell: (x) => formatWei(x.stake) },
                { header: 'Owner', cell: (x) => <Mono>{x.ownerAddress}</Mono> },
              ]}
            />
          </>
        )}
      </List>
      <CanaryForm />
    </main>
  );
}
