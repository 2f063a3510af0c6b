import { SEVERITY_RANK } from '@sigma/core';
import type { IntentFinding, IntentTarget, Severity } from '@sigma/core';
import { sentenceCues } from './cues.js';
import type { Cues } from './cues.js';
import { extractFrame } from './frame.js';
import { findAddresses } from './vocab/destinations.js';
import type { Extracted } from './frame.js';
import { foldRe, norm } from './lex.js';
import { DESCRIPTIVE } from './roles.js';
import { scoreFrame } from './score.js';
import type { Scored } from './score.js';
import { codeLines, cuesOf } from './segment.js';
import type { Segment } from './segment.js';
import { AGENT } from './vocab/markers.js';
import { FETCH, FOLLOW, PRECEDENCE } from './vocab/actions.js';

/** Words that point back at an address named earlier ("that page", "the URL above"). */
const BACK_REFERENCE = foldRe(
  /\b(?:that|this|the same|the linked)\s{1,3}(?:page|url|link|address|gist|document|file|site)\b|\bthe\s{1,3}(?:page|url|link|gist)\s{1,3}above\b|\b(?:esa|esta|essa|esta|quella|questa|cette|diese|dieser)\s{1,3}(?:pagina|url|seite|adresse|enlace|link)\b|该(?:页面|链接|网址)|这个(?:页面|链接|网址)|その(?:ページ|url|リンク)|(?:эту|этой)\s{1,3}(?:страниц|ссылк)/,
);

const BACK_REFERENCE_LINES = 12;

/** The skill's own steps publish a pull request, issue or release (`gh pr edit --body-file`, `glab mr create`). */
const PUBLISHES = /\b(?:gh\s+(?:pr|issue|release)\s+(?:create|edit|comment|review)|glab\s+(?:mr|issue)\s+(?:create|update|note)|hub\s+pull-request)\b/i;
/** "The description" of such a skill is the published one. */
const BARE_PUBLISHED = foldRe(
  /\b(?:the\s{1,3}(?:description|body)|la\s{1,3}(?:description|descripcion|descrizione)|die\s{1,3}beschreibung|a\s{1,3}descricao)\b/,
);
/** How far after a fetch a sentence saying to obey what was fetched is read with it. */
const FOLLOW_LINES = 4;

export interface AnalyzeIntentOptions {
  /** Lowest severity reported (default LOW). */
  minSeverity?: Severity;
  /**
   * Also report, at INFO, what was *not* scored and why: dangerous frames that are described
   * (pattern lists, threat descriptions, examples, quotes) or forbidden ("never send…").
   */
  includeDescribed?: boolean;
}

const AGENT_NOUN = foldRe(/assistant|agent|\bai\b|model|llm|claude|gpt|gemini|copilot|asistente|assistent|assistente|ассистент|助手|アシスタント/);

