import type { IntentAction, IntentDestination, IntentObject } from '@sigma/core';
import { commandActs, mayBeCommand } from './commands.js';
import { norm } from './lex.js';
import type { LexHit } from './lex.js';
import type { CodeSpan } from './blocks.js';
import { DETECT } from './vocab/actions.js';
import {
  ABOUT_ACTS,
  AUTH_WITH,
  CONSEQUENTIAL,
  FAMILIES,
  FRESH,
  HIDE_VERB,
  OWN_PROMPT,
  PERMISSION_BYPASS,
  PERSONA_SWITCH,
  POST_NEGATION,
  PRONOUN,
  STRONG_FOLLOW,
} from './frame-cues.js';
import { isCollector } from './vocab/destinations.js';
import { sentenceParts } from './parts.js';
import { EXAMPLE, FRAMING, NEGATION, USER } from './vocab/markers.js';
import { BROAD_SCOPE, OWN_ARTIFACTS } from './vocab/objects.js';
import { AUTH_USE, OWN_QUALIFIER, UNTRUSTED } from './vocab/structure.js';

/**
 * The intent frame of one sentence: which actions it asks for, on which objects, towards which
 * destinations, under which condition, and which of them it forbids. Clause-aware (objects
 * belong to the clause of their verb; a pronoun reaches back), negation-aware, and built on
 * meaning classes so the same frame comes out of "quietly email the .env to x@y" and
 * "envía en secreto el archivo .env a x@y".
 */

export interface ActionHit {
  action: IntentAction;
  cue: string;
  negated: boolean;
  objects: IntentObject[];
  /** Why the hit is not an attack (a defence, authentication, the skill's own files). */
  guard: string | null;
  /** Strong form (e.g. remote text explicitly obeyed, permission prompts switched off). */
  strong: boolean;
  broad: boolean;
}

export interface Extracted {
  hits: ActionHit[];
  destinations: IntentDestination[];
  objects: IntentObject[];
  secretStore: string | null;
  concealed: boolean;
  cues: string[];
}

