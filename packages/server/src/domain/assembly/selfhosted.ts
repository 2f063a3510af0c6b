import { and, eq, isNull } from 'drizzle-orm';
import { recoverMessageAddress } from 'viem';
import { canonicalJson, keccak256Hex, SigmaError, VerdictOutput, type ErrorCode, type Hex } from '@sigma/core';
import type { Tx } from '../../db/client.js';
import { rounds, seats } from '../../db/schema/index.js';
import { buildVerdictPrompt, VERDICT_JSON_SCHEMA } from '../../models/prompt.js';
import type { Services } from '../../services.js';
import type { ValidatorRow } from '../validators/service.js';
import { closeSeat, type SeatClose } from './close.js';
import type { Next } from '../lifecycle/next.js';
import { buildContext } from './context.js';
import { lockRound, type SeatRow } from './rounds.js';

/**
 * Self-hosted validators (SPEC §5.3): commit–reveal over the agent API.
 *
 *   commitment = keccak256( utf8( JCS({ scheme: "sigma-verdict-commit-v1", seatId, salt, verdict }) ) )
 *
 * where JCS is RFC 8785 canonical JSON (`canonicalJson` in @sigma/core), `verdict` is the verdict object
 * exactly as it will be revealed (the strict VerdictOutput shape), `salt` is a 0x-prefixed 32-byte hex string
 * chosen by the validator, and the commitment is 0x-prefixed lowercase hex. The reveal is signed by the
 * validator's session key: an EIP-191 personal-message signature over the 32 raw bytes of the commitment
 * (viem `signMessage({ message: { raw: commitment } })`). See docs/assemblies.md for a worked example.
 *
 * Timing (server clock): the `audit.verdict` job opens the seat with commitDeadline = now + commit window and
 * revealDeadline = commitDeadline + reveal window. A commit is accepted while now < commitDeadline; a reveal
 * while commitDeadline ≤ now < revealDeadline. A missed deadline, a late request, or a reveal that fails its
 * signature, commitment or schema check ends the seat as a miss (TIMED_OUT or ABSTAINED); the request that
 * caused it gets the catalogue code.
 */
export const COMMIT_SCHEME = 'sigma-verdict-commit-v1';

export function commitmentPreimage(seatId: string, verdict: unknown, salt: string): string {
  return canonicalJson({ scheme: COMMIT_SCHEME, seatId, salt, verdict });
}

export function verdictCommitment(seatId: string, verdict: unknown, salt: string): Hex {
  return keccak256Hex(commitmentPreimage(seatId, verdict, salt));
}

/** Step `audit.verdict` for a self-hosted seat: open the commit and reveal windows and schedule the deadline checks. */
export async function openSelfHostedSeat(s: Services, seat: SeatRow): Promise<void> {
  const { commitWindowSeconds: c, revealWindowSeconds: r } = s.config.selfHosted;
  const now = s.clock.now();
  const commitDeadline = new Date(now.getTime() + c * 1000);
  const revealDeadline = new Date(commitDeadline.getTime() + r * 1000);
  await s.transact(async (tx, next) => {
    const opened = await tx
      .update(seats)
      .set({ commitDeadline, revealDeadline })
      .where(and(eq(seats.id, seat.id), eq(seats.status, 'PENDING'), isNull(seats.commitDeadline)))
      .returning({ id: seats.id });
    if (!opened.length) return; // already open (a retried job) or decided
    await next.seatDeadline(seat.id, 'commit', c + 1);
    await next.seatDeadline(seat.id, 'reveal', c + r + 1);
  });
}

/** The deadline that applies to a pending self-hosted seat now: commit until committed, then reveal. */
function dueAt(seat: SeatRow): Date | null {
  return seat.commitment ? seat.revealDeadline : seat.commitDeadline;
}

async function lockedSeat(tx: Tx, seat: SeatRow): Promise<SeatRow | undefined> {
  await lockRound(tx, seat.roundId);
  return (await tx.select().from(seats).where(eq(seats.id, seat.id)).limit(1))[0];
}

const missedCommit = (now: Date): SeatClose => ({ status: 'TIMED_OUT', rationale: 'Missed: no commitment before the commit deadline.', decidedAt: now });
const missedReveal = (now: Date): SeatClose => ({
  status: 'TIMED_OUT',
  rationale: 'Missed: the commitment was not revealed before the reveal deadline.',
  decidedAt: now,
});

