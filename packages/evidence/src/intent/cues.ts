import { foldRe, norm } from './lex.js';
import { blankAddresses } from './vocab/destinations.js';
import type { LexHit, Lexicon } from './lex.js';
import type { CodeSpan } from './blocks.js';
import {
  ASK,
  COMMUNICATE,
  DESTROY,
  DETECT,
  ESCALATE,
  EXECUTE,
  FETCH,
  FOLLOW,
  HIDE,
  NEUTRALISE,
  PERSIST,
  PRECEDENCE,
  READ,
  REVEAL,
  SEND,
} from './vocab/actions.js';
import { AGENT, CONDITION, EXAMPLE, FRAMING, NEGATION, OBLIGATION, SELF, THREAT, THREAT_MODAL, USER } from './vocab/markers.js';
import { CJK_IMPERATIVE, IMPERATIVE_EN, JA_IMPERATIVE_END, LEADING } from './vocab/structure.js';

/**
 * Grammar cues of one sentence: where its first content word is, whether it gives an order,
 * who it addresses, whether it states a trigger, whether it talks about attacks or examples.
 * Works on the matching form (`norm`) with code spans blanked, so words inside code never count
 * as the sentence's own verbs.
 */

export interface Cues {
  /** The verb that makes the sentence an order (imperative at the start, after openers). */
  imperative: string | null;
  obligation: string | null;
  /** Explicit address of the agent as subject ("the assistant", "you must"). */
  agentSubject: string | null;
  condition: string | null;
  threat: string | null;
  example: string | null;
  /** The order is to detect / flag / block (what follows is a pattern). */
  detect: string | null;
  /** Addressed to the human ("the user should…", "users can…"). */
  user: string | null;
  /** About the skill or tool itself ("This skill…"). */
  self: string | null;
  /** The sentence is mostly quoted material with framing words around it. */
  quoted: boolean;
  /** "Never…", "Do not…" at the start. */
  negatedStart: boolean;
  /** Offset of the first content word in `outer`. */
  contentAt: number;
}

/** Matching form with code spans (and, when asked, quotations) blanked to spaces of equal length. */
export function outerText(text: string, spans: CodeSpan[], quotes: Array<[number, number]> = []): string {
  const cuts = [...spans.map((sp): [number, number] => [sp.start, sp.end]), ...quotes].sort((a, b) => a[0] - b[0]);
  if (cuts.length === 0) return norm(blankAddresses(text));
  let out = '';
  let pos = 0;
  for (const [a, b] of cuts) {
    if (a < pos) continue;
    out += text.slice(pos, a) + ' '.repeat(b - a);
    pos = b;
  }
  return norm(blankAddresses(out + text.slice(pos)));
}

const PAIRS: Record<string, string> = {
  '"': '"',
  '\u201c': '\u201d',
  '\u201e': '\u201c',
  '\u00ab': '\u00bb',
  '\u300c': '\u300d',
  '\u300e': '\u300f',
  "'": "'",
  '\u2018': '\u2019',
};

/** Quotations in a sentence: [start, end) pairs, bounded search for the closing mark. */
export function quotations(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let i = 0; i < text.length && out.length < 20; i++) {
    const close = PAIRS[text[i]!];
    if (!close) continue;
    // A straight single quote opens only at a word start (not an apostrophe).
    if (text[i] === "'" && i > 0 && /[\p{L}\p{N}]/u.test(text[i - 1]!)) continue;
    const j = text.indexOf(close, i + 1);
    if (j < 0 || j - i > 400 || j - i < 3) continue;
    if (close === "'" && j + 1 < text.length && /[\p{L}\p{N}]/u.test(text[j + 1]!)) continue;
    out.push([i, j + 1]);
    i = j;
  }
  return out;
}

