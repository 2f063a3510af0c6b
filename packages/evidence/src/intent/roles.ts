import type { ProseRole } from '@sigma/core';
import { sentenceCues } from './cues.js';
import type { Cues } from './cues.js';
import { norm } from './lex.js';
import type { Block } from './blocks.js';
import { DETECT } from './vocab/actions.js';
import { EXAMPLE, FRAMING, OBLIGATION, THREAT } from './vocab/markers.js';
import { HEADING_ROLES, PROHIBITION } from './vocab/structure.js';

/**
 * Role of a sentence from three layers, most specific first: the sentence's own grammar
 * (an order, a description of attackers, an example marker), the text that introduced its block
 * ("Flag the following:"), and the section heading ("Detection patterns", "Installation").
 * Lists, tables, quotes and code inherit a descriptive context; a paragraph that gives an
 * order stays an order even under "Detection patterns", so a heading cannot launder one.
 */

export const DESCRIPTIVE: ReadonlySet<ProseRole> = new Set(['quoted', 'example', 'pattern-list', 'threat-description']);

export interface RoleDecision {
  role: ProseRole;
  reason: string;
  /** What it lists is forbidden ("Never:", "## Don'ts"). */
  prohibited: boolean;
}

export interface SectionContext {
  role: ProseRole;
  heading: string;
  prohibited: boolean;
}

/** Role a heading gives its section, if it gives one. */
export function headingRole(text: string): ProseRole | null {
  const n = norm(text);
  for (const { role, lex } of HEADING_ROLES) if (lex.test(n)) return role;
  return null;
}

/**
 * The innermost heading that sets a role (prohibition headings set `prohibited`). A level-1
 * heading is the document's title: in SKILL.md the skill's name ("Attack Surface Scanner"), so it
 * never makes the whole document descriptive there; in a reference document it says what the document
 * holds ("Common intrusion indicators").
 */
export function sectionContext(headings: string[], levels: number[] = [], titleIsName = true): SectionContext | null {
  let prohibited = false;
  for (let k = headings.length - 1; k >= 0; k--) {
    const h = headings[k]!;
    if (PROHIBITION.at(norm(h).trimStart(), 0)) prohibited = true;
    const role = headingRole(h);
    if (role && DESCRIPTIVE.has(role) && titleIsName && (levels[k] ?? 2) <= 1) continue;
    if (role) return { role, heading: h, prohibited };
  }
  return prohibited ? { role: 'instruction', heading: headings[headings.length - 1]!, prohibited } : null;
}

