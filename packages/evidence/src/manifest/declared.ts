import type { ExternalCall, Manifest } from '@sigma/core';
import type { CapName } from '../rules/unit.js';

export const CAP_NAMES: readonly CapName[] = ['env', 'filesystem', 'network', 'process', 'shell', 'wallet'];

const CAP_SYNONYMS: Array<[RegExp, CapName]> = [
  [/^(?:net|network|networking|internet|http|https|web|outbound|fetch|api|webfetch|websearch)$/, 'network'],
  [/^(?:fs|filesystem|file|files|file[-_ ]?system|read|write|storage|disk|edit|multiedit|glob|grep|ls|notebookedit)$/, 'filesystem'],
  [/^(?:shell|bash|sh|zsh|terminal|command|commands|cli|exec|powershell)$/, 'shell'],
  [/^(?:process|processes|subprocess|spawn)$/, 'process'],
  [/^(?:env|environment|environment[-_ ]?variables|secrets|credentials)$/, 'env'],
  [/^(?:wallet|wallets|crypto|web3|signing|blockchain)$/, 'wallet'],
];

export function capOf(word: string): CapName | null {
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

/** Splits on commas and spaces outside parentheses: `Bash(bash bin/run.sh:*), Read` is two tools. */
function splitList(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  let depth = 0;
  for (const ch of s) {
    if (ch === '(') depth++;
    else if (ch === ')') depth = Math.max(0, depth - 1);
    if (depth === 0 && (ch === ',' || /\s/.test(ch))) {
      if (cur) out.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (cur) out.push(cur);
  return out;
}

function asStringList(v: unknown): string[] {
  if (Array.isArray(v)) return v.map(asString).filter((s): s is string => s !== null);
  if (typeof v === 'string') return splitList(v);
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
