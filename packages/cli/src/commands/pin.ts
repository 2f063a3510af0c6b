import { existsSync } from 'node:fs';
import { verifyBundle, type CertificateBundle, type PinEntry, type PinLock } from '@sigma/core';
import { api } from '../api.js';
import { CliError, EXIT, type CliConfig } from '../config.js';
import type { Io } from '../io.js';
import { printChecks, reported, type ReportedCheck } from './bundle.js';
import { addLockPath, checkContent, lockPath, pinFolder, pinPath, readLock, writeLock } from './pin-local.js';

const LIVE_TIMEOUT_MS = 10_000;

export interface PinAddOptions {
  dir?: string;
  lock?: string;
  issuer?: string;
  json?: boolean;
}

/**
 * `sigma pin add <certificateId>`: fetch the certificate's bundle, verify it against the trusted
 * issuer (`--issuer`, else /.well-known/sigma-issuer), check that the folder is what was certified and
 * that the certificate is valid now, then write (or update) the folder's entry in the lock file.
 */
export async function pinAdd(cfg: CliConfig, id: string, o: PinAddOptions, io: Io): Promise<number> {
  const folder = o.dir ?? '.';
  const file = addLockPath(folder, o.lock);
  const lock: PinLock = existsSync(file) ? readLock(file) : { lockfileVersion: 1, service: cfg.apiUrl, pins: [] };
  const bundle = await api<CertificateBundle>(cfg, `/api/v1/public/certificates/${encodeURIComponent(id)}/bundle`);
  const issuer = o.issuer ?? (await api<{ address: string }>(cfg, '/.well-known/sigma-issuer')).address;
  const verified = await verifyBundle(bundle, { trustedIssuer: issuer });
  const refuse = (exit: number, why: string, checks: ReportedCheck[] = []) => {
    if (o.json) io.out(JSON.stringify({ certificateId: id, pinned: false, reason: why, checks }));
    else {
      io.out(`not pinned: ${why}`);
      printChecks(io, checks);
    }
    return exit;
  };
  if (!verified.ok) return refuse(EXIT.pinSignature, `the bundle of ${id} does not verify against the issuer ${issuer}`, reported(verified));
  if (!bundle.exported.valid) return refuse(EXIT.pinNotValid, `certificate ${id} is not valid: ${bundle.exported.invalidReasons.join('; ')}`);
  const s = bundle.snapshot;
  const content = checkContent(folder, { skillHash: s.skillHash, codeHash: s.codeHash });
  if (!content.every((c) => c.ok))
    return refuse(
      EXIT.failed,
      `${folder} is not what certificate ${id} certified`,
      content.map((c) => ({ name: 'content', ...c })),
    );

  const entry: PinEntry = {
    path: pinPath(file, folder),
    certificateId: bundle.certificateId,
    payloadHash: bundle.payloadHash,
    skillHash: s.skillHash,
    codeHash: s.codeHash,
    issuer: bundle.issuer,
    verdict: 'APPROVED',
    auditedAt: s.certificateIssuedAt,
    bundle,
  };
  const replaced = lock.pins.some((p) => p.path === entry.path);
  lock.pins = [...lock.pins.filter((p) => p.path !== entry.path), entry].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  writeLock(file, lock);
  const { bundle: _bundle, ...summary } = entry;
  if (o.json) io.out(JSON.stringify({ pinned: true, lock: file, ...summary }));
  else
    io.out(
      `${replaced ? 'updated' : 'pinned'} ${entry.path} to certificate ${entry.certificateId} (${s.skillName ?? 'unnamed'} ${s.skillVersion ?? ''}) in ${file}`,
    );
  return EXIT.ok;
}

export interface PinCheckOptions {
  dir?: string;
  lock?: string;
  /** Trust this issuer instead of each pin's own. */
  issuer?: string;
  offline?: boolean;
  requireLive?: boolean;
  json?: boolean;
}

type Live = { valid: boolean; status: string; invalidReasons: string[] };

/** The live status could not be asked: a failure only with --require-live, else a note. */
const notAsked = (why: string, required?: boolean): ReportedCheck =>
  required
    ? { name: 'live', ok: false, detail: `live status not checked: ${why}`, code: 'SIGMA_E_PIN_SERVICE_UNREACHABLE' }
    : { name: 'live', ok: true, skipped: true, detail: `live status not checked: ${why}` };

/**
 * `sigma pin check`: for every pin, verify its bundle offline against the pinned issuer, recompute the
 * folder's hashes, and ask the service for the live status when it answers. The exit code is the most
 * serious failure: 4 signature, 1 content, 5 not valid, 3 service unreachable (with --require-live).
 */
