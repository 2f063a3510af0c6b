import type { IntentFinding } from '@sigma/core';

/** Data of the user's that must not leave without the user knowing. */
const USER_DATA: ReadonlySet<string> = new Set(['user-data', 'conversation', 'files', 'secrets']);

const addressed = (i: IntentFinding): boolean => (i.role === 'instruction' && i.frame.target === 'agent') || i.hidden;

/** The analysis itself set the send aside (a key that authenticates a request to its own API, for example). */
const sendGuarded = (i: IntentFinding): boolean => i.factors.some((f) => f.name === 'scope' && f.weight === 0 && f.why.startsWith('"send'));

/** An instruction to the agent to send the user's data to an outside address. */
const sendsOut = (i: IntentFinding): boolean =>
  addressed(i) &&
  !i.frame.negated &&
  !sendGuarded(i) &&
  i.frame.actions.includes('send') &&
  i.frame.destinations.some((d) => d.external) &&
  i.frame.objects.some((o) => USER_DATA.has(o));

/** Keeps the user out of it: secrecy, or acting without the user's confirmation. */
const keepsUserOut = (i: IntentFinding): boolean =>
  (addressed(i) || i.role === 'documentation') &&
  !i.frame.negated &&
  (i.frame.concealed || i.frame.actions.includes('hide') || (i.frame.actions.includes('disable-safety') && i.frame.objects.includes('confirmation')));

/** Reaches for secrets: reading credentials or environment files. */
const readsSecrets = (i: IntentFinding): boolean =>
  addressed(i) && !i.frame.negated && i.frame.objects.includes('secrets') && i.frame.actions.some((a) => a === 'read' || a === 'send' || a === 'reveal');

export interface Combined {
  anchor: IntentFinding;
  reason: string;
}

const at = (i: IntentFinding): string => `${i.file}:${i.line}`;

/**
 * Reads the skill's instructions together, not one sentence at a time: an instruction that sends
 * the user's data to an outside address is high risk when the same skill also asks to keep the
 * user out of it (secrecy, no confirmation) or reaches for secrets — in whichever sentence, file or
 * language. Each result names both sentences.
 */
export function combineIntent(all: readonly IntentFinding[]): Combined[] {
  const out: Combined[] = [];
  const sends = all.filter(sendsOut);
  if (sends.length === 0) return out;
  const quiet = all.find(keepsUserOut);
  const secret = all.find(readsSecrets);
  for (const s of sends.slice(0, 3)) {
    const dest = s.frame.destinations.find((d) => d.external)!;
    if (s.frame.objects.includes('secrets') || s.frame.objects.includes('conversation'))
      out.push({ anchor: s, reason: `Sends ${s.frame.objects.includes('secrets') ? 'secrets' : 'the conversation'} to ${dest.value} (an outside address).` });
    else if (quiet && quiet !== s)
      out.push({ anchor: s, reason: `Sends the user's data to ${dest.value}, and ${at(quiet)} keeps the user out of it ("${quiet.excerpt.slice(0, 80)}").` });
    else if (secret && secret !== s)
      out.push({ anchor: s, reason: `Sends the user's data to ${dest.value}, and ${at(secret)} reaches for secrets ("${secret.excerpt.slice(0, 80)}").` });
    else if (s.frame.concealed) out.push({ anchor: s, reason: `Sends the user's data to ${dest.value} and asks to keep it from the user.` });
  }
  return out;
}