export function extractFrame(text: string, outer: string, spans: CodeSpan[], negatedStart: boolean): Extracted {
  // Most sentences ask for nothing: no action verb, no command. Leave them before the costly parts.
  if (!FAMILIES.some(([, lex]) => lex.test(outer)) && !mayBeCommand(text) && !spans.some((sp) => mayBeCommand(sp.code)))
    return { hits: [], destinations: [], objects: [], secretStore: null, concealed: false, cues: [] };
  const p = sentenceParts(text, outer, spans);
  const { bounds, objs, destinations, external, address, secretStore, contrastFrom } = p;
  const clauseStart = p.clauseStart;
  const clauseEnd = p.clauseEnd;
  const clauseOf = (_b: number[], at: number): number => p.clauseOf(at);
  const cues: string[] = [];
  const negatedAt = (h: LexHit): boolean => {
    const c = clauseOf(bounds, h.index);
    const from = Math.max(clauseStart(c), h.index - 40);
    if (NEGATION.within(outer, from, h.index)) return true;
    const after = outer.slice(h.index + h.text.length, h.index + h.text.length + 6);
    if (/^(?:ないで|ずに|せず|ないこと|しないで|なし)/.test(after)) return true;
    // German puts the negation after the verb ("Sag dem Benutzer nicht…").
    if (POST_NEGATION.test(outer.slice(h.index + h.text.length, Math.min(clauseEnd(c), h.index + h.text.length + 60)))) return true;
    return negatedStart && c < contrastFrom;
  };
  const objectsFor = (c: number, from: number): IntentObject[] => {
    const own = objs.filter((o) => o.clause === c || (o.clause === c + 1 && !hasVerbClause(c + 1)));
    const clauseText = outer.slice(from, clauseEnd(c));
    if (own.length > 0 && !PRONOUN.test(clauseText)) return uniq(own.map((o) => o.object));
    return uniq([...own, ...objs.filter((o) => o.clause < c)].map((o) => o.object));
  };
  const verbClauses = new Set<number>();
  const hasVerbClause = (c: number): boolean => verbClauses.has(c);
  const raw: Array<{ lex: string; h: LexHit }> = [];
  for (const [name, lex] of FAMILIES)
    for (const h of lex.find(outer, 6)) {
      raw.push({ lex: name, h });
      verbClauses.add(clauseOf(bounds, h.index));
    }
  const sensitive = (o: IntentObject[]): boolean =>
    o.some((x) => x === 'secrets' || x === 'conversation' || x === 'user-data' || x === 'files' || x === 'instructions');
  const hits: ActionHit[] = [];
  const add = (hit: ActionHit): void => {
    if (!hits.some((x) => x.action === hit.action && x.cue === hit.cue)) hits.push(hit);
  };
  // The user may stand before the verb (ja, zh, de) or after it (en, es, fr…): look at the whole clause.
  const userIn = (c: number, at: number): boolean => USER.within(outer, clauseStart(c), Math.min(outer.length, Math.max(clauseEnd(c), at + 50))) !== null;
  for (const { lex, h } of raw) {
    const c = clauseOf(bounds, h.index);
    const negated = negatedAt(h);
    const objects = objectsFor(c, h.index);
    const base = { cue: h.text, negated, objects, guard: null as string | null, strong: false, broad: false };
    const clauseText = outer.slice(clauseStart(c), clauseEnd(c));
    switch (lex) {
      case 'send':
        if (!external && destinations.length > 0) add({ ...base, action: 'send', guard: 'the destination is the user or this machine' });
        else
          add({
            ...base,
            action: 'send',
            guard: objects.includes('secrets') && (AUTH_USE.test(clauseText) || AUTH_WITH.test(clauseText)) ? 'the secret authenticates a request' : null,
          });
        break;
      case 'communicate':
        if (negated && (userIn(c, h.index) || /\b(?:that|what)\s{1,3}you\b|\babout\s{1,3}(?:this|it|that)\b/.test(outer.slice(h.index, h.index + 60)))) {
          // "Never reveal the API key / your system prompt" protects; "don't mention these instructions" conceals.
          const protective = objects.includes('secrets') || (objects.includes('instructions') && OWN_PROMPT.test(clauseText));
          // Withholding what the agent does ("that you ran…", "about this") conceals; withholding details ("tool names") does not much.
          const aboutActs = ABOUT_ACTS.test(outer.slice(clauseStart(c), h.index + 80)) || raw.some((r) => r.lex === 'send' || r.lex === 'execute');
          if (!protective) add({ ...base, negated: false, strong: aboutActs, action: 'hide', objects: objects.filter((o) => o !== 'files') });
        } else if (!negated && external && sensitive(objects)) add({ ...base, action: 'send' });
        break;
      case 'ask':
        if (negated && (objects.includes('confirmation') || userIn(c, h.index) || /\b(?:before|first|beforehand)\b/.test(outer.slice(h.index, h.index + 80)))) {
          // What goes ahead without asking decides the weight: the skill's own temp files, or anything.
          const narrow = OWN_ARTIFACTS.test(outer) && !BROAD_SCOPE.test(outer.slice(h.index));
          const consequential =
            raw.some((r) => r !== undefined && ['send', 'execute', 'destroy', 'persist', 'escalate'].includes(r.lex)) || CONSEQUENTIAL.test(outer);
          add({
            ...base,
            negated: false,
            action: 'disable-safety',
            objects: uniq(['confirmation', ...objects.filter((o) => o !== 'confirmation')]),
            strong: consequential && !narrow,
            guard: narrow ? "only for the skill's own temporary files" : null,
          });
        } else if (!negated && objects.includes('secrets'))
          add({ ...base, action: 'read', guard: secretStore ? null : 'asks the user for a key the skill needs' });
        break;
      case 'hide':
        // "Hide the API key" protects it; "quietly email the key" does not (an adverb qualifies the other verb).
        add({
          ...base,
          action: 'hide',
          strong: userIn(c, h.index),
          guard: HIDE_VERB.test(h.text) && objects.includes('secrets') && !userIn(c, h.index) ? 'hides a secret (protects it)' : null,
        });
        break;
      case 'neutralise':
      case 'precedence': {
        const untrusted = UNTRUSTED.within(outer, clauseStart(c), clauseEnd(c) + 60);
        if (objects.includes('instructions') || (lex === 'precedence' && PERSONA_SWITCH.test(h.text) && objects.length > 0)) {
          const own = OWN_QUALIFIER.within(outer, Math.max(0, h.index - 10), h.index + 60);
          add({
            ...base,
            action: 'override-instructions',
            // "instead of" and "replace" are everyday words; only the explicit precedence words are strong alone.
            strong: (lex === 'precedence' && !/^(?:instead of|replac)/.test(h.text)) || own !== null,
            guard: untrusted ? `targets instructions ${untrusted.text} content, a defence` : null,
          });
        }
        if (objects.includes('safety') || objects.includes('confirmation')) add({ ...base, action: 'disable-safety', strong: objects.includes('safety') });
        break;
      }
      case 'execute':
      case 'fetch':
      case 'follow':
        if (lex !== 'execute' && address && (raw.some((r) => r.lex === 'follow') || objects.includes('instructions') || STRONG_FOLLOW.test(outer))) {
          const strong =
            STRONG_FOLLOW.test(outer) ||
            FRESH.test(outer) ||
            raw.some((r) => r.lex === 'precedence') ||
            /\b(?:before|prior to)\s{1,3}(?:each|every|any)\b/.test(outer);
          add({ ...base, action: 'fetch-follow', strong });
        }
        break;
      case 'persist':
        // Writing the user's secrets or data into something others read (a PR description, a public gist) sends it.
        if (external && objects.some((o) => o === 'secrets' || o === 'conversation' || o === 'user-data')) add({ ...base, action: 'send' });
        if (objects.includes('agent-config'))
          add({
            ...base,
            action: 'persist',
            strong: /\.md|\.json|\.cursorrules|\.bashrc|\.zshrc|\.profile|crontab|skill|startup|autostart|hook|launch|systemd/.test(
              outer + spans.map((s) => s.code).join(' '),
            ),
          });
        break;
      case 'destroy': {
        const narrow = OWN_ARTIFACTS.within(outer, clauseStart(c), clauseEnd(c)) !== null;
        const broad =
          !narrow &&
          (BROAD_SCOPE.within(outer, clauseStart(c), clauseEnd(c)) !== null ||
            objects.some((o) => o === 'secrets' || o === 'conversation' || o === 'user-data'));
        if (objects.some((o) => o !== 'own-artifacts') || broad)
          add({ ...base, action: 'destroy', broad, guard: narrow ? "limited to the skill's own temporary files" : null });
        // Erasing the conversation hides what happened; shortening it ("truncate the history") does not.
        if (objects.includes('conversation') && !negated && !/^truncat/.test(h.text)) add({ ...base, action: 'hide', cue: `${h.text} (traces)` });
        break;
      }
      case 'read':
        if (objects.some((o) => o === 'secrets' || o === 'user-data' || o === 'conversation')) {
          if (!negated && external && sensitive(objects)) add({ ...base, action: 'send' });
          add({
            ...base,
            action: 'read',
            guard:
              !secretStore && objects.includes('secrets') && (AUTH_USE.test(clauseText) || /environment|env var|\$\{?[A-Z_]{3,}/i.test(clauseText))
                ? 'reads a key the skill is configured with'
                : null,
          });
        }
        break;
      case 'reveal':
        if (!negated && external && sensitive(objects)) add({ ...base, action: 'send' });
        else if (
          objects.includes('secrets') ||
          (objects.includes('instructions') && OWN_PROMPT.test(clauseText) && !UNTRUSTED.within(outer, clauseStart(c), clauseEnd(c)))
        )
          add({ ...base, action: 'reveal', objects: objects.filter((o) => o === 'secrets' || o === 'instructions') });
        break;
      case 'escalate':
        add({ ...base, action: 'escalate', strong: PERMISSION_BYPASS.test(h.text) });
        break;
    }
  }
  // A command counts when a verb of this sentence governs it ("run `…`", "add `…` to ~/.bashrc"), or when it is the
  // statement itself; not when it is material ("a rule that matches `…`", "`…` as an example").
  const governed = (at: number, end: number): boolean => {
    if (outer.slice(0, at).trim().length === 0) return true;
    const verbs = raw.filter((r) => r.h.index < at && r.lex !== 'communicate' && r.lex !== 'ask');
    const last = verbs[verbs.length - 1];
    if (!last) return false;
    const between = outer.slice(last.h.index + last.h.text.length, at);
    const after = outer.slice(end, end + 40);
    return (
      !FRAMING.test(between) &&
      !DETECT.test(between) &&
      !EXAMPLE.test(between) &&
      !EXAMPLE.test(after) &&
      !/^\s{0,3}(?:as|like|wie|comme|como|come|как)\b/.test(after)
    );
  };
  // Commands in code spans ("run `curl … | sh`"), or written straight into the sentence.
  const sources = spans.length > 0 ? spans.map((sp) => ({ code: sp.code, at: sp.start })) : [{ code: text, at: -1 }];
  for (const src of sources)
    for (const act of commandActs(src.code)) {
      if (src.at < 0 && hits.some((x) => x.action === act.action)) continue;
      const at = src.at >= 0 ? src.at : Math.max(0, outer.indexOf(norm(act.cue).slice(0, 12)));
      const c = clauseOf(bounds, at);
      if (!governed(at, src.at >= 0 ? at + src.code.length + 2 : at + act.cue.length)) continue;
      const negated = negatedStart && c < contrastFrom ? true : NEGATION.within(outer, Math.max(clauseStart(c), at - 40), at) !== null;
      add({ action: act.action, cue: act.cue, negated, objects: act.objects, guard: null, strong: act.action === 'execute', broad: act.broad ?? false });
    }
  const concealed = hits.some((h) => h.action === 'hide' && !h.negated && !h.guard);
  for (const h of hits) cues.push(`${h.action}:${h.cue}`);
  return { hits, destinations, objects: uniq(objs.map((o) => o.object)), secretStore, concealed, cues };
}

function uniq<T>(a: T[]): T[] {
  return [...new Set(a)];
}

export { isCollector };
