import { Table } from '../../components/Table';
import { Badge, Facts, Mono } from '../../components/ui';
import type { ResponseOf } from '../../lib/api';
import { bySeverity } from '../../lib/format';

/** The answer to a dry run (`POST /api/v1/dev/validate`): the evidence report and the locked manifest preview. */
export type DryRun = ResponseOf<'post', '/api/v1/dev/validate'>;

export function ManifestPreview({ run }: { run: DryRun }) {
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

export function Evidence({ run }: { run: DryRun }) {
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
      <Table
        label="Findings"
        empty={null}
        rows={bySeverity(r.findings)}
        rowKey={(f) => f.id}
        columns={[
          {
            header: 'Severity',
            cell: (f) => (
              <>
                <Badge value={f.severity} />
                {f.blocking && (
                  <>
                    {' '}
                    <Badge value="BLOCKING" />
                  </>
                )}
              </>
            ),
          },
          {
            header: 'Finding',
            className: 'wrap',
            cell: (f) => (
              <>
                <strong>{f.title}</strong>
                <div className="mono muted">{f.ruleId}</div>
                {f.excerpt && <div className="user-text mono">{f.excerpt}</div>}
              </>
            ),
          },
          { header: 'Where', className: 'mono', cell: (f) => (f.file ? `${f.file}${f.line ? `:${f.line}` : ''}` : '—') },
          {
            header: 'Why and how to fix',
            className: 'wrap',
            cell: (f) => (
              <>
                {f.why}
                <div className="hint">Remediation: {f.remediation}</div>
              </>
            ),
          },
        ]}
      />
    </section>
  );
}
