import { api } from '../api.js';
import { CliError, EXIT, type CliConfig } from '../config.js';
import type { Io } from '../io.js';
import { postWithX402, walletKey } from '../pay.js';

interface CreditsView {
  credits: number;
  usdcEquivalent: string;
  history: Array<{ at: string; kind: string; memo: string; credits: number }>;
}

/** `sigma credits`: the balance (derived from the ledger) and the latest movements. */
export async function credits(cfg: CliConfig, opts: { json?: boolean; limit?: number }, io: Io): Promise<number> {
  const limit = opts.limit ?? 10;
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > 200) throw new CliError('--limit must be a whole number from 1 to 200', EXIT.usage);
  const v = await api<CreditsView>(cfg, `/api/v1/dev/credits?limit=${limit}`, { auth: true });
  if (opts.json) {
    io.out(JSON.stringify(v));
    return EXIT.ok;
  }
  io.out(`credits: ${v.credits} (${v.usdcEquivalent} USDC; 100 credits = 1 USDC)`);
  for (const h of v.history) io.out(`  ${h.at}  ${h.credits > 0 ? '+' : ''}${h.credits}  ${h.kind}  ${h.memo}`);
  return EXIT.ok;
}

/** `sigma credits buy <n>`: buy credits with x402 (USDC, gasless EIP-3009 authorization from your wallet). */
export async function buyCredits(cfg: CliConfig, n: string, opts: { json?: boolean; walletKeyFile?: string }, io: Io, env: NodeJS.ProcessEnv): Promise<number> {
  const count = Number(n);
  if (!Number.isSafeInteger(count) || count <= 0) throw new CliError('the number of credits must be a positive integer', EXIT.usage);
  if (!cfg.apiKey) throw new CliError('no API key: pass --api-key or set SIGMA_API_KEY', EXIT.usage);
  const key = walletKey(opts.walletKeyFile, env);
  const r = await postWithX402<{ credited: number; credits: number; txHash: string }>(
    cfg,
    '/api/v1/dev/credits/topup',
    { credits: count },
    key,
    BigInt(count) * 10_000n,
  );
  if (opts.json) io.out(JSON.stringify({ ...r.result, settlement: r.settlement }));
  else io.out(`bought ${r.result.credited} credits (tx ${r.result.txHash}); balance ${r.result.credits}`);
  return EXIT.ok;
}
