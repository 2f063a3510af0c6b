import { and, desc, eq, gt, isNull, lte, or, sql } from 'drizzle-orm';
import { codeHash, newId24, sha256Hex, SigmaError, type CreateSubmissionBody, type EvidenceReport, type Quote, type QuoteExplanation } from '@sigma/core';
import type { DbOrTx } from '../../db/client.js';
import { campaignClaims, priceCampaigns, quotes } from '../../db/schema/index.js';
import type { Services } from '../../services.js';
import { runEngine, type EngineSource } from '../evidence/engine.js';
import { codeTree, entryProblem } from '@sigma/evidence';
import { isCodeCategory, type DecodedFile } from '../submissions/service.js';
import { loadCatalogue } from './catalogue.js';
import { computePrice, signalsOf, type CatalogueCampaign, type Signals } from './engine.js';

export type QuoteRow = typeof quotes.$inferSelect;

/** What binds a quote to a draft: the content hash of an upload, or the pinned git source. */
export function draftContentHash(body: Pick<CreateSubmissionBody, 'source'>, files: DecodedFile[]): string {
  if (body.source.type === 'git') return sha256Hex(new TextEncoder().encode(`git\0${body.source.url}\0${body.source.ref}\0${body.source.path ?? ''}`));
  return codeHash(files.map((f) => ({ path: f.path, content: f.bytes })));
}

export interface DryRun {
  signals: Signals;
  contentHash: string;
  engineVersion: string;
  /** The report itself: a submission made from this dry run keeps it, so the engine runs once per submission. */
  report: EvidenceReport;
}

/** Dry-run the evidence engine on a draft (outside any transaction: it is CPU and maybe network work). */
export async function dryRunDraft(s: Services, body: CreateSubmissionBody, files: DecodedFile[]): Promise<DryRun> {
  const source: EngineSource = body.source.type === 'git' ? { type: 'git', url: body.source.url, ref: body.source.ref } : { type: 'upload', files };
  const { report, ingest } = await runEngine(s, source, { devNotes: body.devNotes, productType: body.category });
  if (body.source.type === 'git' && ingest.files.length === 0) {
    // Nothing could be read (clone or checkout failed): refused before any quote or charge, with git's reason.
    const why = ingest.problems.find((p) => p.ruleId === 'UNANALYZABLE_SOURCE')?.excerpt ?? 'the repository has no files at that commit';
    throw new SigmaError('SIGMA_E_SUBMISSION_SOURCE_INVALID', `The git source could not be read: ${why}.`, { field: 'source' });
  }
  if (isCodeCategory(body.category)) {
    // Before any quote or payment: the entry point must be one of the files of the tree as it runs.
    const tree = codeTree(ingest).map((f) => f.path);
    const problem = entryProblem(body.entry, tree);
    if (problem) throw new SigmaError('SIGMA_E_SUBMISSION_ENTRY_INVALID', `entry: ${problem}.`, { field: 'entry', details: { files: tree.slice(0, 50) } });
  }
  return { signals: signalsOf(report, ingest.files), contentHash: draftContentHash(body, files), engineVersion: report.engineVersion, report };
}

/**
 * Claim a slot of the best applicable campaign for this quote, or null. The campaign row is locked
 * (FOR UPDATE) and the live claims — consumed, or reserved by a quote that has not expired — are
 * counted under the lock, so concurrent quotes can never oversell a first-N campaign.
 */
async function claimCampaign(
  tx: DbOrTx,
  developerId: string,
  productType: string,
  quoteId: string,
  now: Date,
  expiresAt: Date,
): Promise<CatalogueCampaign | null> {
  const candidates = await tx
    .select()
    .from(priceCampaigns)
    .where(
      and(
        eq(priceCampaigns.status, 'ACTIVE'),
        or(isNull(priceCampaigns.productType), eq(priceCampaigns.productType, productType)),
        or(isNull(priceCampaigns.startsAt), lte(priceCampaigns.startsAt, now)),
        or(isNull(priceCampaigns.endsAt), gt(priceCampaigns.endsAt, now)),
      ),
    )
    .orderBy(desc(priceCampaigns.discountBps), priceCampaigns.createdAt);
  for (const c of candidates) {
    const locked = (
      await tx
        .select()
        .from(priceCampaigns)
        .where(and(eq(priceCampaigns.id, c.id), eq(priceCampaigns.status, 'ACTIVE')))
        .for('update')
    )[0];
    if (!locked) continue;
    const live = and(
      eq(campaignClaims.campaignId, c.id),
      or(eq(campaignClaims.status, 'CONSUMED'), and(eq(campaignClaims.status, 'RESERVED'), gt(campaignClaims.expiresAt, now))),
    );
    if (locked.maxRedemptions !== null) {
      const [{ n }] = (await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(campaignClaims)
        .where(live)) as [{ n: number }];
      if (n >= locked.maxRedemptions) continue;
    }
    if (locked.perDeveloperLimit !== null) {
      const [{ n }] = (await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(campaignClaims)
        .where(and(live, eq(campaignClaims.developerId, developerId)))) as [{ n: number }];
      if (n >= locked.perDeveloperLimit) continue;
    }
    await tx.insert(campaignClaims).values({ id: newId24(), campaignId: c.id, developerId, quoteId, status: 'RESERVED', expiresAt });
    return { id: c.id, name: c.name, kind: c.kind as CatalogueCampaign['kind'], discountBps: c.discountBps };
  }
  return null;
}

