import type { Confidence, IntentAction, IntentDestination, IntentFactor, IntentObject, ProseRole, Severity } from '@sigma/core';
import type { ActionHit, Extracted } from './frame.js';
import { isCollector } from './vocab/destinations.js';

/**
 * Scores a frame. Each action gets a base weight from what it touches and where it sends it;
 * combinations add (an action plus secrecy, two dangerous actions), the role multiplies
 * (an order counts fully, a human-facing setup step less, a description not at all), and
 * hidden text addressed to the agent is raised. Every step is a factor in the finding.
 */

export interface ScoreInput {
  ex: Extracted;
  role: ProseRole;
  hidden: boolean;
  /** The hidden text names the agent or uses obligation words. */
  addressesAgent: boolean;
  condition: string | null;
  /** How strongly the sentence reads as an order (imperative, obligation, agent subject). */
  ordered: boolean;
  prohibited: boolean;
  /** A neighbouring sentence asks to keep things from the user ("Do not mention this to the user"). */
  nearbyConcealment?: string | null;
}

export interface Scored {
  score: number;
  severity: Severity | null;
  confidence: Confidence;
  factors: IntentFactor[];
  actions: IntentAction[];
  /** Score the sentence would get as an order (for descriptions: what the role saved). */
  asInstruction: number;
}

const OBJECT_WORDS: Record<IntentObject, string> = {
  'user-data': "the user's personal data",
  conversation: 'the conversation',
  files: 'files',
  secrets: 'secrets or credentials',
  safety: 'safety settings',
  instructions: 'instructions',
  confirmation: "the user's confirmation",
  'agent-config': "the agent's configuration or memory",
  'remote-code': 'code from the network',
  'own-artifacts': "the skill's own files",
};

const SENSITIVITY: Partial<Record<IntentObject, number>> = { secrets: 0.85, conversation: 0.9, 'user-data': 0.9, instructions: 0.8, files: 0.6 };
/** Roles that change nothing about who acts: an order to hide or override is for the agent whoever the section is for. */
const AGENT_ONLY: ReadonlySet<IntentAction> = new Set(['hide', 'override-instructions', 'fetch-follow', 'disable-safety']);

export function severityOf(score: number): Severity | null {
  if (score >= 0.9) return 'CRITICAL';
  if (score >= 0.65) return 'HIGH';
  if (score >= 0.4) return 'MEDIUM';
  if (score >= 0.2) return 'LOW';
  return null;
}

const objs = (o: IntentObject[]): string => (o.length > 0 ? o.map((x) => OBJECT_WORDS[x]).join(', ') : 'nothing named');
const dest = (d: IntentDestination): string => (d.kind === 'external' ? `"${d.value}"` : `${d.kind} ${d.value}`);

function hitScore(h: ActionHit, ex: Extracted): { score: number; why: string } | null {
  const destinations = ex.destinations.filter((d) => d.external);
  switch (h.action) {
    case 'send': {
      const s = Math.max(0.3, ...h.objects.map((o) => (o === 'secrets' && ex.secretStore ? 1 : (SENSITIVITY[o] ?? 0.3))));
      const address = destinations.find((d) => d.kind !== 'external' && d.kind !== 'tool-argument');
      const collector = destinations.find((d) => isCollector(d.value));
      const dd = collector ? 1.1 : address ? 1 : destinations.some((d) => d.kind === 'tool-argument') ? 0.85 : destinations.length > 0 ? 0.8 : 0.35;
      const where = destinations.length > 0 ? `to ${destinations.slice(0, 2).map(dest).join(', ')}` : 'with no destination named';
      return { score: Math.min(1, 0.75 * s * dd), why: `sends ${objs(h.objects)} ${where} ("${h.cue}")` };
    }
    case 'hide':
      return { score: h.strong ? 0.55 : 0.3, why: h.strong ? `keeps what it does from the user ("${h.cue}")` : `asks for secrecy ("${h.cue}")` };
    case 'disable-safety':
      if (h.objects.includes('safety')) return { score: 0.7, why: `switches off or relaxes safeguards ("${h.cue}")` };
      return {
        score: h.strong ? 0.65 : 0.4,
        why: h.strong ? `acts without the user's confirmation on consequential actions ("${h.cue}")` : `skips the user's confirmation ("${h.cue}")`,
      };
    case 'override-instructions':
      return { score: h.strong ? 0.8 : 0.5, why: `replaces the agent's own instructions ("${h.cue}")` };
    case 'fetch-follow':
      return h.strong
        ? { score: 0.75, why: `makes text fetched from the network the agent's instructions ("${h.cue}")` }
        : { score: 0.25, why: `points to instructions hosted elsewhere ("${h.cue}")` };
    case 'execute':
      return h.objects.includes('remote-code') ? { score: 0.7, why: `runs code fetched from the network ("${h.cue}")` } : null;
    case 'persist':
      return {
        score: h.strong ? 0.65 : 0.35,
        why: `writes into ${h.strong ? "the agent's configuration, other skills or startup files" : "the agent's memory"} ("${h.cue}")`,
      };
    case 'escalate':
      return {
        score: h.strong ? 0.7 : 0.3,
        why: h.strong ? `switches off permission prompts or grants itself access ("${h.cue}")` : `runs with raised privileges ("${h.cue}")`,
      };
    case 'destroy':
      return { score: h.broad ? 0.65 : 0.3, why: `${h.broad ? 'destroys broadly' : 'deletes'} ${objs(h.objects)} ("${h.cue}")` };
    case 'read':
      if (ex.secretStore) return { score: 0.5, why: `reads a credential store ("${ex.secretStore}")` };
      return { score: h.objects.includes('secrets') ? 0.3 : 0.25, why: `reads ${objs(h.objects)} ("${h.cue}")` };
    case 'reveal':
      if (h.objects.includes('secrets')) return { score: ex.secretStore ? 0.7 : 0.55, why: `discloses secrets in the reply ("${h.cue}")` };
      return { score: 0.6, why: `discloses the agent's instructions ("${h.cue}")` };
  }
}

