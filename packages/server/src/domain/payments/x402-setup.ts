/** x402 resource-server setup: the paid routes, the token's EIP-712 domain, the facilitator (in-process or remote) and the HTTP server. */
import { publicActions } from 'viem';
import { x402Facilitator } from '@x402/core/facilitator';
import {
  HTTPFacilitatorClient,
  x402HTTPResourceServer,
  x402ResourceServer,
  type FacilitatorClient,
  type HTTPAdapter,
  type HTTPRequestContext,
  type RoutesConfig,
} from '@x402/core/server';
import { toFacilitatorEvmSigner } from '@x402/evm';
import { registerExactEvmScheme } from '@x402/evm/exact/facilitator';
import { ExactEvmScheme } from '@x402/evm/exact/server';
import { serialiseSender } from '@sigma/contracts';
import type { Services } from '../../services.js';
import type { PaymentChain } from './chain.js';

export const X402_ROUTES = {
  topup: '/api/v1/dev/credits/topup',
  submission: '/api/v1/dev/submissions/x402',
} as const;
export const X402_MAX_TIMEOUT_SECONDS = 300;

/** The request as the x402 HTTP server sees it, carrying the price the route computed. */
export interface PricedAdapter extends HTTPAdapter {
  priceMicros: bigint;
}

/** The token's EIP-712 domain (x402 `extra`), read from name()/version() on chain. */
export async function readTokenDomain(chain: PaymentChain): Promise<{ name: string; version: string }> {
  const abi = [
    { type: 'function', name: 'name', stateMutability: 'view', inputs: [], outputs: [{ type: 'string' }] },
    { type: 'function', name: 'version', stateMutability: 'view', inputs: [], outputs: [{ type: 'string' }] },
  ] as const;
  const [name, version] = await Promise.all([
    chain.publicClient.readContract({ address: chain.token, abi, functionName: 'name' }),
    chain.publicClient.readContract({ address: chain.token, abi, functionName: 'version' }),
  ]);
  return { name, version };
}

/** The facilitator: the configured remote URL, else in-process, settling with the operations account. */
export function facilitatorClient(s: Services, chain: PaymentChain): FacilitatorClient {
  const url = s.config.payments.x402FacilitatorUrl;
  if (url) return new HTTPFacilitatorClient({ url });
  const ops = chain.walletClient;
  const wallet = ops.extend(publicActions);
  const base = { ...(wallet as unknown as Parameters<typeof toFacilitatorEvmSigner>[0]), address: wallet.account.address };
  // Settlements are sent by the operations account, which also commits certificates: queue its sends in nonce order.
  const signer = toFacilitatorEvmSigner({
    ...base,
    writeContract: (args) => serialiseSender(ops, () => base.writeContract(args)),
    sendTransaction: (args) => serialiseSender(ops, () => base.sendTransaction(args)),
  });
  const f = registerExactEvmScheme(new x402Facilitator(), { signer, networks: chain.network });
  return {
    verify: (p, r) => f.verify(p, r),
    settle: (p, r) => f.settle(p, r),
    getSupported: async () => f.getSupported() as Awaited<ReturnType<FacilitatorClient['getSupported']>>,
  };
}

/** The initialized x402 HTTP resource server for the top-up and submission routes, priced per request by the adapter. */
export async function createX402HttpServer(s: Services, chain: PaymentChain, extra: { name: string; version: string }): Promise<x402HTTPResourceServer> {
  const option = (description: string) => ({
    accepts: {
      scheme: 'exact',
      network: chain.network,
      payTo: chain.treasury,
      price: (ctx: HTTPRequestContext) => ({ amount: (ctx.adapter as PricedAdapter).priceMicros.toString(), asset: chain.token, extra }),
      maxTimeoutSeconds: X402_MAX_TIMEOUT_SECONDS,
    },
    description,
    mimeType: 'application/json',
  });
  const routes: RoutesConfig = {
    [`POST ${X402_ROUTES.topup}`]: option('SIGMA credits top-up (1 USDC = 100 credits)'),
    [`POST ${X402_ROUTES.submission}`]: option('SIGMA submission review at the quoted price'),
  };
  const resource = new x402ResourceServer(facilitatorClient(s, chain)).register(chain.network, new ExactEvmScheme());
  const http = new x402HTTPResourceServer(resource, routes);
  await http.initialize();
  return http;
}
