import { zeroAddress, type Address } from 'viem';
import { describe, expect, it } from 'vitest';
import { ROLES, auditorRegistryAbi, sbyteAbi } from '../src/index.js';
import { COOLDOWN, E18, events, expectRevert, now, send, useChain, type Ctx } from './helpers.js';

// Owners: accounts 5 and 6 (1,000 SBYTE each, registry approved). Session keys: accounts 8 and 9.
const ctx = useChain(async (c) => {
  for (const i of [5, 6]) {
    await send(c, c.admin, { address: c.deployment.contracts.sbyte, abi: sbyteAbi, functionName: 'mint', args: [c.addr[i], 1000n * E18] });
    await send(c, c.w[i]!, {
      address: c.deployment.contracts.sbyte,
      abi: sbyteAbi,
      functionName: 'approve',
      args: [c.deployment.contracts.auditorRegistry, 10n ** 30n],
    });
  }
});

const R = (c: Ctx): Address => c.deployment.contracts.auditorRegistry;
const call = (c: Ctx, i: number, functionName: string, args: readonly unknown[] = []) =>
  send(c, c.w[i]!, { address: R(c), abi: auditorRegistryAbi, functionName, args });
const read = <T>(c: Ctx, functionName: string, args: readonly unknown[] = []) =>
  c.pub.readContract({ address: R(c), abi: auditorRegistryAbi, functionName, args } as never) as Promise<T>;
const sbyteBal = (c: Ctx, who: Address) => c.pub.readContract({ address: c.deployment.contracts.sbyte, abi: sbyteAbi, functionName: 'balanceOf', args: [who] });

interface V {
  owner: Address;
  sessionKey: Address;
  stake: bigint;
  pendingUnstake: bigint;
  unlockAt: bigint;
  registeredAt: bigint;
  slashedTotal: bigint;
}
const validator = (c: Ctx, id: bigint) => read<V>(c, 'getValidator', [id]);

/** Register owner 5 (session key 8) and stake `amount`; returns its id (1). */
async function registerAndStake(c: Ctx, amount: bigint, owner = 5, sessionKey = 8): Promise<bigint> {
  await call(c, owner, 'register', [c.addr[sessionKey]]);
  const id = await read<bigint>(c, 'validatorIdOf', [c.addr[owner]]);
  if (amount > 0n) await call(c, owner, 'stake', [amount]);
  return id;
}

describe('AuditorRegistry registration', () => {
  it('deploys with SBYTE, treasury, cooldown and the governance role', async () => {
    const c = ctx();
    expect(await read<Address>(c, 'sbyte')).toBe(c.deployment.contracts.sbyte);
    expect(await read<Address>(c, 'treasury')).toBe(c.deployment.contracts.treasury);
    expect(await read<bigint>(c, 'unstakeCooldown')).toBe(BigInt(COOLDOWN));
    expect(await read<boolean>(c, 'hasRole', [ROLES.GOVERNANCE, c.addr[2]])).toBe(true);
    expect(await read<boolean>(c, 'hasRole', [ROLES.GOVERNANCE, c.addr[1]])).toBe(false);
  });

  it('registers an owner with a session key (ids from 1), emits ValidatorRegistered', async () => {
    const c = ctx();
    const r = await call(c, 5, 'register', [c.addr[8]]);
    expect(events(r, auditorRegistryAbi, 'ValidatorRegistered')[0]!.args).toEqual({ validatorId: 1n, owner: c.addr[5], sessionKey: c.addr[8] });
    await call(c, 6, 'register', [c.addr[9]]);
    expect(await read<bigint>(c, 'validatorIdOf', [c.addr[6]])).toBe(2n);
    expect(await read<bigint>(c, 'validatorIdBySessionKey', [c.addr[8]])).toBe(1n);
    expect(await read<bigint>(c, 'validatorCount')).toBe(2n);
    const v = await validator(c, 1n);
    expect([v.owner, v.sessionKey, v.stake, v.pendingUnstake, v.registeredAt]).toEqual([c.addr[5], c.addr[8], 0n, 0n, (await now(c)) - 1n]);
  });

  it('one validator per owner, one validator per session key, no zero key', async () => {
    const c = ctx();
    await call(c, 5, 'register', [c.addr[8]]);
    await expectRevert(call(c, 5, 'register', [c.addr[9]]), 'AlreadyRegistered', [c.addr[5], 1n]);
    await expectRevert(call(c, 6, 'register', [c.addr[8]]), 'SessionKeyInUse', [c.addr[8], 1n]);
    await expectRevert(call(c, 6, 'register', [zeroAddress]), 'ZeroAddress');
  });

  it('rotates the session key; the old key is released; only a registered owner can', async () => {
    const c = ctx();
    await call(c, 5, 'register', [c.addr[8]]);
    await call(c, 6, 'register', [c.addr[9]]);
    await expectRevert(call(c, 5, 'setSessionKey', [c.addr[9]]), 'SessionKeyInUse', [c.addr[9], 2n]);
    await expectRevert(call(c, 5, 'setSessionKey', [zeroAddress]), 'ZeroAddress');
    await expectRevert(call(c, 7, 'setSessionKey', [c.addr[7]]), 'NotRegistered', [c.addr[7]]);
    const r = await call(c, 5, 'setSessionKey', [c.addr[7]]);
    expect(events(r, auditorRegistryAbi, 'SessionKeyChanged')[0]!.args).toEqual({ validatorId: 1n, oldSessionKey: c.addr[8], newSessionKey: c.addr[7] });
    expect(await read<bigint>(c, 'validatorIdBySessionKey', [c.addr[8]])).toBe(0n);
    expect(await read<bigint>(c, 'validatorIdBySessionKey', [c.addr[7]])).toBe(1n);
    expect((await validator(c, 1n)).sessionKey).toBe(c.addr[7]);
    await call(c, 6, 'setSessionKey', [c.addr[8]]); // released key is reusable
  });
});

