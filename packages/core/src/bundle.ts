import type { ErrorCode } from './errors.js';
import { keccak256Hex, type Hex } from './hash.js';
import { BundleEnvelope } from './schemas/bundle.js';
import { verifyCertificate } from './verify.js';

export interface BundleCheck {
  name: 'bundle' | 'scheme' | 'snapshot' | 'payloadHash' | 'signature' | 'issuer' | 'certificateId' | 'chainProof' | 'expiry';
  ok: boolean;
  detail: string;
}

export interface BundleVerifyResult {
  ok: boolean;
  certificateId: string | null;
  recomputedPayloadHash: Hex | null;
  checks: BundleCheck[];
  errors: Array<{ code: ErrorCode; message: string }>;
}

export interface BundleVerifyOptions {
  /** The issuer address the verifier trusts; without it the signature is checked against the bundle's own issuer only. */
  trustedIssuer?: string;
  /** For the expiry check (default: now). */
  now?: Date;
}

/** The registry key a certificate's payload hash is committed under: keccak256(utf8(certificateId)). */
export const certificateKey = (certificateId: string): Hex => keccak256Hex(certificateId);

/**
 * Verify a certificate bundle (sigma.bundle.v1) with no network: the envelope's shape, then every
 * check of `verifyCertificate` over the snapshot exactly as it is in the bundle (a field added,
 * removed or changed changes the hash), that the outer certificate id is the signed one, that the
 * chain proof names this certificate's registry key and payload hash, and that it has not expired.
 * Every check runs and is reported; `ok` only when all pass. Never throws on hostile input.
 */
export async function verifyBundle(input: unknown, opts: BundleVerifyOptions = {}): Promise<BundleVerifyResult> {
  const envelope = BundleEnvelope.safeParse(input);
  if (!envelope.success) {
    const first = envelope.error.issues[0];
    const detail = `not a sigma.bundle.v1${first ? ` at ${first.path.join('.') || '$'}: ${first.message}` : ''}`;
    return {
      ok: false,
      certificateId: null,
      recomputedPayloadHash: null,
      checks: [{ name: 'bundle', ok: false, detail }],
      errors: [{ code: 'SIGMA_E_BUNDLE_INVALID', message: detail }],
    };
  }
  const b = envelope.data;
  const base = await verifyCertificate(
    { snapshot: b.snapshot, payloadHash: b.payloadHash, hashScheme: b.hashScheme, signature: b.signature, issuer: b.issuer },
    opts.trustedIssuer === undefined ? {} : { trustedIssuer: opts.trustedIssuer },
  );
  const checks: BundleCheck[] = [
    { name: 'bundle', ok: true, detail: `sigma.bundle.v1 exported ${b.exported.at} (status then: ${b.exported.status})` },
    ...base.checks,
  ];
  const errors = [...base.errors];
  const fail = (name: BundleCheck['name'], code: ErrorCode, detail: string) => {
    checks.push({ name, ok: false, detail });
    errors.push({ code, message: detail });
  };
  if (opts.trustedIssuer === undefined) {
    checks.push({ name: 'issuer', ok: true, detail: `issuer ${b.issuer} taken from the bundle (pass a trusted issuer to pin it)` });
  }

  const snap = (typeof b.snapshot === 'object' && b.snapshot !== null ? b.snapshot : {}) as { certificateId?: unknown; expiresAt?: unknown };
  if (snap.certificateId === b.certificateId) checks.push({ name: 'certificateId', ok: true, detail: `certificate ${b.certificateId}` });
  else fail('certificateId', 'SIGMA_E_VERIFY_CERTIFICATE_ID_MISMATCH', `the bundle says ${b.certificateId}, the signed snapshot ${String(snap.certificateId)}`);

  const proof = b.chainProof;
  const key = certificateKey(b.certificateId);
  if (!proof.committed) {
    checks.push({ name: 'chainProof', ok: true, detail: `no on-chain commitment in the bundle${proof.note ? ` (${proof.note})` : ''}` });
  } else if (proof.certificateKey.toLowerCase() !== key) {
    fail('chainProof', 'SIGMA_E_VERIFY_CHAIN_PROOF_MISMATCH', `the chain proof names key ${proof.certificateKey}, not ${key}`);
  } else if (!proof.payloadHash || proof.payloadHash.toLowerCase() !== base.recomputedPayloadHash) {
    fail(
      'chainProof',
      'SIGMA_E_VERIFY_CHAIN_PROOF_MISMATCH',
      `the chain proof commits ${proof.payloadHash ?? '(none)'}, not ${base.recomputedPayloadHash ?? '(no hash)'}`,
    );
  } else {
    checks.push({
      name: 'chainProof',
      ok: true,
      detail: `committed on chain ${proof.chainId} in block ${proof.blockNumber} (tx ${proof.txHash}); consistent offline, the chain itself is not read`,
    });
  }

  const expires = typeof snap.expiresAt === 'string' ? Date.parse(snap.expiresAt) : NaN;
  const now = opts.now ?? new Date();
  if (Number.isNaN(expires)) fail('expiry', 'SIGMA_E_VERIFY_SNAPSHOT_INVALID', 'the snapshot has no readable expiresAt');
  else if (expires <= now.getTime()) fail('expiry', 'SIGMA_E_VERIFY_EXPIRED', `expired at ${String(snap.expiresAt)}`);
  else checks.push({ name: 'expiry', ok: true, detail: `expires ${String(snap.expiresAt)}` });

  return { ok: errors.length === 0, certificateId: b.certificateId, recomputedPayloadHash: base.recomputedPayloadHash, checks, errors };
}
