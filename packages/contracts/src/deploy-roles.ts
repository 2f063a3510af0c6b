// Role grants after deployment: grant every missing SIGMA role on the deployed contracts (idempotent).
import { zeroAddress, type Abi, type Address, type Hash, type Hex, type PublicClient } from 'viem';
import { readContract, writeContract } from 'viem/actions';
import { auditorRegistryAbi, certificateRegistryAbi, pluginMarketplaceAbi, sigmaTreasuryAbi } from '../generated/index.js';
import type { DeployedContracts, Deployment } from './deployment-file.js';
import { ROLES } from './roles.js';
import { waitOk, type SigningClient } from './tx.js';

/** Grant every role that is missing. Returns the block of the last grant (0n when nothing was granted). */
export async function ensureRoles(wallet: SigningClient, client: PublicClient, c: DeployedContracts, roles: Deployment['roles']): Promise<bigint> {
  const wanted: Array<{ address: Address; abi: Abi; role: Hex; who: Address; what: string }> = [
    { address: c.certificateRegistry, abi: certificateRegistryAbi, role: ROLES.ISSUER, who: roles.issuer, what: 'ISSUER_ROLE' },
    { address: c.treasury, abi: sigmaTreasuryAbi, role: ROLES.PAYER, who: roles.treasuryPayer, what: 'PAYER_ROLE' },
    { address: c.auditorRegistry, abi: auditorRegistryAbi, role: ROLES.GOVERNANCE, who: roles.governance, what: 'GOVERNANCE_ROLE' },
    { address: c.pluginMarketplace, abi: pluginMarketplaceAbi, role: ROLES.GOVERNANCE, who: roles.governance, what: 'GOVERNANCE_ROLE' },
    { address: c.pluginMarketplace, abi: pluginMarketplaceAbi, role: ROLES.REGISTRAR, who: roles.pluginRegistrar, what: 'REGISTRAR_ROLE' },
  ];
  let last = 0n;
  for (const w of wanted) {
    if (w.who === zeroAddress) continue;
    const has = (await readContract(client, { address: w.address, abi: w.abi, functionName: 'hasRole', args: [w.role, w.who] })) as boolean;
    if (has) continue;
    const hash: Hash = await writeContract(wallet, {
      address: w.address,
      abi: w.abi,
      functionName: 'grantRole',
      args: [w.role, w.who],
      account: wallet.account,
      chain: wallet.chain,
    });
    last = (await waitOk(client, hash, `grant ${w.what} to ${w.who}`)).blockNumber;
  }
  return last;
}
