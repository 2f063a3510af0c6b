import { zeroAddress, type Address } from 'viem';
import { describe, expect, it } from 'vitest';
import { ROLES, pluginKey, pluginMarketplaceAbi, sbyteAbi } from '../src/index.js';
import { E18, events, expectRevert, send, useChain, type Ctx } from './helpers.js';

// Seller: account 5 (owns PLUGIN, recorded by the registrar = issuer, account 1). Buyers: 6 and 7 with 1,000 SBYTE.
const PLUGIN = pluginKey('5ab0000000000000000000aa');
const OTHER = pluginKey('5ab0000000000000000000bb');

const ctx = useChain(async (c) => {
  const { sbyte, pluginMarketplace } = c.deployment.contracts;
  for (const i of [6, 7]) {
    await send(c, c.admin, { address: sbyte, abi: sbyteAbi, functionName: 'mint', args: [c.addr[i], 1000n * E18] });
    await send(c, c.w[i]!, { address: sbyte, abi: sbyteAbi, functionName: 'approve', args: [pluginMarketplace, 10n ** 30n] });
  }
  await send(c, c.issuer, { address: pluginMarketplace, abi: pluginMarketplaceAbi, functionName: 'setPluginOwner', args: [PLUGIN, c.addr[5]] });
});

const M = (c: Ctx): Address => c.deployment.contracts.pluginMarketplace;
const call = (c: Ctx, i: number, functionName: string, args: readonly unknown[] = []) =>
  send(c, c.w[i]!, { address: M(c), abi: pluginMarketplaceAbi, functionName, args });
const read = <T>(c: Ctx, functionName: string, args: readonly unknown[] = []) =>
  c.pub.readContract({ address: M(c), abi: pluginMarketplaceAbi, functionName, args } as never) as Promise<T>;
const bal = (c: Ctx, who: Address) => c.pub.readContract({ address: c.deployment.contracts.sbyte, abi: sbyteAbi, functionName: 'balanceOf', args: [who] });
interface Listing {
  seller: Address;
  price: bigint;
  active: boolean;
  listedAt: bigint;
  salesCount: bigint;
}