describe('AuditorRegistry stake and unstake', () => {
  it('stakes SBYTE into the registry (Staked event, totals)', async () => {
    const c = ctx();
    await call(c, 5, 'register', [c.addr[8]]);
    const r = await call(c, 5, 'stake', [100n * E18]);
    expect(events(r, auditorRegistryAbi, 'Staked')[0]!.args).toEqual({ validatorId: 1n, amount: 100n * E18, newStake: 100n * E18 });
    await call(c, 5, 'stake', [50n * E18]);
    expect((await validator(c, 1n)).stake).toBe(150n * E18);
    expect(await read<bigint>(c, 'totalStaked')).toBe(150n * E18);
    expect(await sbyteBal(c, R(c))).toBe(150n * E18);
    expect(await sbyteBal(c, c.addr[5]!)).toBe(850n * E18);
  });

  it('stake checks: registered owner, non-zero, allowance and balance', async () => {
    const c = ctx();
    await expectRevert(call(c, 7, 'stake', [1n]), 'NotRegistered', [c.addr[7]]);
    await call(c, 5, 'register', [c.addr[8]]);
    await expectRevert(call(c, 5, 'stake', [0n]), 'ZeroAmount');
    await expectRevert(call(c, 5, 'stake', [1001n * E18]), 'ERC20InsufficientBalance', [c.addr[5], 1000n * E18, 1001n * E18]);
    // A session key cannot stake on the owner's behalf.
    await expectRevert(call(c, 8, 'stake', [1n]), 'NotRegistered', [c.addr[8]]);
  });

  it('requestUnstake moves stake to pending with unlockAt = now + cooldown; checks amount', async () => {
    const c = ctx();
    const id = await registerAndStake(c, 100n * E18);
    await expectRevert(call(c, 5, 'requestUnstake', [0n]), 'ZeroAmount');
    await expectRevert(call(c, 5, 'requestUnstake', [101n * E18]), 'InsufficientStake', [100n * E18, 101n * E18]);
    const r = await call(c, 5, 'requestUnstake', [40n * E18]);
    const t = await now(c);
    expect(events(r, auditorRegistryAbi, 'UnstakeRequested')[0]!.args).toEqual({
      validatorId: id,
      amount: 40n * E18,
      pendingUnstake: 40n * E18,
      unlockAt: t + BigInt(COOLDOWN),
    });
    const v = await validator(c, id);
    expect([v.stake, v.pendingUnstake, v.unlockAt]).toEqual([60n * E18, 40n * E18, t + BigInt(COOLDOWN)]);
    expect(await read<bigint>(c, 'totalStaked')).toBe(100n * E18); // pending stays staked (and slashable)
  });

  it('withdraw waits for the cooldown (evm_increaseTime + evm_mine), then pays the owner', async () => {
    const c = ctx();
    const id = await registerAndStake(c, 100n * E18);
    await call(c, 5, 'requestUnstake', [40n * E18]);
    const { unlockAt } = await validator(c, id);
    await expectRevert(call(c, 5, 'withdraw'), 'CooldownActive');
    // Almost a full cooldown later: still locked.
    await c.test.increaseTime({ seconds: COOLDOWN - 10 });
    await c.test.mine({ blocks: 1 });
    await expectRevert(call(c, 5, 'withdraw'), 'CooldownActive');
    expect(await now(c)).toBeLessThan(unlockAt);
    await c.test.increaseTime({ seconds: 10 });
    await c.test.mine({ blocks: 1 });
    const r = await call(c, 5, 'withdraw');
    expect(events(r, auditorRegistryAbi, 'Withdrawn')[0]!.args).toEqual({ validatorId: id, owner: c.addr[5], amount: 40n * E18 });
    expect(await sbyteBal(c, c.addr[5]!)).toBe(940n * E18);
    const v = await validator(c, id);
    expect([v.stake, v.pendingUnstake, v.unlockAt]).toEqual([60n * E18, 0n, 0n]);
    expect(await read<bigint>(c, 'totalStaked')).toBe(60n * E18);
    await expectRevert(call(c, 5, 'withdraw'), 'NothingToWithdraw', [id]);
  });

  it('withdraw is exact at the boundary: locked at unlockAt-1, open at unlockAt', async () => {
    const c = ctx();
    const id = await registerAndStake(c, 10n * E18);
    await call(c, 5, 'requestUnstake', [10n * E18]);
    const { unlockAt } = await validator(c, id);
    await c.test.setNextBlockTimestamp({ timestamp: unlockAt - 1n });
    await expectRevert(call(c, 5, 'withdraw'), 'CooldownActive', [unlockAt, unlockAt - 1n]);
    await c.test.setNextBlockTimestamp({ timestamp: unlockAt });
    await call(c, 5, 'withdraw');
  });

  it('a second request adds to pending and restarts the cooldown', async () => {
    const c = ctx();
    const id = await registerAndStake(c, 100n * E18);
    await call(c, 5, 'requestUnstake', [10n * E18]);
    await c.test.increaseTime({ seconds: COOLDOWN - 60 });
    await c.test.mine({ blocks: 1 });
    await call(c, 5, 'requestUnstake', [5n * E18]);
    const v = await validator(c, id);
    expect(v.pendingUnstake).toBe(15n * E18);
    expect(v.unlockAt).toBe((await now(c)) + BigInt(COOLDOWN));
    await c.test.increaseTime({ seconds: 120 });
    await c.test.mine({ blocks: 1 });
    await expectRevert(call(c, 5, 'withdraw'), 'CooldownActive'); // first request's unlock time no longer applies
  });

  it('only the owner moves its stake: others (session key, other owners, governance) are NotRegistered', async () => {
    const c = ctx();
    await registerAndStake(c, 10n * E18);
    for (const i of [8, 2, 7]) {
      await expectRevert(call(c, i, 'requestUnstake', [1n]), 'NotRegistered', [c.addr[i]]);
      await expectRevert(call(c, i, 'withdraw'), 'NotRegistered', [c.addr[i]]);
    }
  });
});