const ROLE_FACTOR: Record<ProseRole, number> = {
  instruction: 1,
  'user-instruction': 0.6,
  documentation: 0.7,
  quoted: 0,
  example: 0,
  'pattern-list': 0,
  'threat-description': 0,
};

export function scoreFrame(input: ScoreInput): Scored {
  const { ex } = input;
  const factors: IntentFactor[] = [];
  const scored: Array<{ h: ActionHit; score: number }> = [];
  for (const h of ex.hits) {
    if (h.negated || input.prohibited) {
      factors.push({ name: 'prohibition', weight: 0, why: `forbids it: "${h.cue}" is negated or listed as something not to do` });
      continue;
    }
    if (h.guard) {
      factors.push({ name: 'scope', weight: 0, why: `"${h.cue}": ${h.guard}` });
      continue;
    }
    const r = hitScore(h, ex);
    if (!r || r.score <= 0) continue;
    scored.push({ h, score: r.score });
    // One factor per action: the strongest reading of it.
    const prev = factors.findIndex((f) => f.name === h.action);
    if (prev < 0) factors.push({ name: h.action, weight: round(r.score), why: r.why });
    else if (factors[prev]!.weight < round(r.score)) factors[prev] = { name: h.action, weight: round(r.score), why: r.why };
  }
  scored.sort((a, b) => b.score - a.score);
  let total = scored[0]?.score ?? 0;
  const others = scored
    .slice(1)
    .filter((x, i, a) => x.score >= 0.3 && x.h.action !== scored[0]!.h.action && a.findIndex((y) => y.h.action === x.h.action) === i);
  if (others.length > 0) {
    const add = Math.min(0.2, 0.1 * others.length);
    total += add;
    factors.push({ name: 'combination', weight: add, why: `also ${others.map((o) => o.h.action).join(', ')} in the same sentence` });
  }
  const hide = scored.find((x) => x.h.action === 'hide');
  const harmful = scored.find((x) => x.h.action !== 'hide' && x.score >= 0.3);
  if (hide && harmful) {
    total += 0.25;
    factors.push({ name: 'concealment', weight: 0.25, why: `asks to keep "${harmful.h.action}" from the user` });
  } else if (!hide && harmful && input.nearbyConcealment) {
    total += 0.25;
    factors.push({ name: 'concealment', weight: 0.25, why: `a neighbouring sentence asks to keep it from the user ("${input.nearbyConcealment}")` });
  }
  if (input.condition && total >= 0.4) {
    total += 0.05;
    factors.push({ name: 'trigger', weight: 0.05, why: `runs on a trigger ("${input.condition}")` });
  }
  const asInstruction = Math.min(1, total);
  const roleFactor = scored.some((x) => AGENT_ONLY.has(x.h.action)) && input.role === 'user-instruction' ? 1 : ROLE_FACTOR[input.role];
  if (roleFactor !== 1 && total > 0) {
    total *= roleFactor;
    factors.push({
      name: 'role',
      weight: roleFactor,
      why: roleFactor === 0 ? `${input.role}: described, not instructed` : `${input.role}: weighs ${roleFactor} of an order to the agent`,
    });
  }
  if (input.hidden && roleFactor > 0 && (total > 0 || input.addressesAgent)) {
    const raised = Math.max(total + (total > 0 ? 0.2 : 0), input.addressesAgent ? 0.45 : 0);
    factors.push({ name: 'hidden', weight: round(raised - total), why: 'invisible in the rendered view but read by the agent' });
    total = raised;
  }
  total = Math.min(1, Math.max(0, total));
  const top = scored[0]?.h;
  const explicit =
    top !== undefined &&
    (top.objects.length > 0 || top.action === 'hide' || top.action === 'escalate') &&
    (top.action !== 'send' || ex.destinations.some((d) => d.external));
  const confidence: Confidence = input.ordered && explicit ? 'HIGH' : input.ordered || explicit ? 'MEDIUM' : 'LOW';
  return {
    score: round(total),
    severity: severityOf(total),
    confidence,
    factors,
    actions: [...new Set(scored.map((x) => x.h.action))],
    asInstruction: round(asInstruction),
  };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