describe('PluginMarketplace listing', () => {
  it('deploys with a 10 % fee, the treasury, and roles for governance and the registrar', async () => {
    const c = ctx();
    expect(await read<number>(c, 'feeBps')).toBe(1000);
    expect(await read<Address>(c, 'treasury')).toBe(c.deployment.contracts.treasury);
    expect(await read<boolean>(c, 'hasRole', [ROLES.GOVERNANCE, c.addr[2]])).toBe(true);
    expect(await read<boolean>(c, 'hasRole', [ROLES.REGISTRAR, c.addr[1]])).toBe(true);
    expect(await read<Address>(c, 'pluginOwner', [PLUGIN])).toBe(c.addr[5]);
  });

  it('only the registrar records plugin owners (PluginOwnerSet)', async () => {
    const c = ctx();
    await expectRevert(call(c, 5, 'setPluginOwner', [OTHER, c.addr[5]]), 'AccessControlUnauthorizedAccount', [c.addr[5], ROLES.REGISTRAR]);
    await expectRevert(call(c, 0, 'setPluginOwner', [OTHER, c.addr[0]]), 'AccessControlUnauthorizedAccount', [c.addr[0], ROLES.REGISTRAR]);
    const r = await call(c, 1, 'setPluginOwner', [OTHER, c.addr[6]]);
    expect(events(r, pluginMarketplaceAbi, 'PluginOwnerSet')[0]!.args).toEqual({ pluginId: OTHER, owner: c.addr[6] });
  });

  it('the plugin owner lists at a price (Listed); nobody else can list it (no squatting)', async () => {
    const c = ctx();
    await expectRevert(call(c, 6, 'list', [PLUGIN, 5n * E18]), 'NotPluginOwner', [PLUGIN, c.addr[6]]);
    await expectRevert(call(c, 6, 'list', [OTHER, 5n * E18]), 'NotPluginOwner', [OTHER, c.addr[6]]);
    await expectRevert(call(c, 5, 'list', [PLUGIN, 0n]), 'ZeroPrice');
    const r = await call(c, 5, 'list', [PLUGIN, 5n * E18]);
    expect(events(r, pluginMarketplaceAbi, 'Listed')[0]!.args).toEqual({ pluginId: PLUGIN, seller: c.addr[5], price: 5n * E18 });
    const l = await read<Listing>(c, 'getListing', [PLUGIN]);
    expect([l.seller, l.price, l.active, l.salesCount]).toEqual([c.addr[5], 5n * E18, true, 0n]);
    await expectRevert(call(c, 5, 'list', [PLUGIN, 6n * E18]), 'AlreadyListed', [PLUGIN]);
  });

  it('the seller changes the price (PriceChanged); others cannot; not when unlisted', async () => {
    const c = ctx();
    await expectRevert(call(c, 5, 'setPrice', [PLUGIN, 1n]), 'NotListed', [PLUGIN]);
    await call(c, 5, 'list', [PLUGIN, 5n * E18]);
    await expectRevert(call(c, 6, 'setPrice', [PLUGIN, 1n]), 'NotSeller', [PLUGIN, c.addr[6]]);
    await expectRevert(call(c, 5, 'setPrice', [PLUGIN, 0n]), 'ZeroPrice');
    const r = await call(c, 5, 'setPrice', [PLUGIN, 7n * E18]);
    expect(events(r, pluginMarketplaceAbi, 'PriceChanged')[0]!.args).toEqual({ pluginId: PLUGIN, oldPrice: 5n * E18, newPrice: 7n * E18 });
    expect((await read<Listing>(c, 'getListing', [PLUGIN])).price).toBe(7n * E18);
  });

  it('delist by the seller or the registrar (moderation), not by others (Delisted)', async () => {
    const c = ctx();
    await call(c, 5, 'list', [PLUGIN, 5n * E18]);
    await expectRevert(call(c, 6, 'delist', [PLUGIN]), 'NotSeller', [PLUGIN, c.addr[6]]);
    await expectRevert(call(c, 2, 'delist', [PLUGIN]), 'NotSeller', [PLUGIN, c.addr[2]]);
    const r = await call(c, 1, 'delist', [PLUGIN]);
    expect(events(r, pluginMarketplaceAbi, 'Delisted')[0]!.args).toEqual({ pluginId: PLUGIN, by: c.addr[1] });
    await expectRevert(call(c, 5, 'delist', [PLUGIN]), 'NotListed', [PLUGIN]);
    await expectRevert(call(c, 6, 'buy', [PLUGIN, 5n * E18]), 'NotListed', [PLUGIN]);
    await call(c, 5, 'list', [PLUGIN, 4n * E18]); // relist
    await call(c, 5, 'delist', [PLUGIN]);
    expect((await read<Listing>(c, 'getListing', [PLUGIN])).active).toBe(false);
  });

  it('a change of plugin owner (e.g. suspension → zero) ends the listing', async () => {
    const c = ctx();
    await call(c, 5, 'list', [PLUGIN, 5n * E18]);
    const r = await call(c, 1, 'setPluginOwner', [PLUGIN, zeroAddress]);
    expect(events(r, pluginMarketplaceAbi, 'Delisted')).toHaveLength(1);
    await expectRevert(call(c, 6, 'buy', [PLUGIN, 5n * E18]), 'NotListed', [PLUGIN]);
    await expectRevert(call(c, 5, 'list', [PLUGIN, 5n * E18]), 'NotPluginOwner', [PLUGIN, c.addr[5]]);
    // Re-setting the same owner keeps an active listing.
    await call(c, 1, 'setPluginOwner', [PLUGIN, c.addr[5]]);
    await call(c, 5, 'list', [PLUGIN, 5n * E18]);
    const r2 = await call(c, 1, 'setPluginOwner', [PLUGIN, c.addr[5]]);
    expect(events(r2, pluginMarketplaceAbi, 'Delisted')).toHaveLength(0);
    expect((await read<Listing>(c, 'getListing', [PLUGIN])).active).toBe(true);
  });
});

