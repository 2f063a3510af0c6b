import type { ExternalCall, Manifest, Mismatch } from '@sigma/core';
import { hostOf, isLocalHost } from '../text/hosts.js';
import type { CapName, Facts } from '../rules/unit.js';
import { CAP_NAMES, capOf } from './declared.js';
import type { DeclaredManifest } from './declared.js';

function declaredCapSet(decl: DeclaredManifest): Set<CapName> | null {
  if (decl.capabilities === null && decl.toolCapabilities.length === 0 && !decl.safety) return null;
  const out = new Set<CapName>();
  for (const c of decl.capabilities ?? []) {
    const cap = capOf(c);
    if (cap) out.add(cap);
  }
  for (const c of decl.toolCapabilities) out.add(c);
  if (decl.safety?.network === 'outbound') out.add('network');
  if (decl.safety && decl.safety.filesystem !== 'none') out.add('filesystem');
  return out;
}

/** Names reserved for documentation and tests (RFC 2606, RFC 6761): they never reach anyone. */
const RESERVED_HOST = /(?:^|\.)example\.(?:com|net|org)$|\.(?:invalid|test|example|localhost)$/;

/** Hosts that appear in code as namespace identifiers, not as destinations. */
const NAMESPACE_HOSTS = new Set([
  'www.w3.org',
  'w3.org',
  'schemas.openxmlformats.org',
  'schemas.microsoft.com',
  'purl.org',
  'json-schema.org',
  'ns.adobe.com',
  'xmlns.com',
  'www.apache.org',
  'opensource.org',
]);

/** An observed use the manifest does not account for, with the evidence a finding would cite. */
export interface ManifestDelta {
  kind: 'capability' | 'host';
  file: string;
  line: number;
  excerpt: string;
  detail: string;
}

export interface ManifestResult {
  manifest: Manifest;
  mismatches: Mismatch[];
  /** Undeclared capabilities, and hosts used by code that SKILL.md never mentions (at most 20). */
  deltas: ManifestDelta[];
  observedCaps: Record<CapName, boolean>;
}

