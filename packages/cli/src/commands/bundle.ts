import { readFileSync, writeFileSync } from 'node:fs';
import { verifyBundle, type BundleCheck, type BundleVerifyResult, type CertificateBundle, type ErrorCode } from '@sigma/core';
import { api } from '../api.js';
import { CliError, EXIT, type CliConfig } from '../config.js';
import type { Io } from '../io.js';

/** A check as the CLI reports it: the catalogue code of a failed one beside it. */
export type ReportedCheck = { name: BundleCheck['name'] | string; ok: boolean; detail: string; code?: ErrorCode; skipped?: boolean };

/** The checks of a bundle verification with each failure's code attached. */
export function reported(r: BundleVerifyResult): ReportedCheck[] {
  const codes = [...r.errors];
  return r.checks.map((c) => (c.ok ? { ...c } : { ...c, code: codes.shift()?.code }));
}

/** Read a JSON file, or a usage error with `code` (exit 2). */
export function readJsonFile(file: string, code: ErrorCode, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new CliError(`${code}: cannot read ${what} ${file}`, EXIT.usage, code);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new CliError(`${code}: ${what} ${file} is not JSON`, EXIT.usage, code);
  }
}

/** Print checks the way `certificate --verify` does. */
export function printChecks(io: Io, checks: ReportedCheck[]): void {
  for (const c of checks) io.out(`  ${c.skipped ? '!' : c.ok ? '✔' : '✘'} ${c.name.padEnd(13)} ${c.detail}${c.code ? ` (${c.code})` : ''}`);
}

/**
 * `sigma certificate --verify --bundle <file>`: verify a bundle with no network (no request is
 * made, whatever the API URL). Exit 0 verified, 1 a bundle that does not verify, 2 not a bundle.
 */
export async function verifyBundleFile(file: string, opts: { id?: string; issuer?: string; json?: boolean }, io: Io): Promise<number> {
  const input = readJsonFile(file, 'SIGMA_E_BUNDLE_INVALID', 'bundle');
  const result = await verifyBundle(input, opts.issuer ? { trustedIssuer: opts.issuer } : {});
  if (result.certificateId === null) {
    throw new CliError(`SIGMA_E_BUNDLE_INVALID: ${file}: ${result.errors[0]?.message ?? 'not a bundle'}`, EXIT.usage, 'SIGMA_E_BUNDLE_INVALID');
  }
  const checks = reported(result);
  if (opts.id && opts.id !== result.certificateId) {
    checks.push({
      name: 'certificateId',
      ok: false,
      detail: `the bundle is for ${result.certificateId}, not ${opts.id}`,
      code: 'SIGMA_E_VERIFY_CERTIFICATE_ID_MISMATCH',
    });
  }
  const ok = checks.every((c) => c.ok);
  const exported = (input as CertificateBundle).exported;
  if (opts.json) {
    io.out(
      JSON.stringify({
        certificateId: result.certificateId,
        ok,
        offline: true,
        recomputedPayloadHash: result.recomputedPayloadHash,
        trustedIssuer: opts.issuer ?? null,
        exported,
        checks,
      }),
    );
  } else {
    io.out(`certificate ${result.certificateId}: ${ok ? 'VERIFIED' : 'NOT VERIFIED'} (offline, from ${file})`);
    printChecks(io, checks);
    io.out(
      `  note: at export (${exported.at}) the status was ${exported.status}${exported.valid ? ' and valid' : `, not valid: ${exported.invalidReasons.join('; ')}`}; ask the service for the live status`,
    );
  }
  return ok ? EXIT.ok : EXIT.failed;
}

/** `sigma certificate <id> --save-bundle <file>`: download the bundle for later offline checks. */
export async function saveBundle(cfg: CliConfig, id: string, file: string, io: Io): Promise<number> {
  const bundle = await api<CertificateBundle>(cfg, `/api/v1/public/certificates/${encodeURIComponent(id)}/bundle`);
  try {
    writeFileSync(file, `${JSON.stringify(bundle, null, 2)}\n`);
  } catch (err) {
    throw new CliError(`cannot write ${file}: ${(err as Error).message}`, EXIT.usage);
  }
  io.out(`saved the bundle of certificate ${bundle.certificateId} to ${file}`);
  return EXIT.ok;
}
