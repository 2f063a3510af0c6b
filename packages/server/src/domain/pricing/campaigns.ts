/** Operator changes to pricing campaigns (first-N or time window), changed in place so their counters persist. */
import { and, eq } from 'drizzle-orm';
import { newId24, SigmaError } from '@sigma/core';
import type { DbOrTx } from '../../db/client.js';
import { priceCampaigns } from '../../db/schema/index.js';
import { audit } from '../audit/log.js';
import type { Actor } from './catalogue.js';

export interface CampaignInput {
  name: string;
  kind: 'FIRST_N' | 'WINDOW';
  productType?: string | null;
  discountBps: number;
  maxRedemptions?: number | null;
  perDeveloperLimit?: number | null;
  startsAt?: Date | null;
  endsAt?: Date | null;
}
function checkCampaign(c: CampaignInput): void {
  if (c.kind === 'FIRST_N' && !c.maxRedemptions)
    throw new SigmaError('SIGMA_E_REQUEST_INVALID', 'A FIRST_N campaign needs maxRedemptions.', { field: 'maxRedemptions' });
  if (c.kind === 'WINDOW' && !c.endsAt) throw new SigmaError('SIGMA_E_REQUEST_INVALID', 'A WINDOW campaign needs endsAt.', { field: 'endsAt' });
  if (c.startsAt && c.endsAt && c.endsAt <= c.startsAt) throw new SigmaError('SIGMA_E_REQUEST_INVALID', 'endsAt must be after startsAt.', { field: 'endsAt' });
}

export async function createCampaign(tx: DbOrTx, actor: Actor, input: CampaignInput) {
  checkCampaign(input);
  const id = newId24();
  await tx.insert(priceCampaigns).values({ id, ...input, productType: input.productType ?? null });
  await audit(tx, {
    actorType: 'operator',
    actorId: actor.operatorId,
    action: 'pricing.campaign.created',
    targetType: 'price_campaign',
    targetId: id,
    data: { ...input },
  });
  return id;
}

export async function changeCampaign(tx: DbOrTx, actor: Actor, id: string, input: Partial<CampaignInput>) {
  const old = (
    await tx
      .select()
      .from(priceCampaigns)
      .where(and(eq(priceCampaigns.id, id), eq(priceCampaigns.status, 'ACTIVE')))
      .for('update')
  )[0];
  if (!old) throw new SigmaError('SIGMA_E_PRICING_NOT_FOUND', `No active campaign ${id}.`, { field: 'id' });
  const next: CampaignInput = {
    name: input.name ?? old.name,
    kind: (input.kind ?? old.kind) as CampaignInput['kind'],
    productType: input.productType === undefined ? old.productType : input.productType,
    discountBps: input.discountBps ?? old.discountBps,
    maxRedemptions: input.maxRedemptions === undefined ? old.maxRedemptions : input.maxRedemptions,
    perDeveloperLimit: input.perDeveloperLimit === undefined ? old.perDeveloperLimit : input.perDeveloperLimit,
    startsAt: input.startsAt === undefined ? old.startsAt : input.startsAt,
    endsAt: input.endsAt === undefined ? old.endsAt : input.endsAt,
  };
  checkCampaign(next);
  await tx.update(priceCampaigns).set(next).where(eq(priceCampaigns.id, id));
  await audit(tx, {
    actorType: 'operator',
    actorId: actor.operatorId,
    action: 'pricing.campaign.changed',
    targetType: 'price_campaign',
    targetId: id,
    data: { ...input },
  });
}

export async function retireCampaign(tx: DbOrTx, actor: Actor, id: string, now: Date) {
  const rows = await tx
    .update(priceCampaigns)
    .set({ status: 'RETIRED', retiredAt: now })
    .where(and(eq(priceCampaigns.id, id), eq(priceCampaigns.status, 'ACTIVE')))
    .returning({ id: priceCampaigns.id });
  if (!rows[0]) throw new SigmaError('SIGMA_E_PRICING_NOT_FOUND', `No active campaign ${id}.`, { field: 'id' });
  await audit(tx, { actorType: 'operator', actorId: actor.operatorId, action: 'pricing.campaign.retired', targetType: 'price_campaign', targetId: id });
}
