import { eachMatchNear } from '../unit.js';

/**
 * Secret detection: known credential formats plus high-entropy values assigned to secret-named
 * keys. Placeholders, documented examples and redacted values are recognised and are not live.
 */

export interface SecretMatch {
  kind: string;
  start: number;
  end: number;
  value: string;
  live: boolean;
}

interface SecretPattern {
  kind: string;
  needles: string[];
  re: RegExp;
  /** Which capture group holds the secret value (0 = whole match). */
  group: number;
  /** Known formats are specific enough that a non-placeholder match is live. */
  minEntropy: number;
}

// Every pattern is linear: bounded character classes, no nested quantifiers.
const PATTERNS: SecretPattern[] = [
  { kind: 'aws-access-key-id', needles: ['akia', 'asia', 'abia', 'acca'], re: /\b((?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16})\b/g, group: 1, minEntropy: 3.0 },
  { kind: 'github-token', needles: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'], re: /\b(gh[pousr]_[A-Za-z0-9]{36,255})\b/g, group: 1, minEntropy: 3.5 },
  { kind: 'github-fine-grained-token', needles: ['github_pat_'], re: /\b(github_pat_[A-Za-z0-9_]{60,255})\b/g, group: 1, minEntropy: 3.5 },
  { kind: 'gitlab-token', needles: ['glpat-'], re: /\b(glpat-[A-Za-z0-9_-]{20,64})\b/g, group: 1, minEntropy: 3.5 },
  { kind: 'slack-token', needles: ['xox'], re: /\b(xox[abposr]-[0-9A-Za-z-]{10,200})\b/g, group: 1, minEntropy: 3.0 },
  {
    kind: 'slack-webhook',
    needles: ['hooks.slack.com'],
    re: /(https:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]{6,12}\/B[A-Z0-9]{6,12}\/[A-Za-z0-9]{20,40})/g,
    group: 1,
    minEntropy: 3.5,
  },
  { kind: 'stripe-live-key', needles: ['_live_'], re: /\b((?:sk|rk)_live_[0-9A-Za-z]{20,120})\b/g, group: 1, minEntropy: 3.5 },
  { kind: 'anthropic-api-key', needles: ['sk-ant-'], re: /\b(sk-ant-(?:api|admin)\d{2}-[A-Za-z0-9_-]{60,120})/g, group: 1, minEntropy: 4.0 },
  {
    kind: 'openai-api-key',
    needles: ['t3blbkfj'],
    re: /\b(sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,200}T3BlbkFJ[A-Za-z0-9_-]{20,200})/g,
    group: 1,
    minEntropy: 4.0,
  },
  { kind: 'openai-api-key', needles: ['sk-proj-'], re: /\b(sk-proj-[A-Za-z0-9_-]{40,200})/g, group: 1, minEntropy: 4.0 },
  { kind: 'google-api-key', needles: ['aiza'], re: /\b(AIza[0-9A-Za-z_-]{35})\b/g, group: 1, minEntropy: 3.5 },
  { kind: 'sendgrid-api-key', needles: ['sg.'], re: /\b(SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43})\b/g, group: 1, minEntropy: 4.0 },
  { kind: 'npm-token', needles: ['npm_'], re: /\b(npm_[A-Za-z0-9]{36})\b/g, group: 1, minEntropy: 3.5 },
  { kind: 'pypi-token', needles: ['pypi-'], re: /\b(pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,300})/g, group: 1, minEntropy: 4.0 },
  { kind: 'huggingface-token', needles: ['hf_'], re: /\b(hf_[A-Za-z0-9]{34,40})\b/g, group: 1, minEntropy: 3.5 },
  { kind: 'telegram-bot-token', needles: [':aa'], re: /\b(\d{8,10}:AA[A-Za-z0-9_-]{33})\b/g, group: 1, minEntropy: 3.5 },
  {
    kind: 'discord-webhook',
    needles: ['/api/webhooks/'],
    re: /(https:\/\/(?:ptb\.|canary\.)?discord(?:app)?\.com\/api\/webhooks\/\d{17,20}\/[A-Za-z0-9_-]{60,80})/g,
    group: 1,
    minEntropy: 3.5,
  },
  { kind: 'twilio-api-key', needles: ['sk'], re: /\b(SK[0-9a-f]{32})\b/g, group: 1, minEntropy: 3.3 },
  {
    kind: 'private-key-block',
    needles: ['private key'],
    re: /(-----BEGIN (?:RSA |EC |DSA |OPENSSH |PGP |ENCRYPTED )?PRIVATE KEY(?: BLOCK)?-----[\s\S]{0,64})/g,
    group: 1,
    minEntropy: 0,
  },
  {
    kind: 'eth-private-key',
    needles: ['key'],
    re: /(?:private[_ ]?key|privkey|secret[_ ]?key|wallet[_ ]?key|PRIVATE_KEY)["']?\s{0,4}[:=]\s{0,4}["']?((?:0x)?[0-9a-fA-F]{64})\b/gi,
    group: 1,
    minEntropy: 3.0,
  },
  {
    kind: 'generic-secret-assignment',
    needles: ['key', 'secret', 'token', 'passw', 'bearer'],
    // key = "value" where the key names a secret. The value must be a plausible token.
    re: /\b([A-Za-z0-9_.-]{0,40}(?:api[_-]?key|apikey|secret[_-]?key|client[_-]?secret|access[_-]?token|auth[_-]?token|password|passwd|secret|token|bearer))["']?\s{0,4}(?:[:=]|=>)\s{0,4}["'`]([A-Za-z0-9_\-+/=.~!@#$%^&*]{12,200})["'`]/gi,
    group: 2,
    minEntropy: 3.6,
  },
  { kind: 'bearer-token', needles: ['bearer'], re: /\b[Bb]earer\s+([A-Za-z0-9_\-.=]{24,500})/g, group: 1, minEntropy: 4.0 },
  {
    kind: 'url-credentials',
    needles: ['@'],
    re: /\b[a-z][a-z0-9+.-]{1,20}:\/\/([^\s:/@"'<>]{1,64}:[^\s:/@"'<>]{6,128})@[A-Za-z0-9.-]{3,}/g,
    group: 1,
    minEntropy: 3.0,
  },
];

const DOCUMENTED_EXAMPLES = new Set([
  // Hardhat / Anvil / Ganache default development accounts (public test keys).
  'ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80',
  '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80',
  '59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d',
  '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d',
  'AKIAIOSFODNN7EXAMPLE',
  'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  'sk_live_4eC39HqLyjWDarjtT1zdp7dc',
]);

/** Shannon entropy in bits per character. */
export function shannonEntropy(s: string): number {
  if (s.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

const PLACEHOLDER_WORDS =
  /(?:your|xxxx|example|placeholder|dummy|fake|sample|changeme|change_me|replace|insert|redacted|secret_here|key_here|token_here|here|test|demo|foobar|lorem|todo|tbd|password|passwd|somepass|someuser|username|user:pass|\.\.\.|\*\*\*|<|>|\$\{|\{\{|%\(|\$[A-Z_]{2,}|process\.env|os\.environ|getenv)/i;

/** True when a credential-shaped value is a placeholder, documented example or redacted value. */
export function isPlaceholder(value: string): boolean {
  if (DOCUMENTED_EXAMPLES.has(value)) return true;
  if (PLACEHOLDER_WORDS.test(value)) return true;
  // Repeated characters (xxxxxxxx, 00000000, abcabcabc) and masks (sk-****abcd).
  if (/(.)\1{5,}/.test(value)) return true;
  if (/[*•·]{3,}|…/.test(value)) return true;
  const lower = value.toLowerCase();
  if (/0123456789|123456789|abcdefgh|qwertyui/.test(lower)) return true;
  return false;
}

function looksLikeIdentifierOrPath(v: string): boolean {
  // snake/camel identifiers and dotted paths are usually variable names, not secrets.
  if (/^[a-z_][a-z0-9_]*$/i.test(v) && !/\d/.test(v)) return true;
  if (/^[a-z]+(?:[._-][a-z]+)+$/i.test(v)) return true;
  if (/^(?:\.{0,2}\/)?[\w.-]+(?:\/[\w.-]+)+$/.test(v) && !/[A-Z].*\d|\d.*[A-Z]/.test(v)) return true;
  return false;
}

/** Finds credential-shaped values in a text. Bounded work: the caller feeds bounded text. */
export function findSecrets(text: string): SecretMatch[] {
  const out: SecretMatch[] = [];
  const seen = new Set<string>();
  const lower = text.toLowerCase();
  for (const p of PATTERNS) {
    eachMatchNear(
      p.re,
      text,
      lower,
      p.needles,
      (m, at) => {
        const value = m[p.group] ?? m[0];
        const rel = p.group === 0 ? 0 : m[0].indexOf(value);
        const start = at + Math.max(0, rel);
        const key = `${start}:${value.length}`;
        if (seen.has(key)) return;
        seen.add(key);
        let live = !isPlaceholder(value) && shannonEntropy(value) >= p.minEntropy;
        if (p.kind === 'generic-secret-assignment' || p.kind === 'bearer-token') {
          if (looksLikeIdentifierOrPath(value)) return;
          // A generic value needs character-class variety and length to count as a live token.
          const classes = [/[a-z]/, /[A-Z]/, /\d/].filter((r) => r.test(value)).length;
          if (classes < 2 || value.length < 20 || shannonEntropy(value) < 4.0) live = false;
        }
        if (p.kind === 'private-key-block') {
          const body = m[0];
          live = !/\.\.\.|<|example|your/i.test(body.slice(body.indexOf('-----', 10) + 5));
        }
        out.push({ kind: p.kind, start, end: start + value.length, value, live });
      },
      100,
    );
  }
  out.sort((a, b) => a.start - b.start || a.end - b.end);
  return out;
}

/** Replaces credential-shaped values with a short redaction marker (kind and length only). */
export function redactSecrets(text: string): string {
  const matches = findSecrets(text);
  if (matches.length === 0) return text;
  let out = '';
  let pos = 0;
  for (const m of matches) {
    if (m.start < pos) continue;
    out += text.slice(pos, m.start);
    const keep = m.value.slice(0, Math.min(4, Math.floor(m.value.length / 4)));
    out += `${keep}[REDACTED:${m.kind}:${m.value.length}]`;
    pos = m.end;
  }
  return out + text.slice(pos);
}
