import { z } from 'zod';
import { Address } from './round.js';
import { Id24 } from './submission.js';

export const PIN_LOCK_FILE = 'sigma.lock.json' as const;
export const PIN_LOCK_VERSION = 1 as const;

/**
 * One pinned folder of a `sigma.lock.json`: which certificate its content must match, and the
 * certificate's offline bundle so the pin verifies with no network (docs/pin.md).
 */
export const PinEntry = z.object({
  /** The pinned folder, relative to the lock file's folder, `/`-separated (`.`: the lock's own folder). */
  path: z.string().min(1),
  certificateId: Id24,
  payloadHash: z.string(),
  skillHash: z.string().nullable(),
  codeHash: z.string().nullable(),
  issuer: Address,
  verdict: z.literal('APPROVED'),
  auditedAt: z.string(),
  /** The sigma.bundle.v1 the pin was made from, kept as received (verified with verifyBundle). */
  bundle: z.unknown(),
});
export type PinEntry = z.infer<typeof PinEntry>;

export const PinLock = z.object({
  lockfileVersion: z.literal(PIN_LOCK_VERSION),
  /** The SIGMA service the pins were made against (asked for live status unless another is named). */
  service: z.string().nullable(),
  pins: z.array(PinEntry),
});
export type PinLock = z.infer<typeof PinLock>;
