import { readFileSync } from 'node:fs';
import { verifyOnChain } from '@sigma/contracts';
import { skillHash, verifyCertificate, type CertificateRecord } from '@sigma/core';
import { api } from '../api.js';
import { CliError, EXIT, type CliConfig } from '../config.js';
import type { Io } from '../io.js';
import { checkContent } from './pin-local.js';

export interface CertificateOptions {
  verify?: boolean;
  json?: boolean;
  file?: string;
  /** A local folder: recompute its codeHash (and skillHash) and compare with the certificate's. */
  dir?: string;
  /** Trust this issuer address instead of asking the server's /.well-known/sigma-issuer. */
  issuer?: string;
  /** Check the commitment on chain through this RPC URL (not through the API). */
  chain?: string;
  /** The certificate registry to check (default: the address the certificate record names). */
  registry?: string;
}

/**
 * Fetch a certificate; with --verify, recompute the payload hash from the returned snapshot and
 * check the issuer signature locally (nothing is taken on the server's word), and with --file also
 * check the local SKILL.md against the certified skillHash.
 */
export async function certificate(cfg: CliConfig, id: string, opts: CertificateOptions, io: Io): Promise<number> {
  const rec = await api<CertificateRecord>(cfg, `/api/v1/public/certificates/${encodeURIComponent(id)}`);
  const s = rec.snapshot;
  if (!opts.verify && !opts.file && !opts.dir) {
    if (opts.json) io.out(JSON.stringify(rec));
    else {
      io.out(`certificate ${rec.certificateId}  ${rec.live.status}`);
      io.out(`  skill        ${s.skillName ?? '(unnamed)'} ${s.skillVersion ?? ''}`);
      io.out(`  issued       ${s.certificateIssuedAt}   expires ${s.expiresAt}`);
      io.out(`  security     ${s.review.securityLevel}   sandbox risk ${s.review.sandboxRiskLevel}`);
      io.out(`  payload hash ${rec.payloadHash} (${rec.hashScheme})`);
      io.out(`  issuer       ${rec.issuer}`);
      io.out(`  verdicts     ${s.verdicts.map((v) => `${v.modelFamily}:${v.verdict ?? v.status}`).join(', ')}`);
    }
    return EXIT.ok;
  }

  let trusted = opts.issuer;
  if (!trusted) trusted = (await api<{ address: string }>(cfg, '/.well-known/sigma-issuer')).address;
  const result = await verifyCertificate(rec, { trustedIssuer: trusted });
  const checks = result.checks.map((c) => ({ name: c.name, ok: c.ok, detail: c.detail }));
  if (opts.file) {
    let text: Buffer;
    try {
      text = readFileSync(opts.file);
    } catch {
      throw new CliError(`cannot read ${opts.file}`, EXIT.usage);
    }
    const local = skillHash(new Uint8Array(text));
    const ok = local === s.skillHash;
    checks.push({
      name: 'skillHash' as never,
      ok,
      detail: ok ? `local ${opts.file} matches skillHash ${local}` : `local ${opts.file} hashes to ${local}, the certificate says ${s.skillHash ?? '(none)'}`,
    });
  }
  if (opts.dir) {
    // The same recomputation `pin add` does: the files `sigma submit <folder>` would send, codeHash per docs/hashing.md §5.
    if (s.codeHash === null && s.skillHash === null)
      checks.push({ name: 'content' as never, ok: false, detail: 'the certificate holds neither a codeHash nor a skillHash' });
    else
      for (const c of checkContent(opts.dir, { skillHash: s.skillHash, codeHash: s.codeHash }))
        checks.push({ name: 'content' as never, ok: c.ok, detail: c.detail });
  }
  if (opts.chain) {
    const registry = opts.registry ?? rec.onChain.registryAddress;
    if (!registry || !/^0x[0-9a-fA-F]{40}$/.test(registry)) {
      checks.push({ name: 'onChain' as never, ok: false, detail: 'no registry address: pass --registry <address>' });
    } else {
      try {
        // The hash checked is the one recomputed here from the snapshot, never the server's claim.
        const hash = result.recomputedPayloadHash ?? rec.payloadHash;
        const r = await verifyOnChain({
          rpcUrl: opts.chain,
          registry: registry as `0x${string}`,
          submissionId: rec.certificateId,
          payloadHash: hash as `0x${string}`,
        });
        const ok = r.committed && r.matches && !r.revoked;
        const detail = !r.committed
          ? `nothing committed for ${rec.certificateId} in ${registry} on chain ${r.chainId}`
          : !r.matches
            ? `chain ${r.chainId} holds ${r.onChainHash}, not ${hash}`
            : r.revoked
              ? `revoked on chain ${r.chainId}: ${r.revocationReason ?? ''}`
              : `committed on chain ${r.chainId} in block ${r.blockNumber} (registry ${registry})`;
        checks.push({ name: 'onChain' as never, ok, detail });
      } catch (err) {
        checks.push({ name: 'onChain' as never, ok: false, detail: `cannot read the chain at ${opts.chain}: ${(err as Error).message.split('\n')[0]}` });
      }
    }
  }
  const ok = checks.every((c) => c.ok);
  if (opts.json) {
    io.out(JSON.stringify({ certificateId: rec.certificateId, ok, recomputedPayloadHash: result.recomputedPayloadHash, trustedIssuer: trusted, checks }));
  } else {
    io.out(`certificate ${rec.certificateId}: ${ok ? 'VERIFIED' : 'NOT VERIFIED'}`);
    for (const c of checks) io.out(`  ${c.ok ? '✔' : '✘'} ${c.name.padEnd(11)} ${c.detail}`);
    if (rec.live.status !== 'APPROVED') io.out(`  note: the certificate status is ${rec.live.status}`);
  }
  return ok ? EXIT.ok : EXIT.failed;
}
