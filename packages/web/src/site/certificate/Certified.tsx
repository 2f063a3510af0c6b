import { Table } from '../../components/Table';
import { Badge, Facts, Mono } from '../../components/ui';
import { bySeverity } from '../../lib/format';
import type { Snapshot } from './types';

function Findings({ title, items }: { title: string; items: Snapshot['review']['retainedWarnings'] }) {
  return (
    <Table
      label={title}
      caption={title}
      empty={`${title}: none.`}
      rows={bySeverity(items)}
      rowKey={(f, i) => `${f.ruleId}-${i}`}
      columns={[
        { header: 'Severity', cell: (f) => <Badge value={f.severity} /> },
        { header: 'Rule', className: 'mono', cell: (f) => f.ruleId },
        { header: 'Title', className: 'wrap', cell: (f) => f.title },
        { header: 'Where', className: 'mono', cell: (f) => (f.file ? `${f.file}${f.line ? `:${f.line}` : ''}` : '—') },
      ]}
    />
  );
}

/** What was certified: source, hashes, manifest, declared calls and the findings the review kept. */
export function Certified({ snap }: { snap: Snapshot }) {
  const m = snap.manifest;
  return (
    <section className="card" aria-labelledby="what">
      <h2 id="what">What was certified</h2>
      <Facts
        items={[
          ['Product type', snap.productType],
          ['Source', `${snap.source.sourceType}${snap.source.sourceUrl ? ` ${snap.source.sourceUrl}` : ''}`],
          ['Source ref', snap.source.sourceRef ? <Mono key="sr">{snap.source.sourceRef}</Mono> : '—'],
          ['Entry point', snap.source.entry ?? '—'],
          ['skillHash (SHA-256 of SKILL.md, LF)', snap.skillHash ? <Mono key="sh">{snap.skillHash}</Mono> : '—'],
          ['codeHash', snap.codeHash ? <Mono key="ch">{snap.codeHash}</Mono> : '—'],
          ['Network', m.safety.network],
          ['File system', m.safety.filesystem],
          ['Capabilities', m.capabilities.length ? m.capabilities.join(', ') : 'none declared'],
          ['Hosts in the text', m.hosts.length ? m.hosts.join(', ') : 'none'],
          ['Packages', snap.packages.length ? String(snap.packages.length) : 'none'],
        ]}
      />
      <Table
        label="Declared external calls"
        caption="Declared external calls"
        empty={null}
        rows={m.externalCalls}
        rowKey={(_, i) => String(i)}
        columns={[
          { header: 'Method', cell: (c) => c.method },
          { header: 'URL', className: 'mono', cell: (c) => c.url },
          { header: 'Auth', cell: (c) => c.auth },
          { header: 'Reason', className: 'wrap', cell: (c) => c.reason },
        ]}
      />
      <Findings title="Retained warnings" items={snap.review.retainedWarnings} />
      <Findings title="Retained errors" items={snap.review.retainedErrors} />
    </section>
  );
}
