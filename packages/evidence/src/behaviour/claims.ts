/**
 * Claims a SKILL.md makes about its own behaviour: front matter (`safety`, `allowed-tools`,
 * `capabilities`, `externalCalls`), the description and the prose. Phrasings in English, Spanish,
 * French, German, Portuguese and Italian. A sentence is a claim about the skill only when it is not
 * an instruction to the reader ("never share your key"), not conditional ("if you are offline…"),
 * not a question, and not the negation of the claim ("does not work offline").
 */
import type { Claim, ClaimKind } from '@sigma/core';
import { parseFrontMatter } from '../manifest/front-matter.js';
import { hostFromText } from './paths.js';

interface Pattern {
  kind: ClaimKind;
  re: RegExp;
  /** The pattern is a positive word ("offline"): a negation right before it cancels the claim. */
  positive: boolean;
}

const SEND = '(?:send|sends|transmit|transmits|upload|uploads|share|shares|leak|leaks|post|posts|forward|forwards|phone|phones)';
const NEG = "(?:does\\s+not|doesn't|do\\s+not|don't|will\\s+not|won't|never|cannot|can't|no\\s+longer|is\\s+not|isn't)";
const PATTERNS: Pattern[] = [
  {
    kind: 'no-network',
    positive: true,
    re: /\b(?:offline|off-line|air[- ]?gapped)\b|\bhors[- ]ligne\b|\bsin\s+(?:conexi[oó]n|internet|red)\b|\bsans\s+(?:connexion|internet|r[ée]seau)\b|\bohne\s+(?:internet|netz(?:werk)?|verbindung)\b|\bsem\s+(?:conex[aã]o|internet)\b|\bsenza\s+(?:connessione|internet|rete)\b/i,
  },
  {
    kind: 'no-network',
    positive: false,
    re: new RegExp(
      `${NEG}\\s+(?:\\w+\\s+){0,2}(?:${SEND}|touch(?:es)?|access(?:es)?|use|uses|call|calls|contact|contacts|connect|connects|reach|reaches|make|makes)\\b[^.;]{0,40}\\b(?:network|internet|online|web|cloud|server|servers|anywhere|external|remote|outside|third[- ]part(?:y|ies)|data|requests?|calls?)`,
      'i',
    ),
  },
  {
    kind: 'no-network',
    positive: false,
    re: /\bno\s+(?:network|internet|outbound|external|remote)\s+(?:access|calls?|requests?|connections?|traffic|services?|apis?)\b|\b(?:no|none\s+of\s+your)\s+data\s+(?:ever\s+)?(?:leaves|is\s+sent|is\s+shared|is\s+uploaded|goes)\b|\bnothing\s+(?:ever\s+)?(?:leaves|is\s+sent)\b/i,
  },
  {
    kind: 'no-network',
    positive: false,
    re: /\bno\s+env[ií]a\b|\bno\s+se\s+env[ií]a\b|\bn'envoie\s+(?:aucune|pas|rien)\b|\baucune\s+donn[ée]e\b|\bsendet\s+keine\b|\bkeine\s+daten\s+(?:werden\s+)?(?:gesendet|übertragen|hochgeladen)\b|\bn[aã]o\s+envia\b|\bnon\s+invia\b/i,
  },
  {
    kind: 'local-only',
    positive: true,
    re: /\b100\s*%\s*local(?:ly)?\b|\blocal[- ]only\b|\bon[- ]device\b|\b(?:runs?|works?|executes?|stays?|processing\s+happens|everything\s+happens)\s+(?:entirely\s+|fully\s+|completely\s+|only\s+)?(?:locally|on\s+your\s+(?:machine|computer|device))\b|\b(?:funciona|se\s+ejecuta)\s+(?:localmente|en\s+local)\b|\bfonctionne\s+en\s+local\b|\blocalement\b|\bläuft\s+(?:nur\s+)?lokal\b|\bfunziona\s+in\s+locale\b/i,
  },
  {
    kind: 'read-only',
    positive: true,
    re: /\bread[- ]only\b|\bonly\s+reads\b|\bsolo\s+lectura\b|\blecture\s+seule\b|\bnur\s+lesend\b|\bsomente\s+leitura\b|\bsola\s+lettura\b/i,
  },
  {
    kind: 'read-only',
    positive: false,
    re: new RegExp(
      `${NEG}\\s+(?:\\w+\\s+){0,2}(?:modify|modifies|write|writes|change|changes|delete|deletes|alter|alters|touch|touches)\\b[^.;]{0,30}\\b(?:files?|disk|filesystem|file\\s+system|your\\s+system|anything)`,
      'i',
    ),
  },
  {
    kind: 'no-storage',
    positive: false,
    re: new RegExp(
      `${NEG}\\s+(?:\\w+\\s+){0,2}(?:store|stores|save|saves|persist|persists|log|logs|retain|retains|keep|keeps|cache|caches|record|records)\\b`,
      'i',
    ),
  },
  {
    kind: 'no-storage',
    positive: false,
    re: /\bno\s+(?:data|logs?|history)\s+(?:is\s+|are\s+)?(?:stored|saved|persisted|kept|retained|logged)\b|\bstateless\b|\bno\s+(?:se\s+)?(?:almacena|guarda)\b|\bne\s+(?:stocke|conserve|enregistre)\s+(?:rien|aucune|pas)\b|\bspeichert\s+(?:keine|nichts)\b|\bn[aã]o\s+armazena\b|\bnon\s+(?:salva|memorizza)\b/i,
  },
  {
    kind: 'no-credentials',
    positive: false,
    re: new RegExp(
      `${NEG}\\s+(?:\\w+\\s+){0,2}(?:read|reads|access|accesses|use|uses|touch|touches|collect|collects|need|needs|require|requires|ask\\s+for|asks\\s+for)\\b[^.;]{0,30}\\b(?:credentials?|api[- ]?keys?|secrets?|tokens?|passwords?|ssh\\s+keys?|private\\s+keys?|wallets?|keychain)`,
      'i',
    ),
  },
  {
    kind: 'no-exec',
    positive: false,
    re: new RegExp(
      `${NEG}\\s+(?:\\w+\\s+){0,2}(?:run|runs|execute|executes|spawn|spawns|launch|launches|eval|evaluates)\\b[^.;]{0,30}\\b(?:commands?|code|shell|scripts?|programs?|processes|binaries)`,
      'i',
    ),
  },
  {
    kind: 'no-telemetry',
    positive: false,
    re: /\bno\s+(?:telemetry|analytics|tracking|tracking\s+pixels|usage\s+data)\b|\bzero\s+telemetry\b|\bwithout\s+(?:telemetry|analytics|tracking)\b|\bsin\s+telemetr[ií]a\b|\bpas\s+de\s+t[ée]l[ée]m[ée]trie\b|\bkeine\s+telemetrie\b|\bsem\s+telemetria\b|\bsenza\s+telemetria\b/i,
  },
  {
    kind: 'no-telemetry',
    positive: false,
    re: new RegExp(`${NEG}\\s+(?:\\w+\\s+){0,2}(?:track|tracks|collect|collects|phone\\s+home|phones\\s+home|report|reports|gather|gathers)\\b`, 'i'),
  },
];

