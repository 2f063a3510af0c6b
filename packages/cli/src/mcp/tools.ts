import { runValidate } from '@sigma/evidence';
import { verifyBundle, type CertificateBundle, type CertificateSummary } from '@sigma/core';
import { api } from '../api.js';
import { CliError, type CliConfig } from '../config.js';
import type { Io } from '../io.js';
import { reported } from '../commands/bundle.js';
import { pinCheck } from '../commands/pin.js';
import { checkContent, localHashes } from '../commands/pin-local.js';

const TIMEOUT_MS = 10_000;
type Live = { valid: boolean; status: string; invalidReasons: string[]; activeFlagCount: number };

/** An Io that keeps what a command prints (for tools that reuse a CLI command). */
function captureIo(): Io & { lines: string[] } {
  const lines: string[] = [];
  return { lines, out: (l) => lines.push(l), err: (l) => lines.push(l), progress: () => ({ update: () => undefined, stop: () => undefined }) };
}

export async function searchCertificates(cfg: CliConfig, query: string | undefined, limit: number) {
  const q = new URLSearchParams({ limit: String(limit), ...(query ? { q: query } : {}) });
  return api<{ certificates: CertificateSummary[] }>(cfg, `/api/v1/public/certificates?${q}`, { timeoutMs: TIMEOUT_MS });
}

/** The bundle checked locally against the trusted issuer, and the live status from the service. */
export async function verifyCertificateTool(cfg: CliConfig, certificateId: string, trustedIssuer?: string) {
  const bundle = await api<CertificateBundle>(cfg, `/api/v1/public/certificates/${encodeURIComponent(certificateId)}/bundle`, { timeoutMs: TIMEOUT_MS });
  const issuer = trustedIssuer ?? (await api<{ address: string }>(cfg, '/.well-known/sigma-issuer', { timeoutMs: TIMEOUT_MS })).address;
  const local = await verifyBundle(bundle, { trustedIssuer: issuer });
  const live = await api<Live>(cfg, `/api/v1/public/certificates/${encodeURIComponent(certificateId)}/live-status`, { timeoutMs: TIMEOUT_MS });
  const s = bundle.snapshot;
  return {
    certificateId: bundle.certificateId,
    /** Signed by the trusted issuer, untouched, and valid on the service now. */
    trustworthy: local.ok && live.valid,
    signatureVerified: local.ok,
    valid: live.valid,
    status: live.status,
    invalidReasons: live.invalidReasons,
    activeFlagCount: live.activeFlagCount,
    skillName: s.skillName,
    skillVersion: s.skillVersion,
    securityLevel: s.review.securityLevel,
    retainedWarnings: s.review.retainedWarnings.map((w) => `${w.ruleId}: ${w.title}`),
    skillHash: s.skillHash,
    codeHash: s.codeHash,
    payloadHash: bundle.payloadHash,
    trustedIssuer: issuer,
    checks: reported(local),
  };
}

/**
 * Is this content certified? A folder's hashes (or a given content hash) looked up on the service;
 * the newest matching certificate is verified locally and asked for its live status. A lock file is
 * checked as `sigma pin check` checks it.
 */
export async function checkPinTool(cfg: CliConfig, input: { folder?: string; contentHash?: string; lockFile?: string }) {
  if (input.lockFile) {
    const io = captureIo();
    const exitCode = await pinCheck(cfg, { lock: input.lockFile, json: true }, io, cfg.apiUrl);
    return { mode: 'lock' as const, exitCode, ...(JSON.parse(io.lines.at(-1) ?? '{}') as object) };
  }
  const hashes = input.folder ? localHashes(input.folder) : { skillHash: input.contentHash ?? null, codeHash: input.contentHash ?? null };
  const term = hashes.skillHash ?? hashes.codeHash;
  if (!term) throw new CliError('SIGMA_E_PIN_CONTENT_MISMATCH: no SKILL.md in the folder to hash', 2, 'SIGMA_E_PIN_CONTENT_MISMATCH');
  const found = (await searchCertificates(cfg, term, 20)).certificates;
  const base = { mode: input.folder ? ('folder' as const) : ('contentHash' as const), contentHash: term };
  if (found.length === 0) return { ...base, certified: false, valid: false, summary: 'No SIGMA certificate covers this content.' };
  const best = found.find((c) => c.status === 'APPROVED') ?? found[0]!;
  const v = await verifyCertificateTool(cfg, best.certificateId);
  // The certificate must certify these bytes: compared with the hashes inside the signed snapshot.
  const content = input.folder
    ? checkContent(input.folder, { skillHash: v.skillHash, codeHash: v.codeHash })
    : [{ ok: v.skillHash === term || v.codeHash === term, detail: 'content hash' }];
  const matches = content.every((c) => c.ok);
  return {
    ...base,
    certified: matches && v.signatureVerified,
    valid: matches && v.trustworthy,
    summary: !matches
      ? 'A certificate was found but its signed snapshot does not match this content.'
      : v.trustworthy
        ? `Certified and valid: ${v.skillName ?? 'unnamed'} ${v.skillVersion ?? ''} (${v.securityLevel}).`
        : `Certified, but not valid now: ${v.invalidReasons.join('; ') || 'the signature does not verify'}.`,
    certificate: v,
    otherMatches: found.filter((c) => c.certificateId !== best.certificateId).map((c) => ({ certificateId: c.certificateId, status: c.status })),
  };
}

/** The offline evidence run of `sigma validate --format json`. */
export async function validateSkillTool(path: string) {
  const io = captureIo();
  const exitCode = await runValidate({ path, format: 'json' }, { stdout: (s) => io.out(s), stderr: (s) => io.err(s) });
  let report: { blocked?: boolean; blockedReasons?: string[]; sandboxRiskLevel?: string; findings?: Array<Record<string, unknown>>; manifest?: unknown } = {};
  try {
    report = JSON.parse(io.lines.join('\n')) as typeof report;
  } catch {
    throw new CliError(`SIGMA_E_SUBMISSION_SOURCE_INVALID: ${io.lines.join(' ').slice(0, 300)}`, 2, 'SIGMA_E_SUBMISSION_SOURCE_INVALID');
  }
  const findings = report.findings ?? [];
  return {
    path,
    exitCode,
    blocking: exitCode === 1,
    blockedReasons: report.blockedReasons ?? [],
    sandboxRiskLevel: report.sandboxRiskLevel ?? null,
    findingCount: findings.length,
    findings: findings.slice(0, 50).map((f) => ({ ruleId: f.ruleId, severity: f.severity, title: f.title, file: f.file, line: f.line })),
    manifest: report.manifest ?? null,
  };
}
