import { domainSeparator, keccak256, maxUint256, parseSignature, toHex, type Address, type Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { describe, expect, it } from 'vitest';
import { LOCAL_CHAIN_ID, ROLES, localDevKey, sbyteAbi, testUsdcAbi } from '../src/index.js';
import { E18, E6, events, expectRevert, now, send, useChain, type Ctx } from './helpers.js';

const ctx = useChain(async (c) => {
  // Payer (account 3) holds 100 USDC.
  await send(c, c.admin, { address: c.deployment.contracts.testUsdc, abi: testUsdcAbi, functionName: 'mint', args: [c.addr[3], 100n * E6] });
});

const usdc = (c: Ctx): Address => c.deployment.contracts.testUsdc;
const sbyte = (c: Ctx): Address => c.deployment.contracts.sbyte;
const readUsdc = <T>(c: Ctx, functionName: string, args: readonly unknown[] = []) =>
  c.pub.readContract({ address: usdc(c), abi: testUsdcAbi, functionName, args } as never) as Promise<T>;
const readSbyte = <T>(c: Ctx, functionName: string, args: readonly unknown[] = []) =>
  c.pub.readContract({ address: sbyte(c), abi: sbyteAbi, functionName, args } as never) as Promise<T>;

const TRANSFER_TYPES = {
  TransferWithAuthorization: [
    { name: 'from', type: 'address' },
    { name: 'to', type: 'address' },
    { name: 'value', type: 'uint256' },
    { name: 'validAfter', type: 'uint256' },
    { name: 'validBefore', type: 'uint256' },
    { name: 'nonce', type: 'bytes32' },
  ],
} as const;
const RECEIVE_TYPES = { ReceiveWithAuthorization: TRANSFER_TYPES.TransferWithAuthorization } as const;

interface Auth {
  from: Address;
  to: Address;
  value: bigint;
  validAfter: bigint;
  validBefore: bigint;
  nonce: Hex;
}

const payer = privateKeyToAccount(localDevKey(3));
const stranger = privateKeyToAccount(localDevKey(4));

async function sign(
  c: Ctx,
  auth: Auth,
  opts: {
    signer?: typeof payer;
    primaryType?: 'TransferWithAuthorization' | 'ReceiveWithAuthorization';
    name?: string;
    version?: string;
    chainId?: number;
  } = {},
): Promise<Hex> {
  const signer = opts.signer ?? payer;
  const domain = {
    name: opts.name ?? 'USD Coin',
    version: opts.version ?? '2',
    chainId: opts.chainId ?? LOCAL_CHAIN_ID,
    verifyingContract: usdc(c),
  };
  if ((opts.primaryType ?? 'TransferWithAuthorization') === 'ReceiveWithAuthorization') {
    return signer.signTypedData({ domain, types: RECEIVE_TYPES, primaryType: 'ReceiveWithAuthorization', message: auth });
  }
  return signer.signTypedData({ domain, types: TRANSFER_TYPES, primaryType: 'TransferWithAuthorization', message: auth });
}

async function auth(c: Ctx, over: Partial<Auth> = {}): Promise<Auth> {
  const t = await now(c);
  return {
    from: payer.address,
    to: c.addr[5]!,
    value: 10n * E6,
    validAfter: t - 60n,
    validBefore: t + 3600n,
    nonce: keccak256(toHex(`nonce-${Math.random()}`)),
    ...over,
  };
}

const args = (a: Auth) => [a.from, a.to, a.value, a.validAfter, a.validBefore, a.nonce] as const;
function vrs(sig: Hex): readonly [number, Hex, Hex] {
  const s = parseSignature(sig);
  return [Number(s.v ?? BigInt(27 + (s.yParity ?? 0))), s.r, s.s];
}

/** Submit with the (v, r, s) overload from `relayer` (default account 7: anyone may relay). */
const submitVrs = (c: Ctx, a: Auth, sig: Hex, relayer = c.w[7]!) =>
  send(c, relayer, { address: usdc(c), abi: testUsdcAbi, functionName: 'transferWithAuthorization', args: [...args(a), ...vrs(sig)] });
/** Submit with the bytes-signature overload. */
const submitBytes = (c: Ctx, a: Auth, sig: Hex, relayer = c.w[7]!) =>
  send(c, relayer, { address: usdc(c), abi: testUsdcAbi, functionName: 'transferWithAuthorization', args: [...args(a), sig] });

describe('SBYTE', () => {
  it('is an 18-decimal ERC-20 named Soulbyte/SBYTE with a role-gated mint', async () => {
    const c = ctx();
    expect(await readSbyte<string>(c, 'name')).toBe('Soulbyte');
    expect(await readSbyte<string>(c, 'symbol')).toBe('SBYTE');
    expect(await readSbyte<number>(c, 'decimals')).toBe(18);
    expect(await readSbyte<boolean>(c, 'hasRole', [ROLES.MINTER, c.addr[0]])).toBe(true);
    const r = await send(c, c.admin, { address: sbyte(c), abi: sbyteAbi, functionName: 'mint', args: [c.addr[5], 3n * E18] });
    expect(events(r, sbyteAbi, 'Transfer')[0]!.args).toEqual({
      from: '0x0000000000000000000000000000000000000000',
      to: c.addr[5],
      value: 3n * E18,
    });
    expect(await readSbyte<bigint>(c, 'balanceOf', [c.addr[5]])).toBe(3n * E18);
    expect(await readSbyte<bigint>(c, 'totalSupply')).toBe(3n * E18);
  });

  it('refuses mint from non-minters (issuer, governance, users)', async () => {
    const c = ctx();
    for (const i of [1, 2, 5]) {
      await expectRevert(
        send(c, c.w[i]!, { address: sbyte(c), abi: sbyteAbi, functionName: 'mint', args: [c.addr[i], 1n] }),
        'AccessControlUnauthorizedAccount',
        [c.addr[i], ROLES.MINTER],
      );
    }
  });

  it('transfers, approvals and their standard errors', async () => {
    const c = ctx();
    await send(c, c.admin, { address: sbyte(c), abi: sbyteAbi, functionName: 'mint', args: [c.addr[5], 10n] });
    await expectRevert(send(c, c.w[5]!, { address: sbyte(c), abi: sbyteAbi, functionName: 'transfer', args: [c.addr[6], 11n] }), 'ERC20InsufficientBalance', [
      c.addr[5],
      10n,
      11n,
    ]);
    await expectRevert(
      send(c, c.w[6]!, { address: sbyte(c), abi: sbyteAbi, functionName: 'transferFrom', args: [c.addr[5], c.addr[6], 1n] }),
      'ERC20InsufficientAllowance',
      [c.addr[6], 0n, 1n],
    );
    await send(c, c.w[5]!, { address: sbyte(c), abi: sbyteAbi, functionName: 'approve', args: [c.addr[6], 4n] });
    await send(c, c.w[6]!, { address: sbyte(c), abi: sbyteAbi, functionName: 'transferFrom', args: [c.addr[5], c.addr[6], 4n] });
    expect(await readSbyte<bigint>(c, 'balanceOf', [c.addr[6]])).toBe(4n);
    expect(await readSbyte<bigint>(c, 'allowance', [c.addr[5], c.addr[6]])).toBe(0n);
  });
});

describe('TestUSDC metadata', () => {
  it('looks like USDC v2 to x402: name, symbol, 6 decimals, version "2", EIP-712 domain', async () => {
    const c = ctx();
    expect(await readUsdc<string>(c, 'name')).toBe('USD Coin');
    expect(await readUsdc<string>(c, 'symbol')).toBe('USDC');
    expect(await readUsdc<number>(c, 'decimals')).toBe(6);
    expect(await readUsdc<string>(c, 'version')).toBe('2');
    const expected = domainSeparator({ domain: { name: 'USD Coin', version: '2', chainId: LOCAL_CHAIN_ID, verifyingContract: usdc(c) } });
    expect(await readUsdc<Hex>(c, 'DOMAIN_SEPARATOR')).toBe(expected);
    const d = await readUsdc<readonly [Hex, string, string, bigint, Address]>(c, 'eip712Domain');
    expect([d[1], d[2], d[3], d[4]]).toEqual(['USD Coin', '2', BigInt(LOCAL_CHAIN_ID), usdc(c)]);
    expect(await readUsdc<Hex>(c, 'TRANSFER_WITH_AUTHORIZATION_TYPEHASH')).toBe(
      keccak256(toHex('TransferWithAuthorization(address from,address to,uint256 value,uint256 validAfter,uint256 validBefore,bytes32 nonce)')),
    );
  });

  it('mint is MINTER_ROLE only', async () => {
    const c = ctx();
    await expectRevert(
      send(c, c.w[3]!, { address: usdc(c), abi: testUsdcAbi, functionName: 'mint', args: [c.addr[3], 1n] }),
      'AccessControlUnauthorizedAccount',
      [c.addr[3], ROLES.MINTER],
    );
    await send(c, c.admin, { address: usdc(c), abi: testUsdcAbi, functionName: 'grantRole', args: [ROLES.MINTER, c.addr[8]] });
    await send(c, c.w[8]!, { address: usdc(c), abi: testUsdcAbi, functionName: 'mint', args: [c.addr[8], 5n] });
    expect(await readUsdc<bigint>(c, 'balanceOf', [c.addr[8]])).toBe(5n);
  });
});

describe('TestUSDC EIP-3009 transferWithAuthorization', () => {
  it('(v, r, s) overload: a relayer moves funds gaslessly for the payer; nonce marked used; events', async () => {
    const c = ctx();
    const a = await auth(c);
    expect(await readUsdc<boolean>(c, 'authorizationState', [a.from, a.nonce])).toBe(false);
    const r = await submitVrs(c, a, await sign(c, a));
    expect(events(r, testUsdcAbi, 'AuthorizationUsed')[0]!.args).toEqual({ authorizer: a.from, nonce: a.nonce });
    expect(events(r, testUsdcAbi, 'Transfer')[0]!.args).toEqual({ from: a.from, to: a.to, value: a.value });
    expect(await readUsdc<bigint>(c, 'balanceOf', [a.from])).toBe(90n * E6);
    expect(await readUsdc<bigint>(c, 'balanceOf', [a.to])).toBe(10n * E6);
    expect(await readUsdc<bigint>(c, 'balanceOf', [c.addr[7]])).toBe(0n); // the relayer gains nothing
    expect(await readUsdc<boolean>(c, 'authorizationState', [a.from, a.nonce])).toBe(true);
  });

  it('bytes-signature overload works the same way', async () => {
    const c = ctx();
    const a = await auth(c, { value: 1n });
    await submitBytes(c, a, await sign(c, a));
    expect(await readUsdc<bigint>(c, 'balanceOf', [a.to])).toBe(1n);
    expect(await readUsdc<boolean>(c, 'authorizationState', [a.from, a.nonce])).toBe(true);
  });

  it('replay: the same authorization cannot be used twice, through either overload', async () => {
    const c = ctx();
    const a = await auth(c);
    const sig = await sign(c, a);
    await submitVrs(c, a, sig);
    await expectRevert(submitVrs(c, a, sig), 'AuthorizationAlreadyUsed', [a.from, a.nonce]);
    await expectRevert(submitBytes(c, a, sig), 'AuthorizationAlreadyUsed', [a.from, a.nonce]);
    // Re-signing the same nonce for another amount is a replay too.
    const b = { ...a, value: 1n };
    await expectRevert(submitBytes(c, b, await sign(c, b)), 'AuthorizationAlreadyUsed', [a.from, a.nonce]);
    expect(await readUsdc<bigint>(c, 'balanceOf', [a.to])).toBe(10n * E6);
  });

  it('expiry: rejected at and after validBefore, accepted one second before', async () => {
    const c = ctx();
    const t = await now(c);
    const a = await auth(c, { validAfter: 0n, validBefore: t + 100n });
    const sig = await sign(c, a);
    await c.test.setNextBlockTimestamp({ timestamp: t + 100n });
    await expectRevert(submitVrs(c, a, sig), 'AuthorizationExpired');
    await c.test.setNextBlockTimestamp({ timestamp: t + 200n });
    await expectRevert(submitBytes(c, a, sig), 'AuthorizationExpired');
    // A fresh authorization valid until now+100: mined at now+99 → accepted.
    const t2 = await now(c);
    const b = await auth(c, { validAfter: 0n, validBefore: t2 + 100n });
    await c.test.setNextBlockTimestamp({ timestamp: t2 + 99n });
    await submitVrs(c, b, await sign(c, b));
    expect(await readUsdc<boolean>(c, 'authorizationState', [b.from, b.nonce])).toBe(true);
  });

  it('not yet valid: rejected at and before validAfter, accepted once strictly after', async () => {
    const c = ctx();
    const t = await now(c);
    const a = await auth(c, { validAfter: t + 50n, validBefore: t + 3600n });
    const sig = await sign(c, a);
    await expectRevert(submitVrs(c, a, sig), 'AuthorizationNotYetValid');
    await c.test.setNextBlockTimestamp({ timestamp: t + 50n });
    await expectRevert(submitVrs(c, a, sig), 'AuthorizationNotYetValid');
    expect(await readUsdc<boolean>(c, 'authorizationState', [a.from, a.nonce])).toBe(false);
    await c.test.setNextBlockTimestamp({ timestamp: t + 51n });
    await submitVrs(c, a, sig);
    expect(await readUsdc<bigint>(c, 'balanceOf', [a.to])).toBe(10n * E6);
  });

  it('wrong signer, tampered fields, wrong domain and wrong chain are InvalidSignature', async () => {
    const c = ctx();
    const a = await auth(c);
    // Signed by someone other than `from`.
    await expectRevert(submitVrs(c, a, await sign(c, a, { signer: stranger })), 'InvalidSignature');
    await expectRevert(submitBytes(c, a, await sign(c, a, { signer: stranger })), 'InvalidSignature');
    const good = await sign(c, a);
    // Tampered value / recipient after signing.
    await expectRevert(submitVrs(c, { ...a, value: a.value + 1n }, good), 'InvalidSignature');
    await expectRevert(submitVrs(c, { ...a, to: c.addr[6]! }, good), 'InvalidSignature');
    // Domain must be exactly ("USD Coin", "2", 31337, this token).
    await expectRevert(submitVrs(c, a, await sign(c, a, { version: '1' })), 'InvalidSignature');
    await expectRevert(submitVrs(c, a, await sign(c, a, { name: 'USDC' })), 'InvalidSignature');
    await expectRevert(submitVrs(c, a, await sign(c, a, { chainId: 143 })), 'InvalidSignature');
    // A ReceiveWithAuthorization signature is not a TransferWithAuthorization signature.
    await expectRevert(submitVrs(c, a, await sign(c, a, { primaryType: 'ReceiveWithAuthorization' })), 'InvalidSignature');
    // Garbage bytes.
    await expectRevert(submitBytes(c, a, `0x${'11'.repeat(65)}`), 'InvalidSignature');
    // The payer's funds and nonce are untouched by all of the above.
    expect(await readUsdc<bigint>(c, 'balanceOf', [a.from])).toBe(100n * E6);
    expect(await readUsdc<boolean>(c, 'authorizationState', [a.from, a.nonce])).toBe(false);
    await submitVrs(c, a, good);
  });

  it('an authorization over the balance reverts without consuming the nonce', async () => {
    const c = ctx();
    const a = await auth(c, { value: 101n * E6 });
    await expectRevert(submitVrs(c, a, await sign(c, a)), 'ERC20InsufficientBalance', [a.from, 100n * E6, 101n * E6]);
    expect(await readUsdc<boolean>(c, 'authorizationState', [a.from, a.nonce])).toBe(false);
  });
});

describe('TestUSDC receiveWithAuthorization and cancelAuthorization', () => {
  it('receiveWithAuthorization must be called by the payee', async () => {
    const c = ctx();
    const a = await auth(c); // to = account 5
    const sig = await sign(c, a, { primaryType: 'ReceiveWithAuthorization' });
    const call = (w: Ctx['w'][number]) =>
      send(c, w, { address: usdc(c), abi: testUsdcAbi, functionName: 'receiveWithAuthorization', args: [...args(a), ...vrs(sig)] });
    await expectRevert(call(c.w[7]!), 'CallerMustBePayee', [c.addr[7], a.to]);
    await call(c.w[5]!);
    expect(await readUsdc<bigint>(c, 'balanceOf', [a.to])).toBe(10n * E6);
    await expectRevert(call(c.w[5]!), 'AuthorizationAlreadyUsed', [a.from, a.nonce]);
  });

  it('cancelAuthorization burns a nonce; only the authorizer can sign the cancel', async () => {
    const c = ctx();
    const a = await auth(c);
    const sig = await sign(c, a);
    const cancelTypes = {
      CancelAuthorization: [
        { name: 'authorizer', type: 'address' },
        { name: 'nonce', type: 'bytes32' },
      ],
    } as const;
    const domain = { name: 'USD Coin', version: '2', chainId: LOCAL_CHAIN_ID, verifyingContract: usdc(c) } as const;
    const cancel = async (signer: typeof payer) => {
      const cs = await signer.signTypedData({
        domain,
        types: cancelTypes,
        primaryType: 'CancelAuthorization',
        message: { authorizer: a.from, nonce: a.nonce },
      });
      return send(c, c.w[7]!, { address: usdc(c), abi: testUsdcAbi, functionName: 'cancelAuthorization', args: [a.from, a.nonce, ...vrs(cs)] });
    };
    await expectRevert(cancel(stranger), 'InvalidSignature');
    const r = await cancel(payer);
    expect(events(r, testUsdcAbi, 'AuthorizationCanceled')[0]!.args).toEqual({ authorizer: a.from, nonce: a.nonce });
    expect(await readUsdc<boolean>(c, 'authorizationState', [a.from, a.nonce])).toBe(true);
    await expectRevert(submitVrs(c, a, sig), 'AuthorizationAlreadyUsed', [a.from, a.nonce]);
    await expectRevert(cancel(payer), 'AuthorizationAlreadyUsed', [a.from, a.nonce]);
  });

  it('approve/transferFrom still work alongside EIP-3009 (x402 facilitators also read balances)', async () => {
    const c = ctx();
    await send(c, c.w[3]!, { address: usdc(c), abi: testUsdcAbi, functionName: 'approve', args: [c.addr[6], maxUint256] });
    await send(c, c.w[6]!, { address: usdc(c), abi: testUsdcAbi, functionName: 'transferFrom', args: [c.addr[3], c.addr[6], 7n] });
    expect(await readUsdc<bigint>(c, 'balanceOf', [c.addr[6]])).toBe(7n);
  });
});
