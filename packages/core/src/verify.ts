import { isAddress, isHex, recoverMessageAddress } from 'viem';
import type { ErrorCode } from './errors.js';
import { HASH_SCHEME, payloadHash, type Hex } from './hash.js';
import { CertificateSnapshot } from './schemas/certificate.js';

export interface VerifyInput {
  snapshot: unknown;
  payloadHash: string;
  hashScheme: string;
  signature: string;
  issuer: string;
}

export interface VerifyOptions {
  /** The issuer address the verifier trusts (e.g. from `/.well-known/sigma-issuer`). */
  trustedIssuer?: string;
}

export interface VerifyCheck {
  name: 'scheme' | 'snapshot' | 'payloadHash' | 'signature' | 'issuer';
  ok: boolean;
  detail: string;
}

export interface VerifyResult {
  ok: boolean;
  recomputedPayloadHash: Hex | null;
  recoveredSigner: string | null;
  checks: VerifyCheck[];
  errors: Array<{ code: ErrorCode; message: string }>;
}

/**
 * Verify a sealed certificate offline: recompute keccak256(JCS(snapshot)), compare it with the
 * stated payload hash, recover the EIP-191 signer of the payload hash and compare it with the
 * issuer (and with the trusted issuer when given). Every check runs and is reported; `ok` is true
 * only when all pass. Never throws on hostile input.
 */
export async function verifyCertificate(input: VerifyInput, opts: VerifyOptions = {}): Promise<VerifyResult> {
  const checks: VerifyCheck[] = [];
  const errors: VerifyResult['errors'] = [];
  const fail = (name: VerifyCheck['name'], code: ErrorCode, detail: string) => {
    checks.push({ name, ok: false, detail });
    errors.push({ code, message: detail });
  };

  if (input.hashScheme === HASH_SCHEME) {
    checks.push({ name: 'scheme', ok: true, detail: HASH_SCHEME });
  } else {
    fail('scheme', 'SIGMA_E_VERIFY_SCHEME_UNSUPPORTED', `unsupported hash scheme ${JSON.stringify(input.hashScheme)}`);
  }

  const parsed = CertificateSnapshot.safeParse(input.snapshot);
  if (parsed.success) {
    checks.push({ name: 'snapshot', ok: true, detail: 'snapshot matches sigma.certificate.v1' });
  } else {
    const first = parsed.error.issues[0];
    fail(
      'snapshot',
      'SIGMA_E_VERIFY_SNAPSHOT_INVALID',
      `snapshot does not match the schema${first ? ` at ${first.path.join('.') || '$'}: ${first.message}` : ''}`,
    );
  }

  // The hash is computed over the snapshot exactly as received, never over a re-serialised parse.
  let recomputed: Hex | null = null;
  try {
    recomputed = payloadHash(input.snapshot);
  } catch (err) {
    fail('payloadHash', 'SIGMA_E_VERIFY_SNAPSHOT_INVALID', `snapshot cannot be canonicalised: ${(err as Error).message}`);
  }
  const stated = typeof input.payloadHash === 'string' ? input.payloadHash.toLowerCase() : '';
  if (recomputed !== null) {
    if (recomputed === stated) {
      checks.push({ name: 'payloadHash', ok: true, detail: `payload hash matches ${recomputed}` });
    } else {
      fail('payloadHash', 'SIGMA_E_VERIFY_HASH_MISMATCH', `recomputed ${recomputed} but the certificate states ${stated || '(none)'}`);
    }
  }

  let recovered: string | null = null;
  if (!isHex(stated) || stated.length !== 66) {
    fail('signature', 'SIGMA_E_VERIFY_SIGNATURE_INVALID', 'the stated payload hash is not 32 bytes of hex');
  } else if (!isHex(input.signature) || input.signature.length !== 132) {
    fail('signature', 'SIGMA_E_VERIFY_SIGNATURE_INVALID', 'the signature is not a 65-byte hex string');
  } else if (!isAddress(input.issuer, { strict: false })) {
    fail('signature', 'SIGMA_E_VERIFY_SIGNATURE_INVALID', 'the issuer is not an address');
  } else {
    try {
      recovered = await recoverMessageAddress({ message: { raw: stated as Hex }, signature: input.signature as Hex });
      if (recovered.toLowerCase() === input.issuer.toLowerCase()) {
        checks.push({ name: 'signature', ok: true, detail: `signed by ${recovered}` });
      } else {
        fail('signature', 'SIGMA_E_VERIFY_SIGNATURE_INVALID', `signature recovers to ${recovered}, not the issuer ${input.issuer}`);
      }
    } catch (err) {
      fail('signature', 'SIGMA_E_VERIFY_SIGNATURE_INVALID', `signature cannot be recovered: ${(err as Error).message}`);
    }
  }

  if (opts.trustedIssuer !== undefined) {
    if (typeof input.issuer === 'string' && opts.trustedIssuer.toLowerCase() === input.issuer.toLowerCase()) {
      checks.push({ name: 'issuer', ok: true, detail: `issuer ${input.issuer} is trusted` });
    } else {
      fail('issuer', 'SIGMA_E_VERIFY_ISSUER_MISMATCH', `issuer ${String(input.issuer)} is not the trusted issuer ${opts.trustedIssuer}`);
    }
  }

  return { ok: errors.length === 0, recomputedPayloadHash: recomputed, recoveredSigner: recovered, checks, errors };
}