/** An instruction to the reader, not a statement about the skill: starts with a bare imperative. */
const IMPERATIVE =
  /^\s*(?:[-*>]\s*|\d+[.)]\s*)?(?:please\s+)?(?:do\s+not|don't|never|avoid|make\s+sure\s+(?:you\s+)?(?:do\s+not|don't|never)|you\s+(?:should|must|may)\s+(?:not|never)|be\s+careful)\b/i;
const SUBJECT =
  /\b(?:this\s+(?:skill|tool|script|plugin|server|extension|integration|package|app)|the\s+(?:skill|tool|script|plugin|server|extension|integration|package)|it|we|our\s+\w+|everything|all\s+(?:processing|data|work)|your\s+data|data|nothing|esta\s+(?:herramienta|habilidad)|este\s+(?:skill|plugin)|cette\s+(?:comp[ée]tence|extension)|ce\s+(?:skill|plugin)|dieser?\s+(?:skill|plugin)|es)\b/i;
const CONDITIONAL = /\b(?:if|when|whenever|unless|while|in\s+case|once|si|cuando|lorsque|quand|wenn|falls|se|quando)\b/i;
const CANCEL = /\b(?:not|n't|never|no|cannot|requires?|needs?|without)\s+(?:\w+\s+){0,2}$/i;
const EXCEPT = /\b(?:except|other\s+than|apart\s+from|besides|but\s+(?:to|for)|only\s+(?:to|with|for)|excepto|salvo|sauf|außer|exceto|tranne)\b/i;

const BARE_HOST =
  /\b((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:com|org|net|io|ai|dev|app|co|cloud|so|sh|me|us|uk|de|fr|es|jp|cn|ru|in|xyz|gg|tv|info|biz|gov|edu|eu|ca|au|nz|ch|nl|se|no|fi|pl|it|br|mx|run|site|page|tech|tools|example))\b/gi;
const URL = /\b[a-z][a-z0-9+.-]{1,20}:\/\/[^\s"'`<>()[\]{}|\\^]{1,500}/gi;

export function hostsIn(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(URL)) {
    const h = hostFromText(m[0], true);
    if (h) out.add(h);
  }
  for (const m of text.replace(URL, ' ').matchAll(BARE_HOST)) {
    const before = text[(m.index ?? 0) - 1];
    if (before === '@' || before === '/' || before === '.') continue;
    out.add(m[1]!.toLowerCase());
  }
  return [...out];
}

function clip(s: string): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > 240 ? `${t.slice(0, 239)}…` : t;
}

