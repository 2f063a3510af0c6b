import type { EvidenceReport } from '@sigma/core';

/** A minimal clean evidence report; override what a test needs. */
export function makeEvidence(over: Partial<EvidenceReport> & { facts?: Partial<EvidenceReport['sourceFacts']> } = {}): EvidenceReport {
  const { facts, ...rest } = over;
  return {
    schemaVersion: 'sigma.evidence.v1',
    engineVersion: 'test-engine/0',
    sandboxAnalyzedAt: '2026-11-27T00:00:00.000Z',
    skillHash: 'ab'.repeat(32),
    manifest: {
      name: 'fixture',
      version: '1.0.0',
      description: 'A fixture skill',
      safety: { network: 'none', filesystem: 'none' },
      capabilities: [],
      externalCalls: [],
      hosts: [],
      urls: [],
      declared: { safety: true, capabilities: true, externalCalls: true },
    },
    sourceFacts: {
      externalHosts: [],
      manifestMismatchCount: 0,
      mismatches: [],
      shell: false,
      env: false,
      process: false,
      filesystem: false,
      wallet: false,
      network: false,
      promptInjectionSignalCount: 0,
      realSecretSignalCount: 0,
      highRiskSignalCount: 0,
      blocked: false,
      blockedReasons: [],
      files: [{ path: 'SKILL.md', bytes: 10, sha256: 'cd'.repeat(32), kind: 'markdown', analyzed: true }],
      ...facts,
    },
    findings: [],
    sandboxRiskLevel: 'LOW',
    analyzabilityScore: 100,
    blocked: false,
    blockedReasons: [],
    frontMatterErrors: [],
    ...rest,
  };
}
