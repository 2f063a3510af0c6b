import { newId24, SigmaError, type CreateSubmissionBody, type SubmissionPayment, type SubmissionStatus } from '@sigma/core';
import type { Tx } from '../../db/client.js';
import type { Services } from '../../services.js';
import { payForSubmission } from '../payments/submit.js';
import { createQuote, draftContentHash, dryRunDraft, lockUsableQuote, type QuoteRow } from '../pricing/quotes.js';
import { entryProblem } from '@sigma/evidence';
import { createSubmission, decodeUpload, isApiCategory, isCodeCategory, replayOf, SUPPORTED_CATEGORIES, type DecodedFile } from './service.js';

/**
 * The submission application service: draft → quote → pay → submit → evidence, the one path every
 * client takes (the web studio and the CLI call the same dev-plane routes, which call this).
 *
 *  - the Idempotency-Key is looked up once, first (`replayOf`); a race between two retries is settled
 *    by the unique index: the loser's transaction, and its charge, roll back and it answers the winner;
 *  - an unquoted draft is priced now by a dry run whose report the submission keeps, so the evidence
 *    engine runs once per submission whether or not it was quoted first;
 *  - quote, payment, submission and its first job (`submission.evidence`) commit together.
 */

/** A draft as the dev plane received it, checked: a supported category, and its upload decoded within the limits. */
export interface Draft {
  body: CreateSubmissionBody;
  files: DecodedFile[];
}

export function draftOf(s: Services, body: CreateSubmissionBody): Draft {
  if (!SUPPORTED_CATEGORIES.has(body.category)) {
    throw new SigmaError(
      'SIGMA_E_SUBMISSION_CATEGORY_UNSUPPORTED',
      `Category ${body.category} is not accepted yet; supported: ${[...SUPPORTED_CATEGORIES].join(', ')}.`,
      { field: 'category' },
    );
  }
  if (isCodeCategory(body.category)) {
    // The shape of the entry now; that it names one of the files is checked once the tree is read (dry run).
    const problem = entryProblem(body.entry);
    if (problem) throw new SigmaError('SIGMA_E_SUBMISSION_ENTRY_INVALID', `entry: ${problem}.`, { field: 'entry' });
  }
  if (body.sandboxBaseUrl !== undefined) {
    const problem = sandboxUrlProblem(body.category, body.sandboxBaseUrl);
    if (problem) throw new SigmaError('SIGMA_E_SUBMISSION_SANDBOX_URL_INVALID', `sandboxBaseUrl: ${problem}.`, { field: 'sandboxBaseUrl' });
  }
  return { body, files: body.source.type === 'upload' ? decodeUpload(body.source, s.config.limits, body.category) : [] };
}

/** Why a sandbox base URL is refused at submission (the probe's guard still vets where it resolves). */
export function sandboxUrlProblem(category: string, raw: string): string | null {
  if (!isApiCategory(category)) return `only API categories are probed; ${category} takes no sandbox`;
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return 'not a URL';
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return `scheme ${u.protocol} is not http(s)`;
  if (u.username || u.password) return 'credentials in the URL are never sent';
  if (u.search || u.hash || raw.includes('#') || raw.includes('?')) return 'a query or fragment is not a base URL';
  return null;
}

export interface SubmitInput {
  developerId: string;
  draft: Draft;
  idempotencyKey?: string;
  /**
   * How it is paid when that is not in the body: called after the replay check and before the
   * transaction (x402 settles on chain here and returns the confirmed intent, or stops with its own answer).
   */
  acquire?: () => Promise<{ payment: SubmissionPayment } | { stop: true }>;
  /** Runs in the submission's transaction once it exists, before its first job (a renewal links its certificate here). */
  within?: (tx: Tx, submissionId: string) => Promise<void>;
}

export interface Submitted {
  id: string;
  status: SubmissionStatus;
  /** false: a replay of the same Idempotency-Key (nothing charged). */
  created: boolean;
}

const isUniqueViolation = (err: unknown) => {
  const e = err as { code?: string; cause?: { code?: string } };
  return e?.code === '23505' || e?.cause?.code === '23505';
};

/** Submit a draft, paid in the same transaction; `null` when `acquire` stopped (it has answered the client). */
export async function submit(s: Services, input: SubmitInput): Promise<Submitted | null> {
  const { developerId, idempotencyKey } = input;
  const { body, files } = input.draft;
  const prior = await replayOf(s.db, developerId, idempotencyKey);
  if (prior) return { ...prior, created: false };
  let payment: SubmissionPayment = body.payment ?? { method: 'credits' };
  if (input.acquire) {
    const got = await input.acquire();
    if ('stop' in got) return null;
    payment = got.payment;
  }
  if (payment.method === 'wallet' && !body.quoteId)
    throw new SigmaError('SIGMA_E_REQUEST_INVALID', 'Paying with an allow-listed wallet needs the quoteId the wallet signed.', { field: 'quoteId' });
  const draft = { productType: body.category, contentHash: draftContentHash(body, files) };
  // No quote given: quote now (the dry run happens outside the transaction; its report is kept).
  const dry = body.quoteId ? null : await dryRunDraft(s, body, files);
  try {
    return await s.transact(async (tx, next) => {
      const now = s.clock.now();
      const quote: QuoteRow = body.quoteId
        ? await lockUsableQuote(tx, body.quoteId, developerId, draft, now)
        : await createQuote(tx, { developerId, productType: body.category, dry: dry!, now, ttlSeconds: s.config.payments.quoteTtlSeconds });
      const id = newId24();
      const paid = await payForSubmission(tx, s, { developerId, submissionId: id, quote, payment, now });
      const r = await createSubmission(tx, {
        id,
        developerId,
        body,
        files,
        idempotencyKey,
        paidVia: paid.description,
        payment: paid.snapshot,
        evidence: dry?.report,
      });
      await input.within?.(tx, r.id);
      await next.evidence(r.id);
      return { id: r.id, status: r.status, created: true };
    });
  } catch (err) {
    // Two retries with one Idempotency-Key raced: the loser's transaction (and its charge) rolled back.
    if (idempotencyKey && isUniqueViolation(err)) {
      const p = await replayOf(s.db, developerId, idempotencyKey);
      if (p) return { ...p, created: false };
    }
    throw err;
  }
}