export function deriveManifest(decl: DeclaredManifest, facts: Facts, skillMdPath: string | null, skillMdText: string): ManifestResult {
  const observed = {} as Record<CapName, boolean>;
  for (const c of CAP_NAMES) observed[c] = facts.caps[c].length > 0;
  const deltas: ManifestDelta[] = [];
  const mismatches: Mismatch[] = [];
  const mm = (m: Mismatch): void => {
    if (!mismatches.some((x) => x.kind === m.kind && x.direction === m.direction && x.subject === m.subject)) mismatches.push(m);
  };

  const urls = [...new Set(facts.urls.map((u) => u.url))].sort().slice(0, 500);
  const hosts = [...new Set(facts.urls.map((u) => u.host))].sort();

  // Capabilities.
  const declaredCaps = declaredCapSet(decl);
  if (declaredCaps) {
    for (const c of CAP_NAMES) {
      if (observed[c] && !declaredCaps.has(c)) {
        // Reading the environment and touching files are implied by running any script; only
        // report them when the skill declared its capabilities explicitly.
        if ((c === 'filesystem' || c === 'process' || c === 'env') && decl.capabilities === null && !decl.safety) continue;
        const ev = facts.caps[c][0]!;
        mm({ kind: 'capability', direction: 'observed_not_declared', subject: c, detail: `${ev.what} at ${ev.file}:${ev.line}` });
        deltas.push({
          kind: 'capability',
          file: ev.file,
          line: ev.line,
          excerpt: `${c}: ${ev.what}`,
          detail: `The front matter does not declare "${c}".`,
        });
      }
    }
    for (const c of decl.capabilities ?? []) {
      const cap = capOf(c);
      if (cap && !observed[cap]) mm({ kind: 'capability', direction: 'declared_not_observed', subject: cap, detail: `declared "${c}" but no use was found` });
    }
  }
  // Safety settings.
  if (decl.safety) {
    if (decl.safety.network === 'none' && observed.network) {
      const ev = facts.caps.network[0]!;
      mm({
        kind: 'safety',
        direction: 'observed_not_declared',
        subject: 'network',
        detail: `safety.network is "none" but ${ev.what} at ${ev.file}:${ev.line}`,
      });
    }
    if (decl.safety.filesystem === 'none' && observed.filesystem) {
      const ev = facts.caps.filesystem[0]!;
      mm({
        kind: 'safety',
        direction: 'observed_not_declared',
        subject: 'filesystem',
        detail: `safety.filesystem is "none" but ${ev.what} at ${ev.file}:${ev.line}`,
      });
    }
    if (decl.safety.network === 'outbound' && !observed.network) {
      mm({ kind: 'safety', direction: 'declared_not_observed', subject: 'network', detail: 'safety.network is "outbound" but no network use was found' });
    }
  }
  // Hosts used by code but never mentioned in SKILL.md.
  const skillLower = skillMdText.toLowerCase();
  const reportedHosts = new Set<string>();
  for (const u of facts.urls) {
    if (!u.inCode || u.file === skillMdPath || isLocalHost(u.host) || NAMESPACE_HOSTS.has(u.host) || RESERVED_HOST.test(u.host)) continue;
    if (skillLower.includes(u.host) || reportedHosts.has(u.host)) continue;
    reportedHosts.add(u.host);
    mm({ kind: 'host', direction: 'observed_not_declared', subject: u.host, detail: `${u.file}:${u.line} uses ${u.host}, which SKILL.md never mentions` });
    if (reportedHosts.size <= 20)
      deltas.push({ kind: 'host', file: u.file, line: u.line, excerpt: u.url, detail: `Host ${u.host} is not mentioned in SKILL.md.` });
  }
  // Declared external calls vs hosts seen anywhere else.
  if (decl.externalCalls) {
    const declaredHosts = new Set(decl.externalCalls.map((c) => hostOf(c.url) ?? hostOf(`https://${c.url}`) ?? c.url.toLowerCase()));
    const seen = new Set(facts.urls.filter((u) => !(u.file === skillMdPath && u.line < 0)).map((u) => u.host));
    for (const h of [...declaredHosts].sort()) {
      const usedOutsideDecl = facts.urls.some((u) => u.host === h && !(u.file === skillMdPath && isFrontMatterLine(u.line, skillMdText)));
      if (!usedOutsideDecl)
        mm({ kind: 'host', direction: 'declared_not_observed', subject: h, detail: `externalCalls declares ${h} but nothing in the skill uses it` });
    }
    for (const h of [...seen].sort()) {
      if (declaredHosts.has(h) || isLocalHost(h) || NAMESPACE_HOSTS.has(h) || RESERVED_HOST.test(h)) continue;
      const where = facts.urls.find((u) => u.host === h)!;
      mm({
        kind: 'host',
        direction: 'observed_not_declared',
        subject: h,
        detail: `${where.file}:${where.line} uses ${h}, which externalCalls does not declare`,
      });
    }
  }
  mismatches.sort((a, b) => cmp(a.kind, b.kind) || cmp(a.direction, b.direction) || cmp(a.subject, b.subject));

  const fsWrite = facts.caps.filesystem.some((e) => /write|mkdir|unlink|remove|rename|rmtree|rmdir|copy|move|append|touch|chmod|chown|rm/i.test(e.what));
  const derivedCalls: ExternalCall[] = [];
  const seenUrls = new Set<string>();
  for (const u of facts.urls) {
    if (!u.inCode || isLocalHost(u.host) || NAMESPACE_HOSTS.has(u.host) || RESERVED_HOST.test(u.host) || seenUrls.has(u.url) || !/^[a-z]+:\/\//i.test(u.url))
      continue;
    seenUrls.add(u.url);
    derivedCalls.push({ url: u.url, method: 'UNKNOWN', auth: 'unknown', reason: `observed in ${u.file}:${u.line}` });
  }
  derivedCalls.sort((a, b) => cmp(a.url, b.url));

  const manifest: Manifest = {
    name: decl.name,
    version: decl.version,
    description: decl.description,
    safety: decl.safety ?? {
      network: observed.network ? 'outbound' : 'none',
      filesystem: observed.filesystem ? (fsWrite ? 'write' : 'read') : 'none',
    },
    capabilities: decl.capabilities ?? CAP_NAMES.filter((c) => observed[c]),
    externalCalls: decl.externalCalls ?? derivedCalls.slice(0, 100),
    hosts,
    urls,
    declared: { safety: decl.safety !== null, capabilities: decl.capabilities !== null, externalCalls: decl.externalCalls !== null },
  };
  return { manifest, mismatches, deltas, observedCaps: observed };
}

function isFrontMatterLine(line: number, skillMd: string): boolean {
  if (!skillMd.startsWith('---')) return false;
  const close = skillMd.indexOf('\n---', 3);
  if (close < 0) return false;
  const fmLines = skillMd.slice(0, close).split('\n').length;
  return line <= fmLines + 1;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
