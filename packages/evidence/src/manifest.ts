import type { ExternalCall, Manifest, Mismatch } from '@sigma/core';
import type { Hit } from './types.js';
import type { CapName, Facts } from './rules/unit.js';
import { hostOf, isLocalHost } from './rules/network.js';

export const CAP_NAMES: readonly CapName[] = ['env', 'filesystem', 'network', 'process', 'shell', 'wallet'];

const CAP_SYNONYMS: Array<[RegExp, CapName]> = [
  [/^(?:net|network|networking|internet|http|https|web|outbound|fetch|api|webfetch|websearch)$/, 'network'],
  [/^(?:fs|filesystem|file|files|file[-_ ]?system|read|write|storage|disk|edit|multiedit|glob|grep|ls|notebookedit)$/, 'filesystem'],
  [/^(?:shell|bash|sh|zsh|terminal|command|commands|cli|exec|powershell)$/, 'shell'],
  [/^(?:process|processes|subprocess|spawn)$/, 'process'],
  [/^(?:env|environment|environment[-_ ]?variables|secrets|credentials)$/, 'env'],
  [/^(?:wallet|wallets|crypto|web3|signing|blockchain)$/, 'wallet'],
];

function capOf(word: string): CapName | null {
  const w = word
    .toLowerCase()
    .trim()
    .replace(/\(.*\)$/, '')
    .trim();
  for (const [re, cap] of CAP_SYNONYMS) if (re.test(w)) return cap;
  return null;
}

function asString(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return null;
}

function asStringList(v: unknown): string[] {
  if (Array.isArray(v)) return v.map(asString).filter((s): s is string => s !== null);
  if (typeof v === 'string') return v.split(/[,\s]+/).filter(Boolean);
  if (v && typeof v === 'object')
    return Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x === true || x === 'true' || x === 'yes')
      .map(([k]) => k);
  return [];
}

export interface DeclaredManifest {
  name: string | null;
  version: string | null;
  description: string | null;
  safety: Manifest['safety'] | null;
  capabilities: string[] | null;
  /** Capabilities declared through `allowed-tools` (weaker: tools act outside the skill's scripts). */
  toolCapabilities: CapName[];
  externalCalls: ExternalCall[] | null;
  always: boolean;
}

export function readDeclared(fm: Record<string, unknown> | null): DeclaredManifest {
  const d = fm ?? {};
  const meta = d['metadata'] && typeof d['metadata'] === 'object' ? (d['metadata'] as Record<string, unknown>) : {};
  const safetyRaw = d['safety'];
  let safety: Manifest['safety'] | null = null;
  if (safetyRaw && typeof safetyRaw === 'object') {
    const s = safetyRaw as Record<string, unknown>;
    const net = asString(s['network'])?.toLowerCase();
    const fs = asString(s['filesystem'])?.toLowerCase();
    safety = {
      network: net === 'outbound' || net === 'true' || net === 'yes' ? 'outbound' : 'none',
      filesystem:
        fs === 'write' || fs === 'read-write' || fs === 'readwrite' ? 'write' : fs === 'read' || fs === 'read-only' || fs === 'readonly' ? 'read' : 'none',
    };
  }
  const capsRaw = d['capabilities'] ?? d['permissions'];
  const capabilities =
    capsRaw === undefined
      ? null
      : asStringList(capsRaw)
          .map((s) => s.toLowerCase())
          .sort();
  const tools = asStringList(d['allowed-tools'] ?? d['allowed_tools'] ?? d['allowedTools'] ?? d['tools']);
  const toolCapabilities = [...new Set(tools.map(capOf).filter((c): c is CapName => c !== null))].sort();
  if (tools.some((t) => /^bash/i.test(t))) toolCapabilities.push('process');
  const callsRaw = d['externalCalls'] ?? d['external_calls'] ?? d['external-calls'];
  let externalCalls: ExternalCall[] | null = null;
  if (Array.isArray(callsRaw)) {
    externalCalls = callsRaw
      .map((c): ExternalCall | null => {
        if (typeof c === 'string') return { url: c, method: 'GET', auth: 'none', reason: '' };
        if (!c || typeof c !== 'object') return null;
        const o = c as Record<string, unknown>;
        const url = asString(o['url'] ?? o['endpoint'] ?? o['host']);
        if (!url) return null;
        return {
          url,
          method: (asString(o['method']) ?? 'GET').toUpperCase(),
          auth: asString(o['auth']) ?? 'none',
          reason: asString(o['reason'] ?? o['purpose']) ?? '',
        };
      })
      .filter((c): c is ExternalCall => c !== null)
      .sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : a.method < b.method ? -1 : a.method > b.method ? 1 : 0));
  }
  return {
    name: asString(d['name']),
    version: asString(d['version'] ?? meta['version']),
    description: asString(d['description']),
    safety,
    capabilities,
    toolCapabilities: [...new Set(toolCapabilities)].sort(),
    externalCalls,
    always: d['always'] === true || d['always'] === 'true' || (meta['always'] as unknown) === true,
  };
}

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

export interface ManifestResult {
  manifest: Manifest;
  mismatches: Mismatch[];
  hits: Hit[];
  observedCaps: Record<CapName, boolean>;
}

export function deriveManifest(decl: DeclaredManifest, facts: Facts, skillMdPath: string | null, skillMdText: string): ManifestResult {
  const observed = {} as Record<CapName, boolean>;
  for (const c of CAP_NAMES) observed[c] = facts.caps[c].length > 0;
  const hits: Hit[] = [];
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
        hits.push({
          ruleId: 'MANIFEST_UNDECLARED_CAPABILITY',
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
    if (!u.inCode || u.file === skillMdPath || isLocalHost(u.host) || NAMESPACE_HOSTS.has(u.host)) continue;
    if (skillLower.includes(u.host) || reportedHosts.has(u.host)) continue;
    reportedHosts.add(u.host);
    mm({ kind: 'host', direction: 'observed_not_declared', subject: u.host, detail: `${u.file}:${u.line} uses ${u.host}, which SKILL.md never mentions` });
    if (reportedHosts.size <= 20)
      hits.push({ ruleId: 'MANIFEST_UNDECLARED_HOST', file: u.file, line: u.line, excerpt: u.url, detail: `Host ${u.host} is not mentioned in SKILL.md.` });
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
      if (declaredHosts.has(h) || isLocalHost(h) || NAMESPACE_HOSTS.has(h)) continue;
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
    if (!u.inCode || isLocalHost(u.host) || NAMESPACE_HOSTS.has(u.host) || seenUrls.has(u.url) || !/^[a-z]+:\/\//i.test(u.url)) continue;
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
  return { manifest, mismatches, hits, observedCaps: observed };
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
