import { zeroAddress, type Address } from 'viem';
import { describe, expect, it } from 'vitest';
import { ROLES, refKey, sbyteAbi, sigmaTreasuryAbi, testUsdcAbi } from '../src/index.js';
import { E18, E6, events, expectRevert, send, useChain, type Ctx } from './helpers.js';

// Treasury starts with 1,000 USDC (plain transfer, as an x402 settlement would) and 500 SBYTE.
const ctx = useChain(async (c) => {
  const { testUsdc, sbyte, treasury } = c.deployment.contracts;
  await send(c, c.admin, { address: testUsdc, abi: testUsdcAbi, functionName: 'mint', args: [treasury, 1000n * E6] });
  await send(c, c.admin, { address: sbyte, abi: sbyteAbi, functionName: 'mint', args: [treasury, 500n * E18] });
  await send(c, c.admin, { address: testUsdc, abi: testUsdcAbi, functionName: 'mint', args: [c.addr[5], 50n * E6] });
});

const T = (c: Ctx): Address => c.deployment.contracts.treasury;
const read = <T>(c: Ctx, functionName: string, args: readonly unknown[] = []) =>
  c.pub.readContract({ address: T(c), abi: sigmaTreasuryAbi, functionName, args } as never) as Promise<T>;
const usdcBal = (c: Ctx, who: Address) =>
  c.pub.readContract({ address: c.deployment.contracts.testUsdc, abi: testUsdcAbi, functionName: 'balanceOf', args: [who] });
const ROUND = refKey('round:5ab000000000000000000001:1');

