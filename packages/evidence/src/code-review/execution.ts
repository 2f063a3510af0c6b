/** The execution half of the code review: the sandbox's record turned into findings, joined with the static half. */
import { type CodeEventKind, type CodeReview, type CodeReviewFinding, type ExecutionRecord, type Finding, type Severity } from '@sigma/core';
import { finding, KIND, maxSev } from './shared.js';
import type { StaticReview } from './shared.js';

/** Findings from the run itself: a mock secret seen leaving (blocked) is exfiltration caught in the act. */
export function executionFindings(x: ExecutionRecord, entry: string): Finding[] {
  const out: Finding[] = [];
  const sent = [
    ...x.attemptedConnections.filter((c) => c.containsMock.length).map((c) => ({ what: `${c.host ?? c.address}:${c.port ?? '?'}`, names: c.containsMock })),
    ...x.dnsQueries.filter((q) => q.containsMock.length).map((q) => ({ what: `a DNS lookup of ${q.name}`, names: q.containsMock })),
    ...x.processes.filter((p) => p.containsMock.length).map((p) => ({ what: `the arguments of ${p.path}`, names: p.containsMock })),
  ];
  if (sent.length) {
    const names = [...new Set(sent.flatMap((s) => s.names))].sort();
    out.push(
      finding(
        'EXECUTION_SECRET_SENT',
        'When run, the code sent a (mock) secret out',
        'HIGH',
        entry,
        null,
        sent
          .slice(0, 3)
          .map((s) => s.what)
          .join('; '),
        `In the sandbox every environment variable the code reads held a throwaway canary; the canary of ${names.join(', ')} appeared in ${sent
          .slice(0, 3)
          .map((s) => s.what)
          .join('; ')} (blocked: nothing left the sandbox).`,
        'Do not send environment values or credentials anywhere.',
        true,
        ['OWASP-AST01', 'exfiltration', 'execution'],
      ),
    );
  }
  if (x.counts.writtenOutsideTmp > 0) {
    out.push(
      finding(
        'EXECUTION_WRITE_OUTSIDE_TMP',
        'When run, the code tried to write outside its temporary directory',
        'MEDIUM',
        entry,
        null,
        x.writtenFiles
          .filter((f) => !f.insideTmp)
          .slice(0, 3)
          .map((f) => f.path)
          .join(', '),
        'The sandbox is read-only outside /tmp, so the write was refused; on a real machine it would have changed files outside the tool.',
        'Write only to a temporary directory or a path the user chooses.',
        false,
        ['execution'],
      ),
    );
  }
  return out;
}

const toReviewFinding = (f: Finding): CodeReviewFinding => ({
  ruleId: f.ruleId,
  title: f.title,
  severity: f.severity,
  file: f.file,
  line: f.line,
  detail: f.why,
  blocking: f.blocking,
});

/** Join the static review and the execution record into the stored `CodeReview`, with the findings both added. */
export function finishCodeReview(s: StaticReview, execution: ExecutionRecord): { review: CodeReview; findings: Finding[] } {
  const findings = [...s.findings, ...executionFindings(execution, s.review.entry)];
  const all = s.model.events.map((e) => KIND[e.category]).filter((k): k is CodeEventKind => !!k);
  const n = (...ks: CodeEventKind[]) => all.filter((k) => ks.includes(k)).length;
  const highest = findings.reduce<Severity>(
    (m, f) => maxSev(m, f.severity),
    s.review.flows.reduce<Severity>((m, f) => maxSev(m, f.severity), 'INFO'),
  );
  return {
    review: {
      ...s.review,
      findings: findings.map(toReviewFinding),
      summary: {
        processCalls: n('process'),
        evalCalls: n('eval'),
        envReads: n('env', 'credential'),
        fileAccesses: n('file-read', 'file-write'),
        networkCalls: n('network'),
        flows: s.review.flows.length,
        manifestDelta: s.review.manifestDelta.length,
        findings: findings.length,
        highestSeverity: highest,
        blocking: findings.some((f) => f.blocking),
      },
      execution,
    },
    findings,
  };
}
