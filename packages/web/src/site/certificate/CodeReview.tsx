import { Table } from '../../components/Table';
import { Badge, Facts } from '../../components/ui';
import { bySeverity } from '../../lib/format';
import type { Snapshot } from './types';

export type CertificateCodeReview = NonNullable<Snapshot['codeReview']>;

const where = (f: { file: string | null; line: number | null }) => (f.file ? `${f.file}${f.line ? `:${f.line}` : ''}` : '—');

/** CODE* certificates: what the static code review found and what the entry point did in the sandbox. */
export function CodeReview({ review }: { review: CertificateCodeReview }) {
  const x = review.execution;
  const s = review.summary;
  const outcome = x.outcome === 'COMPLETED' ? 'COMPLETED' : `${x.outcome}${x.reason ? ` (${x.reason})` : ''}`;
  return (
    <section className="card" aria-labelledby="code-review">
      <h2 id="code-review">Code review</h2>
      <Facts
        items={[
          ['Entry point', review.entry],
          ['Languages', review.languages.length ? review.languages.join(', ') : '—'],
          [
            'Static analysis',
            `${s.processCalls} process/shell call(s), ${s.evalCalls} dynamic evaluation(s), ${s.envReads} env read(s), ${s.fileAccesses} file access(es), ${s.networkCalls} network call(s), ${s.flows} data flow(s)`,
          ],
          ['Highest severity', <Badge key="hs" value={s.highestSeverity} />],
          [
            'Execution',
            <span key="ex" data-testid="execution-outcome">
              {outcome}
            </span>,
          ],
          ['Runtime', x.runtime ? `${x.runtime}, ${(x.durationMs / 1000).toFixed(1)} s${x.timedOut ? ', stopped at the time limit' : ''}` : '—'],
          [
            'Attempted in the sandbox',
            `${x.counts.attemptedConnections} connection(s) (all blocked), ${x.counts.dnsQueries} DNS lookup(s), ${x.counts.processes} process(es), ${x.counts.writtenFiles} written file(s) (${x.counts.writtenOutsideTmp} outside tmp), ${x.counts.mockValuesSent} mock secret(s) sent`,
          ],
          ['What happened', x.description],
        ]}
      />
      <Table
        label="Code findings"
        caption="Code findings"
        empty="Code findings: none."
        rows={bySeverity(review.findings)}
        rowKey={(f, i) => `${f.ruleId}-${i}`}
        columns={[
          { header: 'Severity', cell: (f) => <Badge value={f.severity} /> },
          { header: 'Rule', className: 'mono', cell: (f) => f.ruleId },
          { header: 'Finding', className: 'wrap', cell: (f) => `${f.title}: ${f.detail}` },
          { header: 'Where', className: 'mono', cell: (f) => where(f) },
        ]}
      />
      <Table
        label="Attempted connections"
        caption="Attempted connections (blocked)"
        empty={null}
        rows={x.attemptedConnections}
        rowKey={(_, i) => String(i)}
        columns={[
          { header: 'Host', className: 'mono', cell: (c) => c.host ?? c.address },
          { header: 'Port', cell: (c) => (c.port === null ? '—' : String(c.port)) },
          { header: 'Protocol', cell: (c) => c.protocol },
          { header: 'Mock secrets sent', cell: (c) => (c.containsMock.length ? c.containsMock.join(', ') : 'none') },
        ]}
      />
      <Table
        label="Manifest delta"
        caption="SKILL.md against the code"
        empty={null}
        rows={review.manifestDelta}
        rowKey={(_, i) => String(i)}
        columns={[
          { header: 'Direction', cell: (d) => (d.direction === 'in-code-not-declared' ? 'in the code, not declared' : 'declared, not in the code') },
          { header: 'Kind', cell: (d) => d.kind },
          { header: 'Value', className: 'mono', cell: (d) => d.value },
          { header: 'Where', className: 'mono', cell: (d) => where(d) },
        ]}
      />
      {x.processes.length || x.writtenFiles.length ? (
        <Facts
          items={[
            ['Processes started', x.processes.length ? x.processes.join(', ') : 'none'],
            ['Files written', x.writtenFiles.length ? x.writtenFiles.join(', ') : 'none'],
          ]}
        />
      ) : null}
    </section>
  );
}