export async function pinCheck(cfg: CliConfig, o: PinCheckOptions, io: Io, explicitUrl?: string): Promise<number> {
  const file = lockPath(o);
  const lock = readLock(file);
  if (lock.pins.length === 0) throw new CliError(`SIGMA_E_PIN_LOCK_INVALID: ${file} pins nothing`, EXIT.usage, 'SIGMA_E_PIN_LOCK_INVALID');
  const service = { ...cfg, apiUrl: explicitUrl ?? lock.service ?? cfg.apiUrl };
  let reach: 'offline' | 'reachable' | 'unreachable' = o.offline ? 'offline' : 'reachable';
  let unreachable = '';
  let serviceIssuer: string | null = null;
  if (!o.offline) {
    try {
      serviceIssuer = (await api<{ address: string }>(service, '/.well-known/sigma-issuer', { timeoutMs: LIVE_TIMEOUT_MS })).address;
    } catch (err) {
      reach = 'unreachable';
      unreachable = (err as Error).message;
    }
  }

  const exits = new Set<number>();
  const results = [];
  for (const pin of lock.pins) {
    const trusted = o.issuer ?? pin.issuer;
    const checks: ReportedCheck[] = [];
    const v = await verifyBundle(pin.bundle, { trustedIssuer: trusted });
    const signature = reported(v).filter((c) => c.ok || c.code !== 'SIGMA_E_VERIFY_EXPIRED');
    const b = pin.bundle as Partial<CertificateBundle>;
    const snap = (b.snapshot ?? {}) as Partial<CertificateBundle['snapshot']>;
    const edited = (['certificateId', 'payloadHash', 'issuer'] as const).filter((k) => String(b[k]).toLowerCase() !== pin[k].toLowerCase());
    if (snap.skillHash !== pin.skillHash) edited.push('skillHash' as never);
    if (snap.codeHash !== pin.codeHash) edited.push('codeHash' as never);
    if (edited.length)
      signature.push({ name: 'lock', ok: false, detail: `the entry's ${edited.join(', ')} differ from its signed bundle`, code: 'SIGMA_E_PIN_LOCK_INVALID' });
    if (serviceIssuer && serviceIssuer.toLowerCase() !== trusted.toLowerCase()) {
      signature.push({
        name: 'issuer',
        ok: false,
        detail: `the service now signs as ${serviceIssuer}, not the pinned ${trusted}`,
        code: 'SIGMA_E_VERIFY_ISSUER_MISMATCH',
      });
    }
    const sigOk = signature.every((c) => c.ok);
    checks.push({
      name: 'signature',
      ok: sigOk,
      detail: sigOk ? `bundle verifies offline against the pinned issuer ${trusted}` : 'the pinned bundle does not verify',
    });
    if (!sigOk) checks.push(...signature.filter((c) => !c.ok).map((c) => ({ ...c, name: `  ${c.name}` })));
    if (!sigOk) exits.add(EXIT.pinSignature);

    // Content is compared with the hashes inside the signed snapshot, never the entry's copy.
    const content = checkContent(pinFolder(file, pin.path), { skillHash: snap.skillHash ?? null, codeHash: snap.codeHash ?? null });
    for (const c of content) checks.push({ name: 'content', ...c });
    if (!content.every((c) => c.ok)) exits.add(EXIT.failed);

    const expired = v.errors.find((e) => e.code === 'SIGMA_E_VERIFY_EXPIRED');
    if (expired) {
      checks.push({ name: 'expiry', ok: false, detail: expired.message, code: expired.code });
      exits.add(EXIT.pinNotValid);
    }
    if (reach === 'unreachable') checks.push(notAsked(`service not reachable: ${unreachable}`, o.requireLive));
    else if (reach === 'reachable') {
      try {
        const live = await api<Live>(service, `/api/v1/public/certificates/${encodeURIComponent(pin.certificateId)}/live-status`, {
          timeoutMs: LIVE_TIMEOUT_MS,
        });
        if (live.valid) checks.push({ name: 'live', ok: true, detail: `${live.status} and valid at ${service.apiUrl}` });
        else {
          checks.push({
            name: 'live',
            ok: false,
            detail: `${live.status}, not valid: ${live.invalidReasons.join('; ')}`,
            code: 'SIGMA_E_PIN_CERTIFICATE_NOT_VALID',
          });
          exits.add(EXIT.pinNotValid);
        }
      } catch (err) {
        if (err instanceof CliError && err.code === 'SIGMA_E_CERTIFICATE_NOT_FOUND') {
          checks.push({ name: 'live', ok: false, detail: `${service.apiUrl} does not know this certificate`, code: 'SIGMA_E_PIN_CERTIFICATE_NOT_VALID' });
          exits.add(EXIT.pinNotValid);
        } else {
          checks.push(notAsked((err as Error).message, o.requireLive));
          if (o.requireLive) exits.add(EXIT.api);
        }
      }
    }
    results.push({ path: pin.path, certificateId: pin.certificateId, ok: checks.every((c) => c.ok), checks });
  }
  if (reach === 'unreachable' && o.requireLive) exits.add(EXIT.api);
  const exit = [EXIT.pinSignature, EXIT.failed, EXIT.pinNotValid, EXIT.api].find((c) => exits.has(c)) ?? EXIT.ok;
  const liveNote =
    reach === 'offline'
      ? 'live status not asked (--offline)'
      : reach === 'unreachable'
        ? `the service is not reachable (${unreachable}): live status not checked${o.requireLive ? '' : ' (--require-live makes this exit 3)'}`
        : `live status from ${service.apiUrl}`;
  if (o.json) io.out(JSON.stringify({ lock: file, service: service.apiUrl, live: reach, ok: exit === EXIT.ok, exitCode: exit, pins: results }));
  else {
    io.out(`pin check ${file}: ${lock.pins.length} pin(s); ${liveNote}`);
    for (const r of results) {
      io.out(`${r.ok ? 'OK    ' : 'FAILED'} ${r.path}  certificate ${r.certificateId}`);
      printChecks(io, r.checks);
    }
    io.out(exit === EXIT.ok ? 'result: OK' : `result: FAILED (exit ${exit})`);
  }
  return exit;
}