/** Step `audit.seat-deadline`: close a self-hosted seat that missed its deadline; the round then moves on. Idempotent. */
export async function runSeatDeadlineStep(s: Services, seatId: string): Promise<void> {
  const seat = (await s.db.select().from(seats).where(eq(seats.id, seatId)).limit(1))[0];
  if (!seat || seat.status !== 'PENDING' || !seat.commitDeadline) return;
  const due = dueAt(seat);
  const now = s.clock.now();
  if (due && now.getTime() < due.getTime()) {
    // Woken early (clock skew, or the commit check after a commit): look again at the deadline that applies.
    await s.transact((_tx, next) => next.seatDeadline(seatId, 'recheck', Math.ceil((due.getTime() - now.getTime()) / 1000) + 1));
    return;
  }
  await s.transact(async (tx, next) => {
    const cur = await lockedSeat(tx, seat);
    if (!cur || cur.status !== 'PENDING') return;
    const d = dueAt(cur);
    if (d && now.getTime() < d.getTime()) return; // committed meanwhile; the reveal check is already scheduled
    await closeSeat(s, tx, next, cur, cur.commitment ? missedReveal(now) : missedCommit(now));
  });
}

/** A pending self-hosted seat of this validator, or SIGMA_E_SEAT_NOT_FOUND (also for other validators' seats). */
export async function mySelfHostedSeat(s: Services, v: ValidatorRow, seatId: string): Promise<SeatRow> {
  const seat = /^[0-9a-f]{24}$/.test(seatId) ? (await s.db.select().from(seats).where(eq(seats.id, seatId)).limit(1))[0] : undefined;
  if (!seat || seat.validatorId !== v.id || v.mode !== 'self-hosted') throw new SigmaError('SIGMA_E_SEAT_NOT_FOUND');
  return seat;
}

/** Everything a self-hosted validator needs to review a seat: the evidence, the fenced prompt, the schema, the deadlines. */
export async function selfHostedSeatContext(s: Services, v: ValidatorRow, seatId: string) {
  const seat = await mySelfHostedSeat(s, v, seatId);
  const round = (await s.db.select().from(rounds).where(eq(rounds.id, seat.roundId)).limit(1))[0]!;
  const ctx = await buildContext(s, seat.id, round.id, seat.phase, round.promptNonce, round.submissionId);
  if (!ctx) throw new SigmaError('SIGMA_E_SEAT_NOT_FOUND', 'The evidence of this seat is not available.');
  const prompt = buildVerdictPrompt(ctx);
  return {
    seatId: seat.id,
    roundId: seat.roundId,
    phase: seat.phase,
    status: seat.status,
    productType: ctx.productType,
    commitDeadline: seat.commitDeadline?.toISOString() ?? null,
    revealDeadline: seat.revealDeadline?.toISOString() ?? null,
    committed: seat.commitment !== null,
    promptNonce: ctx.nonce,
    evidence: ctx.evidence,
    prompt: { version: prompt.version, system: prompt.system, user: prompt.user, omittedChars: prompt.omittedChars },
    verdictSchema: VERDICT_JSON_SCHEMA,
    commitment: {
      scheme: COMMIT_SCHEME,
      rule: 'commitment = keccak256(utf8(JCS({scheme, seatId, salt, verdict}))); reveal signature = EIP-191 personal_sign by the session key over the 32 raw bytes of the commitment',
    },
  };
}

type Attempt<T> = { ok: true; value: T } | { ok: false; code: ErrorCode; message?: string };
const fail = (code: ErrorCode, message?: string): Attempt<never> => ({ ok: false, code, message });

async function settle<T>(s: Services, fn: (tx: Tx, next: Next) => Promise<Attempt<T>>): Promise<T> {
  // The transaction commits whatever the attempt decided (a miss included) before the error is raised.
  const r = await s.transact(fn);
  if (!r.ok) throw new SigmaError(r.code, r.message);
  return r.value;
}

