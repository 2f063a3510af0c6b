import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../../test/harness.js';
import type { Database } from '../../db/client.js';
import { balance, developerCredits, LedgerImbalanceError, PLATFORM, post, unbalancedTransactions } from './ledger.js';

let d: { database: Database; drop: () => Promise<void> };
beforeAll(async () => {
  d = await freshDatabase();
});
afterAll(async () => {
  await d.database.close();
  await d.drop();
});

describe('ledger', () => {
  it('derives balances from entries and records a key once', async () => {
    const db = d.database.db;
    const dev = developerCredits('dev-1');
    const p = {
      kind: 'topup',
      idempotencyKey: 'topup:1',
      entries: [
        { account: dev, amount: 500n },
        { account: PLATFORM.external('CREDIT'), amount: -500n },
      ],
    };
    expect((await post(db, p)).created).toBe(true);
    expect((await post(db, p)).created).toBe(false);
    expect(await balance(db, dev)).toBe(500n);
    await post(db, {
      kind: 'spend',
      idempotencyKey: 'spend:1',
      entries: [
        { account: dev, amount: -120n },
        { account: PLATFORM.revenue('CREDIT'), amount: 120n },
      ],
    });
    expect(await balance(db, dev)).toBe(380n);
    expect(await unbalancedTransactions(db)).toEqual([]);
  });

  it('refuses an unbalanced transaction and writes nothing', async () => {
    const db = d.database.db;
    await expect(post(db, { kind: 'bad', idempotencyKey: 'bad:1', entries: [{ account: developerCredits('dev-2'), amount: 10n }] })).rejects.toBeInstanceOf(
      LedgerImbalanceError,
    );
    expect(await balance(db, developerCredits('dev-2'))).toBe(0n);
  });
});
