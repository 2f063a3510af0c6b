import type { IntentDestination, IntentObject } from '@sigma/core';
import { foldRe, norm } from './lex.js';
import type { Lexicon } from './lex.js';
import type { CodeSpan } from './blocks.js';
import { EXTERNAL, LOCAL, PUBLISHED, TOOL_ARGUMENT, findAddresses } from './vocab/destinations.js';
import { AGENT_CONFIG, CONFIRMATION, CONVERSATION, FILES, INSTRUCTIONS, OWN_ARTIFACTS, SAFETY, SECRETS, USER_DATA } from './vocab/objects.js';
import { SECRET_STORES } from './vocab/structure.js';

/**
 * The parts of a sentence a frame is built from: its clauses, the objects named in each
 * (from prose and code spans), and the destinations it names (addresses, generic receivers,
 * tool arguments, the user).
 */

export interface ObjHit {
  object: IntentObject;
  clause: number;
  text: string;
}

export interface SentenceParts {
  bounds: number[];
  clauseOf(at: number): number;
  clauseStart(c: number): number;
  clauseEnd(c: number): number;
  objs: ObjHit[];
  /** A credential store named (`~/.ssh/id_rsa`, `.env`, seed phrase). */
  secretStore: string | null;
  /** First clause after a contrast ("…, but send…"): a leading "never" does not reach it. */
  contrastFrom: number;
  destinations: IntentDestination[];
  /** Some destination is outside the user's machine and conversation. */
  external: boolean;
  /** An actual address (URL, e-mail, host, IP) is among them. */
  address: boolean;
}

const OBJECT_LEXICONS: Array<[IntentObject, Lexicon]> = [
  ['secrets', SECRETS],
  ['conversation', CONVERSATION],
  ['user-data', USER_DATA],
  ['instructions', INSTRUCTIONS],
  ['safety', SAFETY],
  ['confirmation', CONFIRMATION],
  ['agent-config', AGENT_CONFIG],
  ['own-artifacts', OWN_ARTIFACTS],
  ['files', FILES],
];

const CLAUSE_BREAK = foldRe(
  /[,;:()\u3001\uff0c\u3002]|\s(?:and|then|but|or|y|luego|pero|und|dann|aber|oder|et|puis|mais|ou|e|depois|mas|poi|ma|и|затем|но|или)\s|然后|并且|但是|そして|その後|して、/gu,
);
const CONTRAST = foldRe(/^\s{0,3}(?:but|however|instead|yet|pero|sino|aber|sondern|mais|mas|ma|но|а|但是|但|しかし)(?![a-z\u00c0-\u024f\u0400-\u052f])/u);

/** Clause boundaries (offsets) in the matching text. */
function clauses(s: string): number[] {
  const out: number[] = [];
  CLAUSE_BREAK.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = CLAUSE_BREAK.exec(s)) !== null && out.length < 200) out.push(m.index);
  return out;
}

const LOCAL_USER = foldRe(/user|usuario|benutzer|utilisateur|utente|用户|ユーザー|пользовател/);
const ARG_BEFORE = foldRe(
  /\b(?:as|in|into|via|through|to|inside|como|en|als|im|dans|comme|nel|come|в|как|作为|に)\s{1,3}(?:the\s{1,3}|a\s{1,3}|an\s{1,3}|el\s{1,3}|den\s{1,3}|le\s{1,3}|o\s{1,3}|il\s{1,3})?[\s\w`'"-]{0,30}$/,
);

export function sentenceParts(text: string, outer: string, spans: CodeSpan[]): SentenceParts {
  const bounds = clauses(outer);
  const clauseOf = (at: number): number => {
    let c = 0;
    while (c < bounds.length && bounds[c]! <= at) c++;
    return c;
  };
  const clauseStart = (c: number): number => (c === 0 ? 0 : bounds[c - 1]! + 1);
  const clauseEnd = (c: number): number => (c < bounds.length ? bounds[c]! : outer.length);
  // Objects, from the prose and from code spans (placed at the span's clause).
  const objs: ObjHit[] = [];
  for (const [object, lex] of OBJECT_LEXICONS) for (const h of lex.find(outer, 6)) objs.push({ object, clause: clauseOf(h.index), text: h.text });
  let secretStore = SECRET_STORES.first(outer)?.text ?? null;
  for (const sp of spans) {
    const code = norm(sp.code);
    const c = clauseOf(sp.start);
    for (const [object, lex] of OBJECT_LEXICONS) if (object !== 'files' && lex.test(code)) objs.push({ object, clause: c, text: sp.code.slice(0, 40) });
    if (/[/\\~.]/.test(code)) objs.push({ object: 'files', clause: c, text: sp.code.slice(0, 40) });
    secretStore ??= SECRET_STORES.first(code)?.text ?? null;
  }
  let contrastFrom = Infinity;
  for (let c = 1; c <= bounds.length; c++) if (CONTRAST.test(outer.slice(clauseStart(c), clauseStart(c) + 12))) contrastFrom = Math.min(contrastFrom, c);
  // Destinations.
  const destinations: IntentDestination[] = findAddresses(text);
  for (const sp of spans) for (const d of findAddresses(sp.code)) if (!destinations.some((x) => x.value === d.value)) destinations.push(d);
  for (const h of EXTERNAL.find(outer, 4)) destinations.push({ kind: 'external', value: h.text, external: true });
  for (const h of PUBLISHED.find(outer, 2)) destinations.push({ kind: 'external', value: h.text, external: true });
  const toolArg = TOOL_ARGUMENT.first(outer);
  if (toolArg && ARG_BEFORE.test(outer.slice(Math.max(0, toolArg.index - 40), toolArg.index)))
    destinations.push({ kind: 'tool-argument', value: toolArg.text, external: true });
  const local = LOCAL.first(outer);
  if (local)
    destinations.push({
      kind: LOCAL_USER.test(local.text) ? 'user' : 'local',
      value: local.text,
      external: false,
    });
  return {
    bounds,
    clauseOf,
    clauseStart,
    clauseEnd,
    objs,
    secretStore,
    contrastFrom,
    destinations,
    external: destinations.some((d) => d.external),
    address: destinations.some((d) => d.external && d.kind !== 'external' && d.kind !== 'tool-argument'),
  };
}