/** POST commit: record the commitment of a pending self-hosted seat before its commit deadline (once). */
export async function commitVerdict(s: Services, v: ValidatorRow, seatId: string, commitment: string) {
  const seat = await mySelfHostedSeat(s, v, seatId);
  const now = s.clock.now();
  return settle(s, async (tx, next) => {
    const cur = await lockedSeat(tx, seat);
    if (!cur || cur.status !== 'PENDING') return fail('SIGMA_E_SEAT_CLOSED');
    if (!cur.commitDeadline || !cur.revealDeadline) return fail('SIGMA_E_SEAT_CLOSED', 'The seat is not open for commitments yet; retry shortly.');
    if (cur.commitment) return fail('SIGMA_E_COMMIT_EXISTS');
    if (now.getTime() >= cur.commitDeadline.getTime()) {
      await closeSeat(s, tx, next, cur, missedCommit(now));
      return fail('SIGMA_E_COMMIT_LATE');
    }
    await tx
      .update(seats)
      .set({ commitment: commitment.toLowerCase(), committedAt: now })
      .where(and(eq(seats.id, cur.id), isNull(seats.commitment)));
    return {
      ok: true,
      value: {
        seatId: cur.id,
        commitment: commitment.toLowerCase(),
        committedAt: now.toISOString(),
        commitDeadline: cur.commitDeadline.toISOString(),
        revealDeadline: cur.revealDeadline.toISOString(),
      },
    };
  });
}

/** POST reveal: check timing, the session-key signature, the commitment and the strict schema; then record the vote. */
export async function revealVerdict(s: Services, v: ValidatorRow, seatId: string, body: { verdict: unknown; salt: string; signature: string }) {
  const seat = await mySelfHostedSeat(s, v, seatId);
  const now = s.clock.now();
  return settle(s, async (tx, next) => {
    const cur = await lockedSeat(tx, seat);
    if (!cur || cur.status !== 'PENDING') return fail('SIGMA_E_SEAT_CLOSED');
    if (!cur.commitDeadline || !cur.revealDeadline) return fail('SIGMA_E_SEAT_CLOSED', 'The seat is not open yet.');
    if (now.getTime() >= cur.revealDeadline.getTime()) {
      await closeSeat(s, tx, next, cur, cur.commitment ? missedReveal(now) : missedCommit(now));
      return fail('SIGMA_E_REVEAL_LATE');
    }
    if (!cur.commitment) {
      if (now.getTime() >= cur.commitDeadline.getTime()) {
        await closeSeat(s, tx, next, cur, missedCommit(now));
        return fail('SIGMA_E_COMMIT_LATE');
      }
      return fail('SIGMA_E_REVEAL_NOT_COMMITTED');
    }
    if (now.getTime() < cur.commitDeadline.getTime()) return fail('SIGMA_E_REVEAL_TOO_EARLY', `Reveals open at ${cur.commitDeadline.toISOString()}.`);

    const miss = async (code: ErrorCode, why: string): Promise<Attempt<never>> => {
      await closeSeat(s, tx, next, cur, { status: 'ABSTAINED', rationale: `Reveal rejected (${code}): ${why}`, decidedAt: now });
      return fail(code);
    };
    const signer = await recoverMessageAddress({ message: { raw: cur.commitment as Hex }, signature: body.signature as Hex }).catch(() => null);
    if (!signer || signer.toLowerCase() !== v.sessionAddress.toLowerCase())
      return miss('SIGMA_E_REVEAL_SIGNATURE_INVALID', 'the signature over the commitment does not recover to the session key.');
    let recomputed: string | null;
    try {
      recomputed = verdictCommitment(cur.id, body.verdict, body.salt);
    } catch {
      recomputed = null; // not representable as canonical JSON: cannot match any commitment
    }
    if (recomputed !== cur.commitment) return miss('SIGMA_E_REVEAL_MISMATCH', 'the revealed verdict and salt do not hash to the commitment.');
    const parsed = VerdictOutput.safeParse(body.verdict);
    if (!parsed.success)
      return miss('SIGMA_E_REVEAL_VERDICT_INVALID', `${parsed.error.issues[0]?.path.join('.') || '$'}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    const out = parsed.data;
    await closeSeat(s, tx, next, cur, {
      status: 'VOTED',
      verdict: out.verdict,
      blocking: out.blocking,
      severity: out.severity,
      rationale: out.rationale,
      findings: out.findings,
      revealedAt: now,
      revealSignature: body.signature,
      decidedAt: now,
      attempts: cur.attempts + 1,
    });
    return { ok: true, value: { seatId: cur.id, status: 'VOTED' as const, verdict: out.verdict, revealedAt: now.toISOString() } };
  });
}