describe('AuditorRegistry slashing (governance)', () => {
  it('slashes from stake first, then from pending; funds go to the treasury; Slashed event', async () => {
    const c = ctx();
    const id = await registerAndStake(c, 100n * E18);
    await call(c, 5, 'requestUnstake', [30n * E18]); // stake 70, pending 30
    const r = await call(c, 2, 'slash', [id, 80n * E18, 'misaligned verdict on canary']);
    expect(events(r, auditorRegistryAbi, 'Slashed')[0]!.args).toEqual({
      validatorId: id,
      amount: 80n * E18,
      fromStake: 70n * E18,
      fromPending: 10n * E18,
      by: c.addr[2],
      reason: 'misaligned verdict on canary',
    });
    const v = await validator(c, id);
    expect([v.stake, v.pendingUnstake, v.slashedTotal]).toEqual([0n, 20n * E18, 80n * E18]);
    expect(await sbyteBal(c, c.deployment.contracts.treasury)).toBe(80n * E18);
    expect(await sbyteBal(c, R(c))).toBe(20n * E18);
    expect(await read<bigint>(c, 'totalStaked')).toBe(20n * E18);
  });

  it('a pending unstake cannot escape a slash; slashing it all clears unlockAt', async () => {
    const c = ctx();
    const id = await registerAndStake(c, 50n * E18);
    await call(c, 5, 'requestUnstake', [50n * E18]);
    await call(c, 2, 'slash', [id, 50n * E18, 'sanction']);
    const v = await validator(c, id);
    expect([v.stake, v.pendingUnstake, v.unlockAt, v.slashedTotal]).toEqual([0n, 0n, 0n, 50n * E18]);
    await c.test.increaseTime({ seconds: COOLDOWN + 1 });
    await c.test.mine({ blocks: 1 });
    await expectRevert(call(c, 5, 'withdraw'), 'NothingToWithdraw', [id]);
  });

  it('slashBasisPoints takes floor((stake + pending) * bps / 10000)', async () => {
    const c = ctx();
    const id = await registerAndStake(c, 333n);
    await call(c, 5, 'requestUnstake', [33n]); // 300 + 33 = 333 units
    const r = await call(c, 2, 'slashBasisPoints', [id, 1500n, '15 %']); // 333 * 0.15 = 49.95 → 49
    const ev = events(r, auditorRegistryAbi, 'Slashed')[0]!.args;
    expect([ev.amount, ev.fromStake, ev.fromPending]).toEqual([49n, 49n, 0n]);
    await call(c, 2, 'slashBasisPoints', [id, 10_000n, 'all']); // the remaining 284
    const v = await validator(c, id);
    expect([v.stake, v.pendingUnstake, v.slashedTotal]).toEqual([0n, 0n, 333n]);
    expect(await sbyteBal(c, c.deployment.contracts.treasury)).toBe(333n);
  });

  it('slash checks: role, unknown validator, zero, empty reason, more than available, bad bps', async () => {
    const c = ctx();
    const id = await registerAndStake(c, 10n * E18);
    for (const i of [0, 1, 5]) {
      await expectRevert(call(c, i, 'slash', [id, 1n, 'x']), 'AccessControlUnauthorizedAccount', [c.addr[i], ROLES.GOVERNANCE]);
      await expectRevert(call(c, i, 'slashBasisPoints', [id, 1n, 'x']), 'AccessControlUnauthorizedAccount', [c.addr[i], ROLES.GOVERNANCE]);
    }
    await expectRevert(call(c, 2, 'slash', [99n, 1n, 'x']), 'UnknownValidator', [99n]);
    await expectRevert(call(c, 2, 'slash', [id, 0n, 'x']), 'ZeroAmount');
    await expectRevert(call(c, 2, 'slash', [id, 1n, '']), 'EmptyReason');
    await expectRevert(call(c, 2, 'slash', [id, 10n * E18 + 1n, 'x']), 'SlashExceedsStake', [id, 10n * E18 + 1n, 10n * E18]);
    await expectRevert(call(c, 2, 'slashBasisPoints', [id, 0n, 'x']), 'InvalidBasisPoints', [0n]);
    await expectRevert(call(c, 2, 'slashBasisPoints', [id, 10_001n, 'x']), 'InvalidBasisPoints', [10_001n]);
    await expectRevert(call(c, 2, 'slashBasisPoints', [99n, 100n, 'x']), 'UnknownValidator', [99n]);
    // bps of a validator with no stake rounds to 0 → ZeroAmount
    await call(c, 6, 'register', [c.addr[9]]);
    await expectRevert(call(c, 2, 'slashBasisPoints', [2n, 100n, 'x']), 'ZeroAmount');
    expect((await validator(c, id)).stake).toBe(10n * E18);
  });

  it('governance sets the cooldown (bounded); admin sets the treasury; both emit events', async () => {
    const c = ctx();
    const r = await call(c, 2, 'setUnstakeCooldown', [3600n]);
    expect(events(r, auditorRegistryAbi, 'UnstakeCooldownChanged')[0]!.args).toEqual({ oldCooldown: BigInt(COOLDOWN), newCooldown: 3600n });
    await expectRevert(call(c, 2, 'setUnstakeCooldown', [90n * 86400n + 1n]), 'CooldownTooLong', [90n * 86400n + 1n, 90n * 86400n]);
    await expectRevert(call(c, 0, 'setUnstakeCooldown', [1n]), 'AccessControlUnauthorizedAccount', [c.addr[0], ROLES.GOVERNANCE]);

    await expectRevert(call(c, 2, 'setTreasury', [c.addr[7]]), 'AccessControlUnauthorizedAccount', [c.addr[2], ROLES.DEFAULT_ADMIN]);
    await expectRevert(call(c, 0, 'setTreasury', [zeroAddress]), 'ZeroAddress');
    const r2 = await call(c, 0, 'setTreasury', [c.addr[7]]);
    expect(events(r2, auditorRegistryAbi, 'TreasuryChanged')[0]!.args).toEqual({ oldTreasury: c.deployment.contracts.treasury, newTreasury: c.addr[7] });
    const id = await registerAndStake(c, 5n);
    await call(c, 2, 'slash', [id, 5n, 'x']);
    expect(await sbyteBal(c, c.addr[7]!)).toBe(5n);
    // New cooldown applies to new requests.
    await registerAndStake(c, 5n, 6, 9);
    await call(c, 6, 'requestUnstake', [5n]);
    expect((await validator(c, 2n)).unlockAt).toBe((await now(c)) + 3600n);
  });
});
