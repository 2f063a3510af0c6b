import { readFileSync } from 'node:fs';
import { toClientEvmSigner } from '@x402/evm';
import { ExactEvmScheme } from '@x402/evm/exact/client';
import { decodePaymentResponseHeader, wrapFetchWithPayment, x402Client } from '@x402/fetch';
import { privateKeyToAccount } from 'viem/accounts';
import { CliError, EXIT, type CliConfig } from './config.js';

/** The developer's x402 wallet: `--wallet-key-file <file>` or SIGMA_WALLET_KEY (a 32-byte hex private key). */
export function walletKey(file: string | undefined, env: NodeJS.ProcessEnv): `0x${string}` {
  const raw = (file ? readFileSync(file, 'utf8') : (env.SIGMA_WALLET_KEY ?? '')).trim();
  if (!raw) throw new CliError('paying with x402 needs a wallet: pass --wallet-key-file <file> or set SIGMA_WALLET_KEY', EXIT.usage);
  if (!/^0x[0-9a-fA-F]{64}$/.test(raw)) throw new CliError('the wallet key must be a 32-byte hex private key (0x…)', EXIT.usage);
  return raw as `0x${string}`;
}

interface Offer {
  accepts: { network: string; asset: string };
}

/**
 * POST with x402 v2 through the official client: the server answers 402 + PAYMENT-REQUIRED, the
 * client signs an EIP-3009 authorization and retries with PAYMENT-SIGNATURE. The client refuses to
 * pay any asset other than the server's advertised one, or more than `maxMicros`.
 */
export async function postWithX402<T>(
  cfg: CliConfig,
  path: string,
  body: unknown,
  key: `0x${string}`,
  maxMicros: bigint,
  headers: Record<string, string> = {},
): Promise<{ result: T; settlement: { transaction: string; payer?: string; network: string } | null }> {
  const wk = await fetch(`${cfg.apiUrl}/.well-known/x402.json`).catch((err: Error) => {
    throw new CliError(`cannot reach ${cfg.apiUrl}: ${err.message}`, EXIT.api);
  });
  const known = (await wk.json()) as { enabled: boolean; offers: Offer[]; reason?: string };
  if (!known.enabled || !known.offers[0]) throw new CliError(`this server does not accept x402${known.reason ? `: ${known.reason}` : ''}`, EXIT.api);
  const { network, asset } = known.offers[0].accepts;
  const account = privateKeyToAccount(key);
  const client = x402Client.fromConfig({
    schemes: [{ network: network as `${string}:${string}`, client: new ExactEvmScheme(toClientEvmSigner(account)) }],
    spendControls: { allowedAssets: [{ network: network as `${string}:${string}`, asset, maxAmountPerPayment: maxMicros.toString() }] },
  });
  const pay = wrapFetchWithPayment(fetch, client);
  let res: Response;
  try {
    res = await pay(`${cfg.apiUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${cfg.apiKey ?? ''}`, ...headers },
      body: JSON.stringify(body),
    });
  } catch (err) {
    throw new CliError(`x402 payment failed: ${(err as Error).message}`, EXIT.api);
  }
  const json = (await res.json().catch(() => null)) as ({ error?: { code?: string; message?: string } } & T) | null;
  if (!res.ok) throw new CliError(`${json?.error?.code ?? `HTTP ${res.status}`}: ${json?.error?.message ?? 'payment failed'}`, EXIT.api, json?.error?.code);
  const header = res.headers.get('payment-response');
  return { result: json as T, settlement: header ? decodePaymentResponseHeader(header) : null };
}
