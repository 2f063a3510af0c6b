import type { VerdictOutput } from '@sigma/core';
import type { ReviewAttempt, ReviewContext, ReviewProvider, ValidatorModel } from '../provider.js';
import { strictnessOf, type Strictness } from './common.js';
import { reviewInjection } from './injection.js';
import { reviewProportionality } from './proportionality.js';
import { reviewSupplyChain } from './supplychain.js';

/** The built-in reviewer families: deterministic, offline, each with its own emphasis. */
export const OFFLINE_FAMILIES: Record<string, { title: string; review: (ctx: ReviewContext, s: Strictness) => VerdictOutput }> = {
  'sigma-proportionality': { title: 'Capability proportionality', review: reviewProportionality },
  'sigma-injection': { title: 'Injection and exfiltration', review: reviewInjection },
  'sigma-supplychain': { title: 'Supply chain and opacity', review: reviewSupplyChain },
};

/** The offline provider; `delayMs` simulates model latency (demos, crash tests, benchmarks). */
export function createOfflineProvider(delayMs = 0): ReviewProvider {
  return {
    name: 'offline',
    async review(model: ValidatorModel, ctx: ReviewContext, signal: AbortSignal): Promise<ReviewAttempt> {
      signal.throwIfAborted();
      if (delayMs > 0) {
        await new Promise<void>((resolve, reject) => {
          const t = setTimeout(resolve, delayMs);
          signal.addEventListener(
            'abort',
            () => {
              clearTimeout(t);
              reject(signal.reason as Error);
            },
            { once: true },
          );
        });
      }
      const family = OFFLINE_FAMILIES[model.modelFamily];
      if (!family) throw new Error(`no offline reviewer for family ${model.modelFamily}`);
      const raw = family.review(ctx, strictnessOf(model.modelId));
      const inputChars = JSON.stringify(ctx.evidence).length + ctx.skillMd.length + ctx.devNotes.length;
      return {
        raw,
        modelId: model.modelId,
        usage: { tokensIn: Math.ceil(inputChars / 4), tokensOut: Math.ceil(JSON.stringify(raw).length / 4), costMicroUsd: 0 },
      };
    },
  };
}

export const offlineProvider = createOfflineProvider();
