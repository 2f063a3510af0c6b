import type { Services } from '../../services.js';
import { ensureDefaultCatalogue } from '../pricing/catalogue.js';
import { grantCredits } from './credits.js';

/** The default catalogue (first start only) and the demo developer's starting credits (once, idempotent by key). */
export async function seedPayments(s: Services, demoDeveloperId: string): Promise<void> {
  await ensureDefaultCatalogue(s.db);
  const credits = s.config.payments.seedDevCredits;
  if (credits > 0) {
    await s.db.transaction((tx) =>
      grantCredits(tx, {
        developerId: demoDeveloperId,
        credits,
        idempotencyKey: `seed:demo-credits:${demoDeveloperId}`,
        memo: 'Demo starting credits (booked to promotions)',
      }),
    );
  }
}