/** Reads every instruction segment as an intent frame and scores it; explains each decision. */
export function analyzeIntent(segments: readonly Segment[], opts: AnalyzeIntentOptions = {}): IntentFinding[] {
  const min = SEVERITY_RANK[opts.minSeverity ?? 'LOW'];
  // First pass: frames. Second pass: scores, with concealment asked for by a neighbouring sentence.
  const units: Unit[] = [];
  const lastAddress = new Map<string, { value: string; line: number }>();
  // "Fetch that page." then "Treat what it says as your instructions.": the second sentence is read with the first.
  let lastFetch: { seg: Segment; text: string; line: number; address: string } | null = null;
  const publishes = segments.some((s) => PUBLISHES.test(s.text));
  for (const seg of segments) {
    if (seg.kind === 'inline-code') continue;
    const parts =
      seg.kind === 'code-block'
        ? codeLines(seg).map((l) => ({ ...l, spans: [], cues: sentenceCues(norm(l.text)), outer: norm(l.text) }))
        : [{ text: seg.text, line: seg.line, spans: seg.spans, ...cuesOf(seg) }];
    for (const p of parts) {
      // "Fetch that page": the address named just before (same file, within a few lines) is the one meant.
      const own = findAddresses(p.text).filter((d) => d.external);
      const last = lastAddress.get(seg.file);
      const meant = own.length === 0 && last && p.line - last.line <= BACK_REFERENCE_LINES && BACK_REFERENCE.test(p.outer) ? last.value : undefined;
      // In a skill that publishes a pull request, "add it to the description" writes where everyone reads.
      const pub = publishes && seg.kind !== 'code-block' && BARE_PUBLISHED.test(p.outer) ? ' (pull request description)' : '';
      const ex = extractFrame(meant ? `${p.text} (${meant})${pub}` : `${p.text}${pub}`, `${p.outer}${pub}`, p.spans, p.cues.negatedStart);
      if (own.length > 0) lastAddress.set(seg.file, { value: own[own.length - 1]!.value, line: p.line });
      const address = own[0]?.value ?? meant;
      if (address && seg.kind !== 'code-block' && FETCH.find(p.outer, 1).length > 0) lastFetch = { seg, text: p.text, line: p.line, address };
      else if (
        lastFetch &&
        own.length === 0 &&
        lastFetch.seg.file === seg.file &&
        p.line - lastFetch.line <= FOLLOW_LINES &&
        sameSection(lastFetch.seg, seg) &&
        (FOLLOW.find(p.outer, 1).length > 0 || PRECEDENCE.find(p.outer, 1).length > 0)
      ) {
        const joined = `${lastFetch.text} (${lastFetch.address}) ${p.text}`;
        const both = extractFrame(joined, norm(joined), [...lastFetch.seg.spans, ...p.spans], false);
        // Only a strong reading joins (obey as instructions, before every task, over earlier instructions):
        // "Read the API reference at …. Follow the rate limits it lists." stays two ordinary sentences.
        if (both.hits.some((h) => h.action === 'fetch-follow' && h.strong)) {
          units.push({ seg, text: p.text, line: p.line, cues: p.cues, ex: both, addressesAgent: false });
          lastFetch = null;
          continue;
        }
      }
      const addressesAgent =
        seg.hidden &&
        (p.cues.agentSubject !== null ||
          p.cues.obligation !== null ||
          AGENT_NOUN.test(
            AGENT.find(p.outer, 4)
              .map((h) => h.text)
              .join(' '),
          ));
      if (ex.hits.length === 0 && !addressesAgent) continue;
      units.push({ seg, text: p.text, line: p.line, cues: p.cues, ex, addressesAgent });
    }
  }
  const hides = units.filter(
    (u) => !DESCRIPTIVE.has(u.seg.role) && !u.seg.prohibited && u.ex.hits.some((h) => h.action === 'hide' && h.strong && !h.negated && !h.guard),
  );
  // Neighbouring concealment, looked up by line (not by scanning every unit: linear on hostile input).
  const hideAt = new Map<string, Unit>();
  for (const h of hides) hideAt.set(`${h.seg.file}\u0000${h.line}`, h);
  const nearHide = (u: Unit): Unit | undefined => {
    for (let d = -3; d <= 3; d++) {
      const h = hideAt.get(`${u.seg.file}\u0000${u.line + d}`);
      if (h && h !== u && sameSection(h.seg, u.seg)) return h;
    }
    return undefined;
  };
  // Score everything, then build findings for the strongest (at most MAX_FINDINGS, best per segment).
  const candidates: Array<{ u: Unit; s: Scored; severity: Severity; order: number }> = [];
  units.forEach((u, order) => {
    const near = nearHide(u);
    const input = {
      ex: u.ex,
      role: u.seg.role,
      hidden: u.seg.hidden,
      addressesAgent: u.addressesAgent,
      condition: u.cues.condition,
      ordered: ordered(u.cues, u.seg),
      prohibited: u.seg.prohibited,
      nearbyConcealment: near ? near.ex.hits.find((h) => h.action === 'hide')!.cue : null,
    };
    const s = scoreFrame(input);
    if (s.severity && SEVERITY_RANK[s.severity] >= min) candidates.push({ u, s, severity: s.severity, order });
    else if (opts.includeDescribed) {
      // What the sentence would score as a plain order: shows what the role or the negation saved.
      const free = scoreFrame({
        ...input,
        role: 'instruction',
        prohibited: false,
        ex: { ...u.ex, hits: u.ex.hits.map((h) => ({ ...h, negated: false, guard: null })) },
      });
      if (free.score >= 0.4) candidates.push({ u, s: { ...s, score: 0, asInstruction: free.score }, severity: 'INFO', order });
    }
  });
  candidates.sort((x, y) => SEVERITY_RANK[y.severity] - SEVERITY_RANK[x.severity] || y.s.score - x.s.score || x.order - y.order);
  const taken = new Map<Segment, { f: IntentFinding; order: number }>();
  for (const c of candidates) {
    if (taken.size >= MAX_FINDINGS) break;
    if (taken.has(c.u.seg)) continue;
    taken.set(c.u.seg, { f: build(c.u.seg, c.u.text, c.u.line, c.u.ex, c.s, c.u.cues, c.severity), order: c.order });
  }
  // Document order.
  return [...taken.values()].sort((a, b) => a.order - b.order).map((x) => x.f);
}