describe('PluginMarketplace buying and fees', () => {
  it('buy: fee (10 %) to the treasury, the rest to the seller; Purchased; one copy per buyer', async () => {
    const c = ctx();
    await call(c, 5, 'list', [PLUGIN, 5n * E18]);
    const r = await call(c, 6, 'buy', [PLUGIN, 5n * E18]);
    expect(events(r, pluginMarketplaceAbi, 'Purchased')[0]!.args).toEqual({
      pluginId: PLUGIN,
      buyer: c.addr[6],
      seller: c.addr[5],
      price: 5n * E18,
      fee: 5n * 10n ** 17n,
    });
    expect(await bal(c, c.deployment.contracts.treasury)).toBe(5n * 10n ** 17n);
    expect(await bal(c, c.addr[5]!)).toBe(45n * 10n ** 17n);
    expect(await bal(c, c.addr[6]!)).toBe(995n * E18);
    expect(await read<boolean>(c, 'hasPurchased', [PLUGIN, c.addr[6]])).toBe(true);
    await expectRevert(call(c, 6, 'buy', [PLUGIN, 5n * E18]), 'AlreadyPurchased', [PLUGIN, c.addr[6]]);
    await call(c, 7, 'buy', [PLUGIN, 5n * E18]);
    expect((await read<Listing>(c, 'getListing', [PLUGIN])).salesCount).toBe(2n);
    // Delist + relist does not sell a second copy to the same buyer.
    await call(c, 5, 'delist', [PLUGIN]);
    await call(c, 5, 'list', [PLUGIN, 1n]);
    await expectRevert(call(c, 6, 'buy', [PLUGIN, 1n]), 'AlreadyPurchased', [PLUGIN, c.addr[6]]);
  });

  it('fee rounds down in the seller’s favour; quote() matches what buy() moves', async () => {
    const c = ctx();
    await call(c, 5, 'list', [PLUGIN, 19n]); // 19 * 1000 / 10000 = 1.9 → fee 1, seller 18
    expect(await read<readonly [bigint, bigint]>(c, 'quote', [19n])).toEqual([1n, 18n]);
    await call(c, 6, 'buy', [PLUGIN, 19n]);
    expect(await bal(c, c.deployment.contracts.treasury)).toBe(1n);
    expect(await bal(c, c.addr[5]!)).toBe(18n);
    // Price 9 → fee 0.9 → 0: no fee transfer, seller gets all.
    await call(c, 1, 'setPluginOwner', [OTHER, c.addr[5]]);
    await call(c, 5, 'list', [OTHER, 9n]);
    const r = await call(c, 6, 'buy', [OTHER, 9n]);
    expect(events(r, pluginMarketplaceAbi, 'Purchased')[0]!.args.fee).toBe(0n);
    expect(await bal(c, c.addr[5]!)).toBe(27n);
    expect(await bal(c, c.deployment.contracts.treasury)).toBe(1n);
  });

  it('governance changes the fee (bounded at 50 %); the new fee applies to the next sale', async () => {
    const c = ctx();
    await expectRevert(call(c, 0, 'setFeeBps', [500]), 'AccessControlUnauthorizedAccount', [c.addr[0], ROLES.GOVERNANCE]);
    await expectRevert(call(c, 2, 'setFeeBps', [5001]), 'FeeTooHigh', [5001n, 5000n]);
    const r = await call(c, 2, 'setFeeBps', [2500]);
    expect(events(r, pluginMarketplaceAbi, 'FeeChanged')[0]!.args).toEqual({ oldFeeBps: 1000, newFeeBps: 2500 });
    await call(c, 5, 'list', [PLUGIN, 100n]);
    await call(c, 6, 'buy', [PLUGIN, 100n]);
    expect(await bal(c, c.deployment.contracts.treasury)).toBe(25n);
    expect(await bal(c, c.addr[5]!)).toBe(75n);
    await call(c, 2, 'setFeeBps', [0]); // zero fee: everything to the seller
    await call(c, 7, 'buy', [PLUGIN, 100n]);
    expect(await bal(c, c.addr[5]!)).toBe(175n);
  });

  it('buy protections: seller cannot buy, maxPrice guards a price raise in flight, allowance and balance', async () => {
    const c = ctx();
    await call(c, 1, 'setPluginOwner', [OTHER, c.addr[6]]);
    await call(c, 6, 'list', [OTHER, 5n * E18]);
    await expectRevert(call(c, 6, 'buy', [OTHER, 5n * E18]), 'SellerCannotBuy', [OTHER]);
    await call(c, 6, 'setPrice', [OTHER, 8n * E18]);
    await expectRevert(call(c, 7, 'buy', [OTHER, 5n * E18]), 'PriceAboveMax', [8n * E18, 5n * E18]);
    // A buyer without allowance (account 8 has neither balance nor allowance).
    await expectRevert(call(c, 8, 'buy', [OTHER, 8n * E18]), 'ERC20InsufficientAllowance', [M(c), 0n, 8n * 10n ** 17n]);
    await call(c, 2, 'setFeeBps', [0]);
    await expectRevert(call(c, 8, 'buy', [OTHER, 8n * E18]), 'ERC20InsufficientAllowance', [M(c), 0n, 8n * E18]);
    expect(await read<boolean>(c, 'hasPurchased', [OTHER, c.addr[8]])).toBe(false);
    // A buyer with allowance but no balance.
    await send(c, c.w[8]!, { address: c.deployment.contracts.sbyte, abi: sbyteAbi, functionName: 'approve', args: [M(c), 10n ** 30n] });
    await expectRevert(call(c, 8, 'buy', [OTHER, 8n * E18]), 'ERC20InsufficientBalance', [c.addr[8], 0n, 8n * E18]);
  });

  it('admin sets the treasury (TreasuryChanged); fees follow it; others cannot', async () => {
    const c = ctx();
    await expectRevert(call(c, 2, 'setTreasury', [c.addr[9]]), 'AccessControlUnauthorizedAccount', [c.addr[2], ROLES.DEFAULT_ADMIN]);
    await expectRevert(call(c, 0, 'setTreasury', [zeroAddress]), 'ZeroAddress');
    const r = await call(c, 0, 'setTreasury', [c.addr[9]]);
    expect(events(r, pluginMarketplaceAbi, 'TreasuryChanged')[0]!.args).toEqual({ oldTreasury: c.deployment.contracts.treasury, newTreasury: c.addr[9] });
    await call(c, 5, 'list', [PLUGIN, 10n]);
    await call(c, 6, 'buy', [PLUGIN, 10n]);
    expect(await bal(c, c.addr[9]!)).toBe(1n);
  });
});