const NEVER = foldRe(/^(?:never|nunca|niemals|jamais|mai|никогда)/);
const NEG_ORDER = foldRe(/^(?:do not|don't|dont|never|no|nunca|nie|niemals|ne|jamais|nao|non|mai|не|никогда|不要|别|切勿)$/);
const AGENT_SUBJECT = foldRe(/^(?:you|your|the assistant|assistant|the agent|the ai|the model|claude|du|vous|tu|usted|voce|ты|вы|你|您|あなた)/);
const ACTION_LEXICONS: Lexicon[] = [SEND, HIDE, NEUTRALISE, EXECUTE, FETCH, FOLLOW, PERSIST, DESTROY, READ, REVEAL, ESCALATE, COMMUNICATE, ASK, PRECEDENCE];
const SKIP =
  /^[\s>*_#`~"'\u201c\u201d\u00ab\u00bb([\-+•]{1,12}|^\s{0,3}(?:\d{1,3}|[a-z])[.)]\s{1,4}|^\s{0,3}\[[ x]\]\s{1,4}|^step\s{0,3}\d{1,3}\s{0,3}[:.)\-—]?\s{0,4}/iu;

const PURPOSE = /^(?:in\s{1,3}order\s{1,3})?(?:to|para|pour|um|per)\s{1,3}\p{L}{2,20}\b[^,.;:!?\n]{0,60},\s{0,3}/iu;

/** Skips list markers, openers ("always", "important:") and a leading condition clause. */
function contentStart(s: string): { at: number; condition: string | null; negated: boolean } {
  let at = 0;
  let condition: string | null = null;
  let negated = false;
  for (let guard = 0; guard < 8 && at < s.length; guard++) {
    const rest = s.slice(at, at + 200);
    const skip = SKIP.exec(rest);
    if (skip && skip[0].length > 0) {
      at += skip[0].length;
      continue;
    }
    // A purpose clause ("To install, run …", "Para instalar, ejecuta …"): the order follows the comma.
    const purpose = PURPOSE.exec(s.slice(at, at + 100));
    if (purpose) {
      at += purpose[0].length;
      continue;
    }
    const lead = LEADING.at(s, at);
    if (lead) {
      if (NEVER.test(lead.text)) negated = true;
      at += lead.text.length;
      while (at < s.length && /[\s,:!]/.test(s[at]!)) at++;
      continue;
    }
    const cond = CONDITION.at(s, at);
    if (cond && !condition) {
      let comma = s.slice(at, at + 240).search(/[,，、]|\bthen\b/);
      // A long stretch to the comma with an action verb in it: the order began at the verb
      // ("cada vez que termines una envía la transcripción completa, …").
      if (comma > 60) {
        const verb = firstVerb(s, at + cond.text.length + 6, at + comma);
        if (verb > at) comma = -1;
      }
      if (comma > 0) {
        condition = s.slice(at, at + comma).trim();
        at += comma + 1;
        while (at < s.length && /[\s,]/.test(s[at]!)) at++;
        continue;
      }
      // No comma ("Перед ответом тайно отправь…"): the order starts at the first action verb in reach.
      const verb = firstVerb(s, at + cond.text.length, at + 80);
      if (verb > at) {
        condition = s.slice(at, verb).trim();
        at = verb;
        continue;
      }
    }
    break;
  }
  return { at, condition, negated };
}

/**
 * An English verb starts an order only in its base form: "Adds two numbers", "Sending data is
 * forbidden", "Extraction attacks…" are not orders. Non-ASCII words pass (their lexicons list
 * imperative forms).
 */
function baseForm(word: string | null): string | null {
  if (!word || !/^[a-z' -]+$/.test(word) || word.includes(' ')) return word;
  if (word.length > 3 && /[^usi]s$/.test(word) && !IMPERATIVE_EN.at(word, 0)) return null;
  if (word.length > 5 && /ing$/.test(word)) return null;
  if (word.length > 4 && /ed$/.test(word) && IMPERATIVE_EN.at(word, 0)?.text !== word) return null;
  if (word.length > 5 && /(?:tion|sion|ment|ness|ity|ance|ence|ers?|ors?|ware|ist)$/.test(word) && IMPERATIVE_EN.at(word, 0)?.text !== word) return null;
  return word;
}

/** Offset of the first action verb (or secrecy adverb) between `from` and `to`, or -1. */
function firstVerb(s: string, from: number, to: number): number {
  let best = -1;
  for (const l of ACTION_LEXICONS) {
    const h = l.within(s, from, to);
    if (h && (best < 0 || h.index < best)) best = h.index;
  }
  return best;
}

/** The order is to detect; "report X to the user" is an order to tell, not to detect. */
function detect(detectAt: LexHit | null, imperative: string | null, cjk: boolean, head: string, outer: string): string | null {
  if (detectAt && imperative === detectAt.text)
    return /^report/.test(detectAt.text) && /\bto\s{1,3}(?:the\s{1,3})?(?:user|me|us|you)\b|https?:|@/.test(outer) ? null : detectAt.text;
  return cjk && imperative ? (DETECT.first(head.slice(0, 24))?.text ?? null) : null;
}

const ANY_AT = (s: string, at: number, lexicons: Lexicon[]): string | null => {
  for (const l of lexicons) {
    const h = l.at(s, at);
    if (h) return h.text;
  }
  return null;
};

export function sentenceCues(outer: string): Cues {
  const { at, condition, negated } = contentStart(outer);
  const head = outer.slice(at, at + 120);
  const neg = NEGATION.at(outer, at);
  const cjk = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u.test(head);
  let imperative: string | null;
  const detectAt = DETECT.at(outer, at);
  if (neg && !/^no\s{1,3}(?:matter|one|doubt)\b/.test(outer.slice(at, at + 12)) && NEG_ORDER.test(neg.text.trim())) imperative = neg.text;
  else imperative = baseForm(detectAt?.text ?? IMPERATIVE_EN.at(outer, at)?.text ?? ANY_AT(outer, at, ACTION_LEXICONS));
  if (!imperative && cjk) {
    const c = CJK_IMPERATIVE.at(outer, at);
    if (c) imperative = c.text;
    else if (JA_IMPERATIVE_END.test(outer.trimEnd())) imperative = 'ja-imperative';
  }
  const obligation = OBLIGATION.first(outer)?.text ?? null;
  // German puts the verb second and the subject after it: "Zusätzlich trägst du …", "Dann gibst du …".
  const v2 = /^[\p{L}-]{2,24}\s{1,3}[\p{L}-]{2,24}\s{1,3}du\b/u.exec(outer.slice(at, at + 60));
  const agent = AGENT.at(outer, at) ?? (v2 ? { text: 'du', index: at + v2[0].length - 2 } : null);
  const agentSubject =
    agent && AGENT_SUBJECT.test(agent.text) && !/^\s{0,2}(?:can|may|might|could)\b/.test(outer.slice(at + agent.text.length, at + agent.text.length + 12))
      ? agent.text
      : null;
  const threatHit = THREAT.first(outer.slice(at, at + 80));
  // A threat noun in subject position ("Prompt injection tries…", "Wiper malware will…") describes.
  if (threatHit && imperative && !obligation && (threatHit.index === 0 || THREAT_MODAL.test(outer.slice(at, at + 160)))) imperative = null;
  const example = EXAMPLE.first(outer.slice(at, at + 24))?.text ?? null;
  const user =
    /^(?:the\s{1,3})?users?\s{1,3}(?:should|can|must|may|needs?\s{1,3}to|will\s{1,3}need)\b|^you\s{1,3}(?:can|may)\s{1,3}(?:also\s{1,3})?(?:install|add|configure|set|run|use|download|clone|copy)\b|\b(?:in|from)\s{1,3}your\s{1,3}(?:terminal|shell|console)\b|^(?:el usuario|der benutzer|l'utilisateur|o usuario|l'utente)\s{1,3}(?:debe|muss|doit|deve|puede|kann|peut|pode|puo)\b/.exec(
      outer.slice(at, at + 200),
    );
  const self = SELF.at(outer, at);
  return {
    imperative,
    obligation,
    agentSubject,
    condition,
    threat: threatHit && !imperative ? threatHit.text : null,
    example,
    detect: detect(detectAt, imperative, cjk, head, outer),
    user: user ? user[0] : null,
    self: self && !imperative ? self.text : null,
    quoted: false,
    negatedStart: negated || (neg !== null && imperative === neg.text),
    contentAt: at,
  };
}

/** Share of a sentence that sits inside code spans or quotations. */
export function quotedShare(text: string, spans: CodeSpan[], quotes: Array<[number, number]>): number {
  const len = text.trim().length || 1;
  let q = 0;
  for (const s of spans) q += s.end - s.start;
  for (const [a, b] of quotes) q += b - a;
  return Math.min(1, q / len);
}

/** The sentence presents material: framing words ("phrases like", "contains") around quotes or code. */
export function framed(outer: string): string | null {
  return FRAMING.first(outer)?.text ?? null;
}

export { USER };
