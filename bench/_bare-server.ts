// The baseline of the verify benchmark: a bare Fastify route, no database, no cache, no plugins,
// answering with a verify-shaped JSON reply of the same size as SIGMA's (built from the same sample
// snapshot), serialised per request — so the ratio measures what SIGMA adds, not the payload.
import Fastify from 'fastify';
import { sampleSnapshot } from '../packages/core/src/testing.js';

const snap = sampleSnapshot({ certificateId: 'c00000000000000000000001', submissionId: '000000000000000000000001', skillName: 'skill-1' });
const body = {
  certificateId: snap.certificateId,
  valid: true,
  status: 'APPROVED',
  summary: `Valid SIGMA certificate for ${snap.skillName} ${snap.skillVersion} (${snap.review.securityLevel}).`,
  invalidReasons: [],
  activeFlagCount: 0,
  onChain: {
    network: null,
    chainId: null,
    registryAddress: null,
    committed: false,
    txHash: null,
    explorerUrl: null,
    blockNumber: null,
    note: 'On-chain commitment is disabled on this deployment.',
  },
  views: 1,
  securityLevel: snap.review.securityLevel,
  sandboxRiskLevel: snap.review.sandboxRiskLevel,
  skillName: snap.skillName,
  skillVersion: snap.skillVersion,
  certificateIssuedAt: snap.certificateIssuedAt,
  expiresAt: snap.expiresAt,
  roundType: snap.round.roundType,
  retainedWarnings: snap.review.retainedWarnings,
  endpointStatus: null,
  apiDisclaimer: null,
  manifest: snap.manifest,
  endpointReview: snap.endpointReview,
  payloadHash: `0x${'ab'.repeat(32)}`,
  hashScheme: 'keccak256-canonical-json-v1',
  signature: `0x${'cd'.repeat(65)}`,
  issuer: `0x${'ef'.repeat(20)}`,
  source: snap.source,
  skillHash: snap.skillHash,
  pin: {
    submissionId: snap.submissionId,
    contentHash: snap.skillHash,
    sourceRef: snap.source.sourceRef,
    payloadHash: `0x${'ab'.repeat(32)}`,
    verdict: 'APPROVED',
    auditedAt: snap.certificateIssuedAt,
  },
};

const app = Fastify({ logger: false });
// Same path shape as the SIGMA route, so the client does identical work.
app.get('/api/v1/public/certificates/:id/verify', async () => body);
await app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`READY ${JSON.stringify({ port: (app.server.address() as { port: number }).port, bytes: JSON.stringify(body).length })}\n`);
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