/** Sentences (with their line) of the prose, outside fenced code. */
function sentences(lines: string[], from: number): Array<{ text: string; line: number }> {
  const out: Array<{ text: string; line: number }> = [];
  let fence = false;
  for (let i = from; i < lines.length; i++) {
    const l = lines[i]!;
    if (/^\s*(?:```|~~~)/.test(l)) {
      fence = !fence;
      continue;
    }
    if (fence) continue;
    for (const s of l.split(/(?<=[.!?;])\s+|(?<=[.!?])$/)) if (s.trim()) out.push({ text: s.trim(), line: i + 1 });
  }
  return out;
}

export function claimsIn(text: string, line: number, origin: Claim['origin'], out: Claim[]): void {
  if (/\?\s*$/.test(text)) return;
  const seen = new Set<ClaimKind>();
  for (const p of PATTERNS) {
    if (seen.has(p.kind)) continue;
    const m = p.re.exec(text);
    if (!m) continue;
    const before = text.slice(0, m.index);
    const clause = before.split(/[,:;—–]/).pop() ?? '';
    if (CONDITIONAL.test(clause)) continue;
    if (p.positive && CANCEL.test(before)) continue;
    if (!p.positive && IMPERATIVE.test(text) && !SUBJECT.test(before)) continue;
    seen.add(p.kind);
    const exceptions = EXCEPT.test(text) ? hostsIn(text.slice(text.search(EXCEPT))) : [];
    out.push({ id: '', kind: p.kind, text: clip(text), line, origin, value: exceptions.length ? exceptions.join(',') : null });
  }
}

export function extractClaims(skillMd: string): Claim[] {
  const out: Claim[] = [];
  const lines = skillMd.split(/\r?\n/);
  const fm = parseFrontMatter(skillMd);
  const lineOf = (re: RegExp): number => {
    const i = lines.findIndex((l) => re.test(l));
    return i >= 0 ? i + 1 : 1;
  };
  const data = fm.data ?? {};
  const bodyLine = fm.present ? skillMd.slice(0, fm.bodyOffset).split('\n').length : 1;
  if (typeof data.description === 'string') claimsIn(data.description, lineOf(/^\s*description\s*:/), 'description', out);
  const safety = data.safety as Record<string, unknown> | undefined;
  if (safety && typeof safety === 'object') {
    if (safety.network === 'none' || safety.network === false)
      out.push({
        id: '',
        kind: 'no-network',
        text: `safety.network: ${String(safety.network)}`,
        line: lineOf(/^\s*network\s*:/),
        origin: 'front-matter',
        value: null,
      });
    if (safety.filesystem === 'none' || safety.filesystem === 'read')
      out.push({
        id: '',
        kind: 'read-only',
        text: `safety.filesystem: ${String(safety.filesystem)}`,
        line: lineOf(/^\s*filesystem\s*:/),
        origin: 'front-matter',
        value: null,
      });
  }
  for (const key of ['allowed-tools', 'allowed_tools', 'capabilities', 'permissions']) {
    const v = data[key];
    const items = Array.isArray(v) ? v : typeof v === 'string' ? v.split(/[,\s]+/) : [];
    for (const it of items)
      if (typeof it === 'string' && it.trim())
        out.push({
          id: '',
          kind: 'declared-tool',
          text: `${key}: ${it.trim()}`,
          line: lineOf(new RegExp(`^\\s*${key}\\s*:|^\\s*-\\s*${it.trim().replace(/[^\w-]/g, '.')}`)),
          origin: 'front-matter',
          value: it.trim(),
        });
  }
  const calls = data.externalCalls ?? data.external_calls;
  if (Array.isArray(calls))
    for (const c of calls) {
      const url = typeof c === 'string' ? c : typeof (c as { url?: unknown })?.url === 'string' ? (c as { url: string }).url : null;
      const h = url ? (hostFromText(url, true) ?? hostsIn(url)[0]) : null;
      if (h)
        out.push({
          id: '',
          kind: 'declared-host',
          text: `externalCalls: ${url}`,
          line: lineOf(new RegExp(h.replace(/\./g, '\\.'))),
          origin: 'front-matter',
          value: h,
        });
    }
  for (const s of sentences(lines, fm.present ? bodyLine - 1 : 0)) claimsIn(s.text, s.line, 'prose', out);
  const fmHosts = new Set(out.filter((c) => c.kind === 'declared-host').map((c) => c.value));
  lines.forEach((l, i) => {
    for (const h of hostsIn(l)) {
      if (fmHosts.has(h)) continue;
      fmHosts.add(h);
      out.push({ id: '', kind: 'declared-host', text: clip(l), line: i + 1, origin: i + 1 < bodyLine ? 'front-matter' : 'prose', value: h });
    }
  });
  out.sort((a, b) => a.line - b.line || a.kind.localeCompare(b.kind));
  out.forEach((c, i) => (c.id = `C${i + 1}`));
  return out;
}

/** Every host SKILL.md names (front matter, prose, code blocks). */
export function declaredHostsOf(skillMd: string): string[] {
  return extractClaims(skillMd)
    .filter((c) => c.kind === 'declared-host' && c.value)
    .map((c) => c.value!);
}
