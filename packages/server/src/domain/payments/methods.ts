import { SigmaError } from '@sigma/core';
import type { DbOrTx } from '../../db/client.js';
import { paymentMethods } from '../../db/schema/index.js';
import { audit } from '../audit/log.js';

/** The payment methods operators switch on and off. A method with no row is on. */
export const PAYMENT_METHODS = ['CREDITS', 'CHAIN_TRANSFER', 'X402', 'VOUCHER', 'WALLET', 'OVERRIDE'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

export async function methodStates(db: DbOrTx): Promise<Record<PaymentMethod, boolean>> {
  const rows = await db.select().from(paymentMethods);
  const out = Object.fromEntries(PAYMENT_METHODS.map((m) => [m, true])) as Record<PaymentMethod, boolean>;
  for (const r of rows) if ((PAYMENT_METHODS as readonly string[]).includes(r.method)) out[r.method as PaymentMethod] = r.enabled;
  return out;
}

export async function requireMethod(db: DbOrTx, method: PaymentMethod, field = 'payment.method'): Promise<void> {
  if (!(await methodStates(db))[method])
    throw new SigmaError('SIGMA_E_PAYMENT_METHOD_DISABLED', `Payment method ${method} is switched off on this deployment.`, { field });
}

export async function setMethod(tx: DbOrTx, operatorId: string, method: PaymentMethod, enabled: boolean, now: Date): Promise<void> {
  await tx
    .insert(paymentMethods)
    .values({ method, enabled, updatedAt: now, updatedBy: operatorId })
    .onConflictDoUpdate({ target: paymentMethods.method, set: { enabled, updatedAt: now, updatedBy: operatorId } });
  await audit(tx, {
    actorType: 'operator',
    actorId: operatorId,
    action: enabled ? 'payments.method.enabled' : 'payments.method.disabled',
    targetType: 'payment_method',
    targetId: method,
  });
}
