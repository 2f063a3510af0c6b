import type { EvidenceReport, Severity } from '@sigma/core';
import { RULES } from '../rules/registry.js';

const LEVEL: Record<Severity, 'none' | 'note' | 'warning' | 'error'> = {
  INFO: 'note',
  LOW: 'note',
  MEDIUM: 'warning',
  HIGH: 'error',
  CRITICAL: 'error',
};
const SECURITY_SEVERITY: Record<Severity, string> = { INFO: '0.0', LOW: '3.0', MEDIUM: '5.0', HIGH: '8.0', CRITICAL: '9.5' };

/** SARIF 2.1.0 log with one run; rule metadata comes from the catalogue. */
export function toSarif(report: EvidenceReport): object {
  const ruleIndex = new Map<string, number>(RULES.map((r, i) => [r.id, i]));
  const toolVersion = report.engineVersion.split('/')[1] ?? report.engineVersion;
  const artifacts = report.sourceFacts.files.map((f) => ({
    location: { uri: encodeUri(f.path) },
    length: f.bytes,
    ...(f.sha256 ? { hashes: { 'sha-256': f.sha256 } } : {}),
  }));
  const artifactIndex = new Map(report.sourceFacts.files.map((f, i) => [f.path, i]));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'sigma-evidence',
            semanticVersion: toolVersion,
            version: toolVersion,
            informationUri: 'https://github.com/sigma/sigma',
            rules: RULES.map((r) => ({
              id: r.id,
              name: r.id
                .toLowerCase()
                .split('_')
                .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
                .join(''),
              shortDescription: { text: r.title },
              fullDescription: { text: r.why },
              help: { text: r.remediation },
              defaultConfiguration: { level: LEVEL[r.severity] },
              properties: {
                tags: [...r.owasp, r.category, 'security'],
                precision: r.confidence === 'HIGH' ? 'high' : r.confidence === 'MEDIUM' ? 'medium' : 'low',
                'security-severity': SECURITY_SEVERITY[r.severity],
                blocking: r.blocking,
              },
            })),
          },
        },
        artifacts,
        results: report.findings.map((f) => {
          const idx = artifactIndex.get(f.file ?? '');
          const result: Record<string, unknown> = {
            ruleId: f.ruleId,
            ruleIndex: ruleIndex.get(f.ruleId) ?? -1,
            level: LEVEL[f.severity],
            message: { text: `${f.title}: ${f.excerpt}`.slice(0, 1000) },
            partialFingerprints: { sigmaFindingId: f.id },
            properties: {
              severity: f.severity,
              confidence: f.confidence,
              blocking: f.blocking,
              tags: f.tags,
              'security-severity': SECURITY_SEVERITY[f.severity],
            },
          };
          if (f.file && idx !== undefined) {
            const physical: Record<string, unknown> = { artifactLocation: { uri: encodeUri(f.file), index: idx } };
            if (f.line) physical['region'] = { startLine: f.line, snippet: { text: f.excerpt } };
            result['locations'] = [{ physicalLocation: physical }];
          }
          return result;
        }),
        invocations: [{ executionSuccessful: true, endTimeUtc: report.sandboxAnalyzedAt }],
        properties: {
          blocked: report.blocked,
          blockedReasons: report.blockedReasons,
          sandboxRiskLevel: report.sandboxRiskLevel,
          analyzabilityScore: report.analyzabilityScore,
          skillHash: report.skillHash,
          schemaVersion: report.schemaVersion,
        },
      },
    ],
  };
}

function encodeUri(path: string): string {
  return path
    .split('/')
    .map((seg) => encodeURIComponent(seg).replace(/%21/g, '!'))
    .join('/');
}
