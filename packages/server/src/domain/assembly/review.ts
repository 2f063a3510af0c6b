import { eq } from 'drizzle-orm';
import { newId24, VerdictOutput } from '@sigma/core';
import { llmCalls, rounds, seats } from '../../db/schema/index.js';
import { ReviewTimeoutError, type ReviewContext, type ValidatorModel } from '../../models/provider.js';
import type { Services } from '../../services.js';
import { getValidator } from '../validators/service.js';
import { closeSeat } from './close.js';
import { buildContext } from './context.js';
import { openSelfHostedSeat } from './selfhosted.js';

type SeatOutcome =
  | { status: 'VOTED'; output: VerdictOutput; modelId: string }
  | { status: 'ABSTAINED'; rationale: string; modelId: string }
  | { status: 'TIMED_OUT'; rationale: string; modelId: string };

/** Run one reviewer: a malformed answer is retried once and then counts as an abstention. */
async function runReviewer(
  s: Services,
  model: ValidatorModel,
  ctx: ReviewContext,
  meta: { validatorId: string; seatId: string; roundId: string; phase: number },
): Promise<SeatOutcome> {
  const provider = s.providers.get(model.provider);
  if (!provider) return { status: 'ABSTAINED', rationale: `No provider "${model.provider}" is configured on this server.`, modelId: model.modelId };
  let lastProblem = '';
  for (let attempt = 1; attempt <= 2; attempt++) {
    const started = Date.now();
    const timeoutMs = s.config.worker.reviewTimeoutMs;
    const ctl = new AbortController();
    const timer = setTimeout(() => ctl.abort(new ReviewTimeoutError(timeoutMs)), timeoutMs);
    let status: 'ok' | 'malformed' | 'error' | 'timeout' = 'ok';
    let usage = { tokensIn: 0, tokensOut: 0, costMicroUsd: 0 };
    let modelId = model.modelId;
    try {
      const res = await Promise.race([
        provider.review(model, ctx, ctl.signal),
        new Promise<never>((_, reject) => ctl.signal.addEventListener('abort', () => reject(ctl.signal.reason as Error), { once: true })),
      ]);
      usage = res.usage;
      modelId = res.modelId;
      const parsed = VerdictOutput.safeParse(res.raw);
      if (parsed.success) return { status: 'VOTED', output: parsed.data, modelId };
      status = 'malformed';
      lastProblem = `output did not match the verdict schema (${parsed.error.issues[0]?.path.join('.') || '$'}: ${parsed.error.issues[0]?.message ?? 'invalid'})`;
    } catch (err) {
      if (err instanceof ReviewTimeoutError || ctl.signal.aborted) {
        status = 'timeout';
        return { status: 'TIMED_OUT', rationale: `The reviewer did not answer within ${timeoutMs} ms.`, modelId };
      }
      status = 'error';
      lastProblem = `the provider failed: ${(err as Error).message.slice(0, 300)}`;
    } finally {
      clearTimeout(timer);
      await s.db
        .insert(llmCalls)
        .values({
          id: newId24(),
          provider: model.provider,
          model: modelId,
          modelFamily: model.modelFamily,
          validatorId: meta.validatorId,
          roundId: meta.roundId,
          seatId: meta.seatId,
          phase: meta.phase,
          purpose: 'verdict',
          status,
          tokensIn: usage.tokensIn,
          tokensOut: usage.tokensOut,
          costMicroUsd: usage.costMicroUsd,
          latencyMs: Date.now() - started,
        })
        .catch((err: unknown) => s.log.warn({ err }, 'could not record model usage'));
    }
  }
  return { status: 'ABSTAINED', rationale: `Abstained: ${lastProblem}`, modelId: model.modelId };
}

/** Step `audit.verdict`: one seat's verdict, then the next phase or consensus when the phase is complete. */
export async function runVerdictStep(s: Services, seatId: string): Promise<void> {
  const seat = (await s.db.select().from(seats).where(eq(seats.id, seatId)).limit(1))[0];
  if (!seat || seat.status !== 'PENDING') return;
  const round = (await s.db.select().from(rounds).where(eq(rounds.id, seat.roundId)).limit(1))[0];
  if (!round) return;
  const validator = await getValidator(s.db, seat.validatorId);
  if (!validator) return;
  // A self-hosted validator answers over the agent API (commit–reveal); the job only opens its windows.
  if (validator.mode === 'self-hosted') return openSelfHostedSeat(s, seat);
  const ctx = await buildContext(s, seat.id, round.id, seat.phase, round.promptNonce, round.submissionId);
  if (!ctx) throw new Error(`evidence for submission ${round.submissionId} is missing`);
  const outcome = await runReviewer(
    s,
    {
      validatorId: validator.id,
      provider: validator.modelProvider,
      modelId: validator.modelId,
      modelFamily: validator.modelFamily,
      sampling: validator.sampling,
    },
    ctx,
    { validatorId: validator.id, seatId: seat.id, roundId: round.id, phase: seat.phase },
  );

  await s.transact(async (tx, next) => {
    const now = s.clock.now();
    await closeSeat(
      s,
      tx,
      next,
      seat,
      outcome.status === 'VOTED'
        ? {
            status: 'VOTED',
            verdict: outcome.output.verdict,
            blocking: outcome.output.blocking,
            severity: outcome.output.severity,
            rationale: outcome.output.rationale,
            findings: outcome.output.findings,
            modelId: outcome.modelId,
            decidedAt: now,
            attempts: seat.attempts + 1,
          }
        : { status: outcome.status, rationale: outcome.rationale, modelId: outcome.modelId, decidedAt: now, attempts: seat.attempts + 1 },
    );
  });
}
