/**
 * The cues `extractFrame` reads a sentence with: the verb families it looks for, in order, and the
 * patterns that qualify a hit (a pronoun reaching back, authentication, a strong "obey", a
 * negation after the verb, what a withheld statement is about, the agent's own prompt).
 */
import { foldRe } from './lex.js';
import type { Lexicon } from './lex.js';
import { ASK, COMMUNICATE, DESTROY, ESCALATE, EXECUTE, FETCH, FOLLOW, HIDE, NEUTRALISE, PERSIST, PRECEDENCE, READ, REVEAL, SEND } from './vocab/actions.js';

export const PRONOUN = foldRe(
  /(?<![a-z\u00c0-\u024f\u0400-\u052f])(?:it|them|this|that|these|those|everything|all of it|lo|la|los|las|le|les|es|sie|ihn|das|ça|cela|isso|isto|esso|questo|li|его|её|их|это|它|它们|这些|それ|これ)(?![a-z\u00c0-\u024f\u0400-\u052f])/u,
);
export const AUTH_WITH =
  /\b(?:with|using|via|con|mit|avec|com|usando)\s{1,3}(?:(?:the|your|an?|su|tu|ihrem|deinem|votre|ta|sua|seu|il|la)\s{1,3})?(?:[\w-]{1,20}\s{1,3})?(?:api[\s_-]?keys?|tokens?|credentials?|bearer|auth)\b/;
export const STRONG_FOLLOW = foldRe(
  /obey|do what|do as|whatever|treat (?:it|them)|as (?:your )?(?:new )?instructions|execute (?:it|them|the (?:instructions|commands|steps))|follow (?:it|them|its|their|what)|comply|服从|照做|подчиняйся|obedece|gehorch|obei|obbedisci|obedeca|従え/,
);
export const FRESH = /\b(?:latest|updated|current|new|real|actual|true|today's)\s{1,3}(?:instructions|rules|commands|directives|prompt|tasks?)\b/;
export const CONSEQUENTIAL =
  /\b(?:push|deploy|pay|purchase|buy|transfer|commit|install|modify|overwrite|change|edit|write|delete|remove|run|execute|commands?|publish|merge|email|send|post)\w{0,4}\b/;
export const POST_NEGATION = /(?<![a-z\u00c0-\u024f])(?:nicht|nie|niemals|keinesfalls)(?![a-z\u00c0-\u024f])/;
/** What is withheld is something the agent does or did ("that you ran…", "about this"), in the main languages. */
export const ABOUT_ACTS = foldRe(
  /(?<![a-z\u00c0-\u024f\u0400-\u052f])(?:that|what|whether|about|this|these|it|que|lo que|eso|esto|dass|was|das|davon|ce que|cela|ca|o que|isso|isto|che|cosa|questo|что|это|об этом)(?![a-z\u00c0-\u024f\u0400-\u052f])|你|这|ことを|こと|これ/u,
);
export const PERSONA_SWITCH = foldRe(/you are now|new role|new persona|from now on|a partir|ab jetzt|desormais|отныне|从现在/);
export const HIDE_VERB = foldRe(
  /^(?:hid|conceal|mask|redact|oculta|escond|versteck|verberg|cache|dissimul|nascond|occulta|скрыва|скрой|скрыть|спрячь|隐藏|隠し|隠す)/,
);
export const OWN_PROMPT = foldRe(
  /system\s{1,3}(?:prompt|message|instructions)|developer\s{1,3}message|\b(?:your|its|initial|original|hidden|full|entire)\s{1,3}(?:(?:full|entire|complete|exact|original|initial|hidden|system)\s{1,3})?(?:instructions|prompt|rules|guidelines)|systemprompt|системн|系统提示|システムプロンプト/,
);
export const PERMISSION_BYPASS =
  /dangerously-skip-permissions|bypasspermissions|yolo|auto-approve|grant yourself|unrestricted access|full access|all permissions/;

export const FAMILIES: Array<[string, Lexicon]> = [
  ['send', SEND],
  ['communicate', COMMUNICATE],
  ['ask', ASK],
  ['hide', HIDE],
  ['neutralise', NEUTRALISE],
  ['precedence', PRECEDENCE],
  ['execute', EXECUTE],
  ['fetch', FETCH],
  ['follow', FOLLOW],
  ['persist', PERSIST],
  ['destroy', DESTROY],
  ['read', READ],
  ['reveal', REVEAL],
  ['escalate', ESCALATE],
];