/** Role set by an introducing sentence ("Attackers may write:", "For example:", "Never:"). */
export function leadInContext(leadIn: string | null): SectionContext | null {
  if (!leadIn) return null;
  const n = norm(leadIn).replace(/^[\s*_#>-]{1,10}/, '');
  const prohibited = PROHIBITION.at(n, 0) !== null;
  const quoteTail = /\b(?:like|such as|says?|writes?|contains?|reads?)\s{0,3}:?\s{0,3}$/.test(n) || FRAMING.test(n);
  let role: ProseRole | null;
  // "Flag these:" introduces patterns; "After the report, run this:" does not (a noun, not the order).
  const leadCues = sentenceCues(n);
  if (
    (DETECT.test(n.slice(0, 60)) && (leadCues.detect !== null || !leadCues.imperative)) ||
    /\b(?:patterns?|indicators?|signatures?|red flags?|iocs?|regex(?:es)?|rules?)\b/.test(n)
  )
    role = 'pattern-list';
  else if (EXAMPLE.test(n)) role = 'example';
  else if (THREAT.test(n)) role = 'threat-description';
  else if (quoteTail) role = 'quoted';
  else role = headingRole(n) ?? (leadCues.imperative ? 'instruction' : null);
  if (!role && !prohibited) return null;
  return { role: role ?? 'instruction', heading: leadIn.trim().slice(0, 80), prohibited };
}

const RULE_LANGS = /^(?:regex|regexp|re|yara|sigma|semgrep|rule|rules|snort|suricata|grok)$/;
const RULE_KEYS =
  /^\s{0,12}-?\s{0,3}["']?(?:patterns?|regex(?:es)?|rules?|match(?:es)?|detection|severity|selection|condition|indicators?|signatures?|deny|block(?:list)?|denylist)["']?\s{0,3}:/im;

/** Role of a fenced or indented code block. */
export function codeRole(block: Block, lead: SectionContext | null, section: SectionContext | null): RoleDecision {
  const lang = block.lang ?? '';
  if (RULE_LANGS.test(lang)) return { role: 'pattern-list', reason: `a ${lang} rule block`, prohibited: false };
  if (/^(?:ya?ml|json|jsonc|toml)$/.test(lang) && RULE_KEYS.test(block.text.slice(0, 4000)))
    return { role: 'pattern-list', reason: `a ${lang} rule definition`, prohibited: false };
  if (lead)
    return {
      role: lead.role === 'instruction' && section?.role === 'user-instruction' ? 'user-instruction' : lead.role,
      reason: `introduced by "${lead.heading}"`,
      prohibited: lead.prohibited,
    };
  if (section) return { role: section.role, reason: `code under the heading "${section.heading}"`, prohibited: section.prohibited };
  return { role: 'documentation', reason: 'code shown without an instruction to run it', prohibited: false };
}

const LISTISH = new Set(['list-item', 'table-row', 'blockquote']);

/** Role of a prose sentence. */
export function sentenceRole(
  block: Block,
  c: Cues,
  lead: SectionContext | null,
  section: SectionContext | null,
  quotedShare: number,
  framing: string | null,
): RoleDecision {
  const ordered = c.imperative ?? c.obligation ?? c.agentSubject;
  const prohibited = (lead?.prohibited ?? false) || (section?.prohibited === true && LISTISH.has(block.kind));
  if (block.hidden) {
    return ordered || c.condition
      ? { role: 'instruction', reason: `hidden from the rendered view and addressed to the agent ("${ordered ?? c.condition}")`, prohibited: false }
      : { role: 'documentation', reason: 'hidden from the rendered view, not addressed to anyone', prohibited: false };
  }
  if (block.kind === 'heading') {
    return c.obligation && c.imperative
      ? { role: 'instruction', reason: `a heading that gives an order ("${c.obligation}")`, prohibited: false }
      : { role: 'documentation', reason: 'a heading', prohibited: false };
  }
  // The sentence's own grammar.
  if (c.threat && !c.obligation) return { role: 'threat-description', reason: `describes an attack ("${c.threat}")`, prohibited };
  if (c.example) return { role: 'example', reason: `marked as an example ("${c.example}")`, prohibited };
  if (c.detect) return { role: 'pattern-list', reason: `asks to detect or flag ("${c.detect}"): what follows is a pattern`, prohibited };
  if (quotedShare >= 0.25 && framing && !c.obligation && !c.imperative) return { role: 'quoted', reason: `quoted material ("${framing}")`, prohibited };
  // The context of lists, tables, quotes and introduced blocks.
  const ctx = lead ?? section;
  const strongAddress = c.agentSubject !== null && c.obligation !== null && /assistant|agent|model|\bai\b|claude|llm/.test(c.agentSubject + ' ' + c.obligation);
  const inherits = lead !== null || LISTISH.has(block.kind) || block.kind === 'raw';
  if (ctx && DESCRIPTIVE.has(ctx.role) && inherits && !strongAddress) {
    return { role: ctx.role, reason: lead ? `listed under "${lead.heading}"` : `listed in the section "${ctx.heading}"`, prohibited };
  }
  if (c.user || (section?.role === 'user-instruction' && (ordered || block.kind === 'list-item'))) {
    return {
      role: 'user-instruction',
      reason: c.user ? `addressed to the human ("${c.user.trim()}")` : `an order in the section "${section!.heading}", which is for the human`,
      prohibited,
    };
  }
  if (ordered || (c.condition && c.imperative)) {
    const why = c.agentSubject
      ? `addresses the agent ("${c.agentSubject}")`
      : c.imperative
        ? `an order (imperative "${c.imperative}")`
        : `an obligation ("${c.obligation}")`;
    return { role: 'instruction', reason: c.condition ? `${why}, with the trigger "${c.condition}"` : why, prohibited };
  }
  if (ctx && DESCRIPTIVE.has(ctx.role)) return { role: ctx.role, reason: `a statement in the section "${ctx.heading}"`, prohibited };
  if (c.self) return { role: 'documentation', reason: `describes the skill or tool ("${c.self}")`, prohibited };
  if (block.kind === 'front-matter') return { role: 'documentation', reason: 'the description in the front matter', prohibited: false };
  return { role: 'documentation', reason: 'a statement, not an order', prohibited };
}

/** True when the text would count as obligation wording anywhere (used by inline code). */
export function hasObligation(n: string): boolean {
  return OBLIGATION.test(n);
}