/** Price a dry-run draft and store the quote (with its campaign reservation) in `tx`. */
export async function createQuote(
  tx: DbOrTx,
  input: { developerId: string; productType: string; dry: DryRun; now: Date; ttlSeconds: number },
): Promise<QuoteRow> {
  const cat = await loadCatalogue(tx, input.productType);
  if (!cat.category) throw new SigmaError('SIGMA_E_PAYMENT_NO_PRICE', `The catalogue has no active price for ${input.productType}.`, { field: 'category' });
  const id = newId24();
  const expiresAt = new Date(input.now.getTime() + input.ttlSeconds * 1000);
  const campaign = await claimCampaign(tx, input.developerId, input.productType, id, input.now, expiresAt);
  const price = computePrice(input.productType, cat, input.dry.signals, campaign);
  const snapshot: QuoteExplanation = {
    quoteId: id,
    ...price,
    engineVersion: input.dry.engineVersion,
    contentHash: input.dry.contentHash,
    quotedAt: input.now.toISOString(),
    expiresAt: expiresAt.toISOString(),
  };
  const row = {
    id,
    developerId: input.developerId,
    productType: input.productType,
    contentHash: input.dry.contentHash,
    signals: input.dry.signals,
    snapshot: snapshot as unknown as Record<string, unknown>,
    listCredits: price.listCredits,
    discountCredits: price.discountCredits,
    totalCredits: price.totalCredits,
    usdcMicros: BigInt(price.usdcMicros),
    campaignId: campaign?.id ?? null,
    expiresAt,
    createdAt: input.now,
  };
  await tx.insert(quotes).values(row);
  return { ...row, status: 'OPEN', submissionId: null, consumedAt: null };
}

export async function getQuote(db: DbOrTx, id: string, developerId: string): Promise<QuoteRow> {
  const q = (
    await db
      .select()
      .from(quotes)
      .where(and(eq(quotes.id, id), eq(quotes.developerId, developerId)))
      .limit(1)
  )[0];
  if (!q) throw new SigmaError('SIGMA_E_PAYMENT_QUOTE_NOT_FOUND', undefined, { field: 'quoteId' });
  return q;
}

/** Lock an OPEN, unexpired quote of this developer for this draft, or throw the precise reason. */
export async function lockUsableQuote(
  tx: DbOrTx,
  id: string,
  developerId: string,
  draft: { productType: string; contentHash: string },
  now: Date,
): Promise<QuoteRow> {
  const q = (
    await tx
      .select()
      .from(quotes)
      .where(and(eq(quotes.id, id), eq(quotes.developerId, developerId)))
      .for('update')
  )[0];
  if (!q) throw new SigmaError('SIGMA_E_PAYMENT_QUOTE_NOT_FOUND', undefined, { field: 'quoteId' });
  if (q.status !== 'OPEN') throw new SigmaError('SIGMA_E_PAYMENT_QUOTE_USED', undefined, { field: 'quoteId' });
  if (q.expiresAt <= now) throw new SigmaError('SIGMA_E_PAYMENT_QUOTE_EXPIRED', `The quote expired at ${q.expiresAt.toISOString()}.`, { field: 'quoteId' });
  if (q.productType !== draft.productType) throw new SigmaError('SIGMA_E_PAYMENT_QUOTE_MISMATCH', `The quote is for ${q.productType}.`, { field: 'category' });
  if (q.contentHash !== draft.contentHash) throw new SigmaError('SIGMA_E_PAYMENT_QUOTE_MISMATCH', 'The quote was made for other content.', { field: 'source' });
  return q;
}

/** Mark a locked quote consumed by a submission, and its campaign claim (if any) redeemed. */
export async function consumeQuote(tx: DbOrTx, q: QuoteRow, submissionId: string, now: Date): Promise<void> {
  const done = await tx
    .update(quotes)
    .set({ status: 'CONSUMED', submissionId, consumedAt: now })
    .where(and(eq(quotes.id, q.id), eq(quotes.status, 'OPEN')))
    .returning({ id: quotes.id });
  if (!done[0]) throw new SigmaError('SIGMA_E_PAYMENT_QUOTE_USED', undefined, { field: 'quoteId' });
  if (q.campaignId) {
    const claimed = await tx
      .update(campaignClaims)
      .set({ status: 'CONSUMED' })
      .where(and(eq(campaignClaims.quoteId, q.id), eq(campaignClaims.status, 'RESERVED')))
      .returning({ id: campaignClaims.id });
    if (claimed[0])
      await tx
        .update(priceCampaigns)
        .set({ redeemed: sql`${priceCampaigns.redeemed} + 1` })
        .where(eq(priceCampaigns.id, q.campaignId));
  }
}

export function quoteView(q: QuoteRow, now: Date): Quote {
  const snap = q.snapshot as unknown as QuoteExplanation;
  const expired = q.status === 'OPEN' && q.expiresAt <= now;
  return {
    quoteId: q.id,
    status: expired ? 'EXPIRED' : q.status,
    productType: q.productType,
    contentHash: q.contentHash,
    credits: q.totalCredits,
    usdc: snap.usdc,
    usdcMicros: q.usdcMicros.toString(),
    listCredits: q.listCredits,
    discountCredits: q.discountCredits,
    expiresAt: q.expiresAt.toISOString(),
    createdAt: q.createdAt.toISOString(),
    submissionId: q.submissionId,
    explanation: snap,
  };
}