describe('SigmaTreasury', () => {
  it('supports USDC and SBYTE from deployment; the issuer holds PAYER_ROLE', async () => {
    const c = ctx();
    expect(await read<boolean>(c, 'supportedToken', [c.deployment.contracts.testUsdc])).toBe(true);
    expect(await read<boolean>(c, 'supportedToken', [c.deployment.contracts.sbyte])).toBe(true);
    expect(await read<boolean>(c, 'supportedToken', [c.addr[9]])).toBe(false);
    expect(await read<boolean>(c, 'hasRole', [ROLES.PAYER, c.addr[1]])).toBe(true);
    expect(await read<boolean>(c, 'hasRole', [ROLES.PAYER, c.addr[2]])).toBe(false);
    expect(await read<bigint>(c, 'balanceOf', [c.deployment.contracts.testUsdc])).toBe(1000n * E6);
  });

  it('deposit pulls with allowance and emits Deposited with the reference', async () => {
    const c = ctx();
    const { testUsdc } = c.deployment.contracts;
    await send(c, c.w[5]!, { address: testUsdc, abi: testUsdcAbi, functionName: 'approve', args: [T(c), 20n * E6] });
    const r = await send(c, c.w[5]!, { address: T(c), abi: sigmaTreasuryAbi, functionName: 'deposit', args: [testUsdc, 20n * E6, ROUND] });
    expect(events(r, sigmaTreasuryAbi, 'Deposited')[0]!.args).toEqual({ token: testUsdc, from: c.addr[5], amount: 20n * E6, ref: ROUND });
    expect(await usdcBal(c, T(c))).toBe(1020n * E6);
    expect(await usdcBal(c, c.addr[5]!)).toBe(30n * E6);
  });

  it('deposit rejects unsupported tokens, zero amounts and missing allowance', async () => {
    const c = ctx();
    const { testUsdc } = c.deployment.contracts;
    const dep = (token: Address, amount: bigint) =>
      send(c, c.w[5]!, { address: T(c), abi: sigmaTreasuryAbi, functionName: 'deposit', args: [token, amount, ROUND] });
    await expectRevert(dep(c.addr[9]!, 1n), 'UnsupportedToken', [c.addr[9]]);
    await expectRevert(dep(testUsdc, 0n), 'ZeroAmount');
    await expectRevert(dep(testUsdc, 1n), 'ERC20InsufficientAllowance', [T(c), 0n, 1n]);
  });

  it('pay: PAYER_ROLE pays a recipient, emits Paid with reference and payer', async () => {
    const c = ctx();
    const { testUsdc } = c.deployment.contracts;
    const r = await send(c, c.issuer, { address: T(c), abi: sigmaTreasuryAbi, functionName: 'pay', args: [testUsdc, c.addr[6], 12_345_678n, ROUND] });
    expect(events(r, sigmaTreasuryAbi, 'Paid')[0]!.args).toEqual({ token: testUsdc, to: c.addr[6], amount: 12_345_678n, ref: ROUND, payer: c.addr[1] });
    expect(await usdcBal(c, c.addr[6]!)).toBe(12_345_678n);
    expect(await usdcBal(c, T(c))).toBe(1000n * E6 - 12_345_678n);
  });

  it('pay is refused to everyone without PAYER_ROLE (admin, governance, recipients themselves)', async () => {
    const c = ctx();
    const { testUsdc } = c.deployment.contracts;
    for (const i of [0, 2, 6]) {
      await expectRevert(
        send(c, c.w[i]!, { address: T(c), abi: sigmaTreasuryAbi, functionName: 'pay', args: [testUsdc, c.addr[i], 1n, ROUND] }),
        'AccessControlUnauthorizedAccount',
        [c.addr[i], ROLES.PAYER],
      );
      await expectRevert(
        send(c, c.w[i]!, { address: T(c), abi: sigmaTreasuryAbi, functionName: 'payBatch', args: [testUsdc, [c.addr[i]], [1n], ROUND] }),
        'AccessControlUnauthorizedAccount',
        [c.addr[i], ROLES.PAYER],
      );
    }
    expect(await usdcBal(c, T(c))).toBe(1000n * E6);
  });

  it('pay validates token, recipient, amount and balance', async () => {
    const c = ctx();
    const { testUsdc } = c.deployment.contracts;
    const pay = (token: Address, to: Address, amount: bigint) =>
      send(c, c.issuer, { address: T(c), abi: sigmaTreasuryAbi, functionName: 'pay', args: [token, to, amount, ROUND] });
    await expectRevert(pay(c.addr[9]!, c.addr[6]!, 1n), 'UnsupportedToken', [c.addr[9]]);
    await expectRevert(pay(testUsdc, zeroAddress, 1n), 'ZeroAddress');
    await expectRevert(pay(testUsdc, c.addr[6]!, 0n), 'ZeroAmount');
    await expectRevert(pay(testUsdc, c.addr[6]!, 1000n * E6 + 1n), 'InsufficientTreasuryBalance', [testUsdc, 1000n * E6, 1000n * E6 + 1n]);
  });

  it('payBatch splits a round payout exactly and atomically', async () => {
    const c = ctx();
    const { sbyte } = c.deployment.contracts;
    // 60 % validator share of a 10 SBYTE fee split 3:2:1 by weight → 3, 2, 1 SBYTE.
    const amounts = [3n * E18, 2n * E18, 1n * E18];
    const to = [c.addr[5]!, c.addr[6]!, c.addr[7]!];
    const r = await send(c, c.issuer, { address: T(c), abi: sigmaTreasuryAbi, functionName: 'payBatch', args: [sbyte, to, amounts, ROUND] });
    const paid = events(r, sigmaTreasuryAbi, 'Paid');
    expect(paid.map((p) => [p.args.to, p.args.amount])).toEqual(to.map((a, i) => [a, amounts[i]]));
    for (const [i, a] of to.entries()) {
      expect(await c.pub.readContract({ address: sbyte, abi: sbyteAbi, functionName: 'balanceOf', args: [a] })).toBe(amounts[i]);
    }
    expect(await read<bigint>(c, 'balanceOf', [sbyte])).toBe(494n * E18);
  });

  it('payBatch: length mismatch, over-balance total, a zero entry all revert with nothing paid', async () => {
    const c = ctx();
    const { sbyte } = c.deployment.contracts;
    const batch = (to: Address[], amounts: bigint[]) =>
      send(c, c.issuer, { address: T(c), abi: sigmaTreasuryAbi, functionName: 'payBatch', args: [sbyte, to, amounts, ROUND] });
    await expectRevert(batch([c.addr[5]!, c.addr[6]!], [1n]), 'LengthMismatch', [2n, 1n]);
    await expectRevert(batch([c.addr[5]!, c.addr[6]!], [300n * E18, 201n * E18]), 'InsufficientTreasuryBalance', [sbyte, 500n * E18, 501n * E18]);
    await expectRevert(batch([c.addr[5]!, c.addr[6]!], [1n, 0n]), 'ZeroAmount');
    await expectRevert(batch([c.addr[5]!, zeroAddress], [1n, 1n]), 'ZeroAddress');
    expect(await read<bigint>(c, 'balanceOf', [sbyte])).toBe(500n * E18);
  });

  it('admin toggles supported tokens (event); others cannot', async () => {
    const c = ctx();
    const { testUsdc } = c.deployment.contracts;
    const r = await send(c, c.admin, { address: T(c), abi: sigmaTreasuryAbi, functionName: 'setSupportedToken', args: [testUsdc, false] });
    expect(events(r, sigmaTreasuryAbi, 'TokenSupportSet')[0]!.args).toEqual({ token: testUsdc, supported: false });
    await expectRevert(
      send(c, c.issuer, { address: T(c), abi: sigmaTreasuryAbi, functionName: 'pay', args: [testUsdc, c.addr[6], 1n, ROUND] }),
      'UnsupportedToken',
      [testUsdc],
    );
    await expectRevert(
      send(c, c.issuer, { address: T(c), abi: sigmaTreasuryAbi, functionName: 'setSupportedToken', args: [testUsdc, true] }),
      'AccessControlUnauthorizedAccount',
      [c.addr[1], ROLES.DEFAULT_ADMIN],
    );
    await expectRevert(send(c, c.admin, { address: T(c), abi: sigmaTreasuryAbi, functionName: 'setSupportedToken', args: [zeroAddress, true] }), 'ZeroAddress');
  });
});
