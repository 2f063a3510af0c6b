import { privateKeyToAccount } from 'viem/accounts';
import { certificateKey } from './bundle.js';
import { HASH_SCHEME, payloadHash, type Hex } from './hash.js';
import { BUNDLE_VERSION, type CertificateBundle } from './schemas/bundle.js';
import type { CertificateSnapshot } from './schemas/certificate.js';

/** A complete, schema-valid certificate snapshot for tests and documentation examples. */
export function sampleSnapshot(overrides: Partial<CertificateSnapshot> = {}): CertificateSnapshot {
  return {
    schemaVersion: 'sigma.certificate.v1',
    certificateId: 'c0ffee000000000000000001',
    submissionId: '5ab000000000000000000001',
    skillName: 'weather-lookup',
    skillVersion: '1.2.0',
    productType: 'SKILL',
    source: { sourceType: 'upload', sourceUrl: null, sourceRef: null, entry: null },
    skillHash: '2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881',
    codeHash: null,
    manifest: {
      name: 'weather-lookup',
      version: '1.2.0',
      description: 'Looks up the weather for a city.',
      safety: { network: 'outbound', filesystem: 'none' },
      capabilities: ['network'],
      externalCalls: [{ url: 'https://api.weather.example/v1/forecast', method: 'GET', auth: 'none', reason: 'forecast' }],
      hosts: ['api.weather.example'],
      urls: ['https://api.weather.example/v1/forecast'],
      declared: { safety: true, capabilities: true, externalCalls: true },
    },
    review: {
      securityLevel: 'CLEAR',
      retainedWarnings: [],
      retainedErrors: [],
      sandboxRiskLevel: 'LOW',
      sandboxAnalyzedAt: '2026-11-27T12:00:00.000Z',
    },
    endpointReview: null,
    codeReview: null,
    packages: [],
    round: {
      roundId: 'a0a000000000000000000001',
      roundType: 'INITIAL_AUDIT',
      triggerSource: 'SUBMISSION',
      roundNumber: 1,
      outcome: 'APPROVE',
      decidedBy: 'CONSENSUS',
    },
    verdicts: [
      {
        phase: 1,
        ownerAddress: '0x1111111111111111111111111111111111111111',
        sessionAddress: '0x2222222222222222222222222222222222222222',
        modelFamily: 'sigma-proportionality',
        verdict: 'SAFE',
        status: 'VOTED',
        blocking: false,
        severity: 'INFO',
        rationale: 'Declared network use matches the single forecast host.',
      },
    ],
    devNotes: '',
    certificateIssuedAt: '2026-11-27T12:00:05.000Z',
    expiresAt: '2027-11-27T12:00:05.000Z',
    engineVersion: 'sigma-evidence/0.1.0',
    policyVersion: 'consensus-v1',
    ...overrides,
  };
}

/**
 * A bundle signed the way the server signs a certificate (EIP-191 over the raw payload hash), for
 * tests. `committed` adds a chain proof consistent with the snapshot.
 */
export async function signedBundle(issuerKey: Hex, snapshot: CertificateSnapshot = sampleSnapshot(), committed = false): Promise<CertificateBundle> {
  const issuer = privateKeyToAccount(issuerKey);
  const hash = payloadHash(snapshot);
  return {
    bundleVersion: BUNDLE_VERSION,
    certificateId: snapshot.certificateId,
    snapshot,
    payloadHash: hash,
    hashScheme: HASH_SCHEME,
    signature: await issuer.signMessage({ message: { raw: hash } }),
    signatureScheme: 'eip191-personal-sign-over-raw-payload-hash',
    issuer: issuer.address,
    chainProof: {
      committed,
      network: committed ? 'local' : null,
      chainId: committed ? 31337 : null,
      registryAddress: committed ? '0x5FbDB2315678afecb367f032d93F642f64180aa3' : null,
      txHash: committed ? `0x${'ab'.repeat(32)}` : null,
      blockNumber: committed ? 7 : null,
      explorerUrl: null,
      committedAt: committed ? snapshot.certificateIssuedAt : null,
      certificateKey: certificateKey(snapshot.certificateId),
      payloadHash: committed ? hash : null,
      note: committed ? null : 'On-chain commitment is disabled on this deployment.',
    },
    exported: { at: snapshot.certificateIssuedAt, status: 'APPROVED', valid: true, invalidReasons: [] },
  };
}
