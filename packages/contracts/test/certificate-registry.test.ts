import { keccak256, toHex, zeroHash, type Hex } from 'viem';
import { describe, expect, it } from 'vitest';
import { ROLES, certificateRegistryAbi, submissionKey } from '../src/index.js';
import { events, expectRevert, now, send, useChain, type Ctx } from './helpers.js';

const ctx = useChain();
const KEY = submissionKey('0123456789abcdef01234567');
const HASH = keccak256(toHex('payload-1'));
const OTHER = keccak256(toHex('payload-2'));

const reg = (c: Ctx) => c.deployment.contracts.certificateRegistry;
const commit = (c: Ctx, w = c.issuer, key: Hex = KEY, hash: Hex = HASH) =>
  send(c, w, { address: reg(c), abi: certificateRegistryAbi, functionName: 'commit', args: [key, hash] });
const read = <T>(c: Ctx, functionName: string, args: readonly unknown[]) =>
  c.pub.readContract({ address: reg(c), abi: certificateRegistryAbi, functionName, args } as never) as Promise<T>;

describe('CertificateRegistry', () => {
  it('grants ISSUER_ROLE to the issuer and DEFAULT_ADMIN_ROLE to the deployer only', async () => {
    const c = ctx();
    expect(await read<boolean>(c, 'hasRole', [ROLES.ISSUER, c.addr[1]])).toBe(true);
    expect(await read<boolean>(c, 'hasRole', [ROLES.ISSUER, c.addr[0]])).toBe(false);
    expect(await read<boolean>(c, 'hasRole', [ROLES.DEFAULT_ADMIN, c.addr[0]])).toBe(true);
    expect(await read<boolean>(c, 'hasRole', [ROLES.DEFAULT_ADMIN, c.addr[1]])).toBe(false);
    expect(await read<Hex>(c, 'ISSUER_ROLE', [])).toBe(ROLES.ISSUER);
  });

  it('commits once, stores block and time, emits CertificateCommitted', async () => {
    const c = ctx();
    const receipt = await commit(c);
    const ev = events(receipt, certificateRegistryAbi, 'CertificateCommitted');
    expect(ev).toHaveLength(1);
    expect(ev[0]!.args).toEqual({ key: KEY, payloadHash: HASH, issuer: c.addr[1] });
    const stored = await read<{ payloadHash: Hex; issuer: string; blockNumber: bigint; committedAt: bigint; revokedAt: bigint }>(c, 'getCommitment', [KEY]);
    expect(stored.payloadHash).toBe(HASH);
    expect(stored.issuer).toBe(c.addr[1]);
    expect(stored.blockNumber).toBe(receipt.blockNumber);
    expect(stored.committedAt).toBe(await now(c));
    expect(stored.revokedAt).toBe(0n);
    expect(await read<Hex>(c, 'payloadHashOf', [KEY])).toBe(HASH);
    expect(await read<boolean>(c, 'isCommitted', [KEY])).toBe(true);
    expect(await read<bigint>(c, 'commitmentCount', [])).toBe(1n);
    expect(await read<boolean>(c, 'verify', [KEY, HASH])).toBe(true);
    expect(await read<boolean>(c, 'verify', [KEY, OTHER])).toBe(false);
  });

  it('never rewrites a commitment: a second commit reverts AlreadyCommitted, same hash or not', async () => {
    const c = ctx();
    await commit(c);
    await expectRevert(commit(c, c.issuer, KEY, OTHER), 'AlreadyCommitted', [KEY, HASH]);
    await expectRevert(commit(c, c.issuer, KEY, HASH), 'AlreadyCommitted', [KEY, HASH]);
    expect(await read<Hex>(c, 'payloadHashOf', [KEY])).toBe(HASH);
  });

  it('rejects commits from accounts without ISSUER_ROLE, including the admin', async () => {
    const c = ctx();
    await expectRevert(commit(c, c.w[5]!), 'AccessControlUnauthorizedAccount', [c.addr[5], ROLES.ISSUER]);
    await expectRevert(commit(c, c.admin), 'AccessControlUnauthorizedAccount', [c.addr[0], ROLES.ISSUER]);
    expect(await read<boolean>(c, 'isCommitted', [KEY])).toBe(false);
  });

  it('rejects a zero key and a zero payload hash', async () => {
    const c = ctx();
    await expectRevert(commit(c, c.issuer, zeroHash, HASH), 'ZeroKey');
    await expectRevert(commit(c, c.issuer, KEY, zeroHash), 'ZeroPayloadHash');
    expect(await read<boolean>(c, 'verify', [KEY, zeroHash])).toBe(false);
  });

  it('revokes with a reason (final), emits CertificateRevoked, verify() turns false', async () => {
    const c = ctx();
    await commit(c);
    const receipt = await send(c, c.issuer, {
      address: reg(c),
      abi: certificateRegistryAbi,
      functionName: 'revoke',
      args: [KEY, 'flag upheld: exfiltration'],
    });
    expect(events(receipt, certificateRegistryAbi, 'CertificateRevoked')[0]!.args).toEqual({
      key: KEY,
      revoker: c.addr[1],
      reason: 'flag upheld: exfiltration',
    });
    const stored = await read<{ revokedAt: bigint; revokedBlockNumber: bigint; revocationReason: string; payloadHash: Hex }>(c, 'getCommitment', [KEY]);
    expect(stored.revokedAt).toBe(await now(c));
    expect(stored.revokedBlockNumber).toBe(receipt.blockNumber);
    expect(stored.revocationReason).toBe('flag upheld: exfiltration');
    expect(stored.payloadHash).toBe(HASH); // the hash stays readable
    expect(await read<boolean>(c, 'isRevoked', [KEY])).toBe(true);
    expect(await read<boolean>(c, 'verify', [KEY, HASH])).toBe(false);
    await expectRevert(send(c, c.issuer, { address: reg(c), abi: certificateRegistryAbi, functionName: 'revoke', args: [KEY, 'again'] }), 'AlreadyRevoked', [
      KEY,
    ]);
    // A revoked key still cannot be re-committed.
    await expectRevert(commit(c, c.issuer, KEY, OTHER), 'AlreadyCommitted', [KEY, HASH]);
  });

  it('revoke checks: role, committed key, non-empty reason', async () => {
    const c = ctx();
    const revoke = (w = c.issuer, key: Hex = KEY, reason = 'r') =>
      send(c, w, { address: reg(c), abi: certificateRegistryAbi, functionName: 'revoke', args: [key, reason] });
    await expectRevert(revoke(), 'NotCommitted', [KEY]);
    await commit(c);
    await expectRevert(revoke(c.w[4]!), 'AccessControlUnauthorizedAccount', [c.addr[4], ROLES.ISSUER]);
    await expectRevert(revoke(c.issuer, KEY, ''), 'EmptyReason');
    expect(await read<boolean>(c, 'isRevoked', [KEY])).toBe(false);
  });

  it('admin can grant and revoke ISSUER_ROLE; a revoked issuer can no longer commit', async () => {
    const c = ctx();
    await send(c, c.admin, { address: reg(c), abi: certificateRegistryAbi, functionName: 'grantRole', args: [ROLES.ISSUER, c.addr[6]] });
    await commit(c, c.w[6]!);
    await send(c, c.admin, { address: reg(c), abi: certificateRegistryAbi, functionName: 'revokeRole', args: [ROLES.ISSUER, c.addr[6]] });
    await expectRevert(commit(c, c.w[6]!, submissionKey('0123456789abcdef01234568')), 'AccessControlUnauthorizedAccount');
    // Only the admin manages roles.
    await expectRevert(
      send(c, c.issuer, { address: reg(c), abi: certificateRegistryAbi, functionName: 'grantRole', args: [ROLES.ISSUER, c.addr[7]] }),
      'AccessControlUnauthorizedAccount',
      [c.addr[1], ROLES.DEFAULT_ADMIN],
    );
  });

  it('unknown keys read as empty', async () => {
    const c = ctx();
    const stored = await read<{ payloadHash: Hex; blockNumber: bigint }>(c, 'getCommitment', [submissionKey('ffffffffffffffffffffffff')]);
    expect(stored.payloadHash).toBe(zeroHash);
    expect(stored.blockNumber).toBe(0n);
  });
});
