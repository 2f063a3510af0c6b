import type { EvidenceReport } from '@sigma/core';
import { RULES } from '../rules/registry.js';

/** A readable, stable text rendering of a report (no colours, no timestamps besides the one field). */
export function renderText(report: EvidenceReport): string {
  const sf = report.sourceFacts;
  const m = report.manifest;
  const lines: string[] = [];
  lines.push(`SIGMA evidence — ${report.engineVersion}`);
  lines.push(`skill: ${m.name ?? '(unnamed)'}${m.version ? ` ${m.version}` : ''}`);
  if (report.skillHash) lines.push(`skillHash: ${report.skillHash}`);
  lines.push(`verdict: ${report.blocked ? 'BLOCKED' : 'not blocked'} · risk ${report.sandboxRiskLevel} · analyzability ${report.analyzabilityScore}%`);
  lines.push(
    `signals: prompt-injection ${sf.promptInjectionSignalCount} · live secrets ${sf.realSecretSignalCount} · high-risk ${sf.highRiskSignalCount} · manifest mismatches ${sf.manifestMismatchCount}`,
  );
  const caps = (['shell', 'env', 'process', 'filesystem', 'wallet', 'network'] as const).filter((c) => sf[c]);
  lines.push(`capabilities observed: ${caps.length ? caps.join(', ') : 'none'}`);
  lines.push(
    `manifest: capabilities [${m.capabilities.join(', ')}]${m.declared.capabilities ? ' (declared)' : ' (derived)'} · network ${m.safety.network} · filesystem ${m.safety.filesystem}${m.declared.safety ? ' (declared)' : ' (derived)'}`,
  );
  if (sf.externalHosts.length)
    lines.push(`external hosts: ${sf.externalHosts.slice(0, 30).join(', ')}${sf.externalHosts.length > 30 ? ` (+${sf.externalHosts.length - 30})` : ''}`);
  if (report.blocked) {
    lines.push('');
    lines.push('Blocked because:');
    for (const r of report.blockedReasons) lines.push(`  - ${r}`);
  }
  if (report.frontMatterErrors.length) {
    lines.push('');
    lines.push('Front matter:');
    for (const e of report.frontMatterErrors) lines.push(`  - ${e.line !== null ? `line ${e.line}: ` : ''}${e.message}`);
  }
  if (sf.mismatches.length) {
    lines.push('');
    lines.push('Manifest mismatches:');
    for (const x of sf.mismatches) lines.push(`  - [${x.kind}] ${x.direction.replace(/_/g, ' ')}: ${x.subject} — ${x.detail}`);
  }
  lines.push('');
  lines.push(`Findings (${report.findings.length}):`);
  if (report.findings.length === 0) lines.push('  none');
  for (const f of report.findings) {
    const where = f.file ? `${f.file}${f.line ? `:${f.line}` : ''}` : '(submission)';
    lines.push(`  ${f.severity.padEnd(8)} ${f.ruleId}${f.blocking ? ' [blocking]' : ''} — ${f.title}`);
    lines.push(`           at ${where} (confidence ${f.confidence}; ${f.tags.filter((t) => t.startsWith('OWASP')).join(', ')})`);
    if (f.excerpt) lines.push(`           > ${f.excerpt}`);
    lines.push(`           why: ${f.why}`);
    lines.push(`           fix: ${f.remediation}`);
  }
  lines.push('');
  lines.push(`Files (${sf.files.length}):`);
  for (const e of sf.files)
    lines.push(`  ${e.sha256.slice(0, 12) || '-'.repeat(12)}  ${String(e.bytes).padStart(7)}  ${e.kind.padEnd(8)} ${e.analyzed ? ' ' : '!'} ${e.path}`);
  lines.push('');
  lines.push(`analysed at ${report.sandboxAnalyzedAt}; ${RULES.length} rules`);
  return `${lines.join('\n')}\n`;
}