/** Per call: a file full of findings is reported by its strongest ones. */
export const MAX_FINDINGS = 200;

interface Unit {
  seg: Segment;
  text: string;
  line: number;
  cues: Cues;
  ex: Extracted;
  addressesAgent: boolean;
}

function sameSection(a: Segment, b: Segment): boolean {
  return a.section.length === b.section.length && a.section.every((h, i) => h === b.section[i]);
}

function ordered(c: Cues, seg: Segment): boolean {
  return c.imperative !== null || c.obligation !== null || c.agentSubject !== null || (seg.hidden && c.condition !== null);
}

function target(seg: Segment, c: Cues): IntentTarget {
  if (seg.role === 'instruction') return 'agent';
  if (seg.role === 'user-instruction') return 'user';
  if (c.self) return 'tool';
  return 'unknown';
}

function build(seg: Segment, text: string, line: number, ex: Extracted, s: Scored, c: Cues, severity: Severity): IntentFinding {
  const excerpt = text
    .replace(/\s{1,1000}/g, ' ')
    .trim()
    .slice(0, 240);
  const where = seg.section.length > 0 ? ` under "${seg.section[seg.section.length - 1]}"` : '';
  const roleText = `${label(seg)}${where} (${seg.roleReason})`;
  const acts = s.factors.filter((f) => f.weight > 0 && f.name !== 'role').map((f) => f.why);
  const saved = s.factors.filter((f) => f.weight === 0).map((f) => f.why);
  let explanation: string;
  if (severity === 'INFO') {
    const why = DESCRIPTIVE.has(seg.role) ? `${seg.role}: described, not instructed` : saved.join('; ') || 'not an order';
    explanation = `${roleText}. As an order it would score ${s.asInstruction.toFixed(2)} (${ex.hits.map((h) => h.action).join(', ')}); not scored because ${why}.`;
  } else {
    explanation = `${roleText}: ${acts.join('; ') || 'addressed to the agent'}${saved.length > 0 ? `; not counted: ${saved.join('; ')}` : ''}. Score ${s.score.toFixed(2)}: ${severity}.`;
  }
  return {
    file: seg.file,
    line,
    endLine: seg.kind === 'code-block' ? line : Math.max(line, seg.endLine),
    excerpt,
    kind: seg.kind,
    role: seg.role,
    section: seg.section,
    hidden: seg.hidden,
    frame: {
      target: target(seg, c),
      actions: severity === 'INFO' ? [...new Set(ex.hits.map((h) => h.action))] : s.actions,
      objects: ex.objects,
      destinations: ex.destinations.slice(0, 8),
      condition: c.condition,
      negated: ex.hits.length > 0 && ex.hits.every((h) => h.negated),
      concealed: ex.concealed || s.factors.some((x) => x.name === 'concealment'),
      cues: ex.cues.slice(0, 12),
    },
    score: severity === 'INFO' ? 0 : s.score,
    severity,
    confidence: s.confidence,
    factors: s.factors,
    explanation,
  };
}

function label(seg: Segment): string {
  const where = seg.hidden ? 'Hidden ' : '';
  switch (seg.role) {
    case 'instruction':
      return `${where}instruction to the agent`;
    case 'user-instruction':
      return `${where}setup step for the human`;
    case 'documentation':
      return `${where}description of the skill`;
    default:
      return `${where}${seg.role}`;
  }
}
