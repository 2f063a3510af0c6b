import { z } from 'zod';
import { CertificateStatus } from '../enums.js';
import { CertificateSnapshot } from './certificate.js';
import { Address } from './round.js';
import { Id24 } from './submission.js';

export const BUNDLE_VERSION = 'sigma.bundle.v1' as const;

/**
 * What the server knows of a certificate's on-chain commitment. Offline, a verifier can only check
 * that it is consistent with the snapshot (the key and the hash); that the chain holds it needs an RPC.
 */
export const ChainProof = z.object({
  committed: z.boolean(),
  network: z.string().nullable(),
  chainId: z.number().int().nullable(),
  registryAddress: z.string().nullable(),
  txHash: z.string().nullable(),
  blockNumber: z.number().int().nullable(),
  explorerUrl: z.string().nullable(),
  committedAt: z.string().nullable(),
  /** The registry key the payload hash is committed under: keccak256(utf8(certificateId)). */
  certificateKey: z.string(),
  /** The payload hash written on chain (null while not committed). */
  payloadHash: z.string().nullable(),
  note: z.string().nullable(),
});
export type ChainProof = z.infer<typeof ChainProof>;

/** `GET /api/v1/public/certificates/:id/bundle`: one JSON that verifies with no network. */
export const CertificateBundle = z.object({
  bundleVersion: z.literal(BUNDLE_VERSION),
  certificateId: Id24,
  /** The sealed snapshot exactly as hashed. */
  snapshot: CertificateSnapshot,
  payloadHash: z.string(),
  hashScheme: z.string(),
  signature: z.string(),
  signatureScheme: z.string(),
  issuer: Address,
  chainProof: ChainProof,
  /** Not signed: the live status when the bundle was exported. Offline, it says only what was true then. */
  exported: z.object({
    at: z.string(),
    status: CertificateStatus,
    valid: z.boolean(),
    invalidReasons: z.array(z.string()),
  }),
});
export type CertificateBundle = z.infer<typeof CertificateBundle>;

/** The envelope checked before verification: the snapshot stays as received, never a stripped parse. */
export const BundleEnvelope = CertificateBundle.extend({ snapshot: z.unknown() });
