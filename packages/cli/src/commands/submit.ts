import { api } from '../api.js';
import { CliError, EXIT, type CliConfig } from '../config.js';
import type { Io } from '../io.js';
import { collectUpload } from './files.js';
import { watchStatus } from './status.js';
import { postWithX402, walletKey } from '../pay.js';

export interface SubmitOptions {
  category: string;
  notes?: string;
  ref?: string;
  entry?: string;
  /** API categories: where non-read-only methods may be tried (your sandbox, not production). */
  sandboxBaseUrl?: string;
  wait?: boolean;
  json?: boolean;
  idempotencyKey?: string;
  /** credits (default) | voucher:CODE | x402 */
  pay?: string;
  walletKeyFile?: string;
}

interface Quote {
  quoteId: string;
  credits: number;
  usdc: string;
  usdcMicros: string;
  listCredits: number;
  discountCredits: number;
  expiresAt: string;
}

/** Parse `--pay`: credits, voucher:CODE or x402. */
export function parsePay(pay: string | undefined): { method: 'credits' } | { method: 'voucher'; code: string } | { method: 'x402' } {
  const p = (pay ?? 'credits').trim();
  if (p === 'credits') return { method: 'credits' };
  if (p === 'x402') return { method: 'x402' };
  const m = /^voucher:(.+)$/.exec(p);
  if (m && m[1]!.trim()) return { method: 'voucher', code: m[1]!.trim() };
  throw new CliError('--pay must be credits, voucher:CODE or x402', EXIT.usage);
}

const GIT_URL = /^(https?:\/\/|git@|ssh:\/\/|file:\/\/).+|\.git$/;

export async function submit(cfg: CliConfig, target: string, opts: SubmitOptions, io: Io, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const pay = parsePay(opts.pay);
  const key = pay.method === 'x402' ? walletKey(opts.walletKeyFile, env) : null;
  let source: unknown;
  if (GIT_URL.test(target)) {
    if (!opts.ref || !/^[0-9a-f]{40}$/.test(opts.ref)) throw new CliError('a git source must be pinned: pass --ref <40-hex commit>', EXIT.usage);
    source = { type: 'git', url: target, ref: opts.ref };
  } else {
    source = { type: 'upload', files: collectUpload(target) };
  }
  const body: Record<string, unknown> = { category: opts.category, source, devNotes: opts.notes ?? '' };
  if (opts.entry) body.entry = opts.entry;
  if (opts.sandboxBaseUrl) body.sandboxBaseUrl = opts.sandboxBaseUrl;
  const headers: Record<string, string> = {};
  if (opts.idempotencyKey) headers['idempotency-key'] = opts.idempotencyKey;
  // Quote first (the price is explained and fixed until it expires), then pay and submit in one step.
  const quote = await api<Quote>(cfg, '/api/v1/dev/quotes', { method: 'POST', body, auth: true });
  const priced = `${quote.credits} credits (${quote.usdc} USDC)${quote.discountCredits > 0 ? `, ${quote.discountCredits} off` : ''}`;
  if (!opts.json) io.out(`quote ${quote.quoteId}: ${priced}, valid until ${quote.expiresAt}`);
  const paid = { ...body, quoteId: quote.quoteId };
  let res: { submissionId: string; status: string };
  if (pay.method === 'x402') {
    res = (await postWithX402<{ submissionId: string; status: string }>(cfg, '/api/v1/dev/submissions/x402', paid, key!, BigInt(quote.usdcMicros), headers))
      .result;
  } else {
    const payment = pay.method === 'voucher' ? { method: 'voucher', code: pay.code } : { method: 'credits' };
    res = await api<{ submissionId: string; status: string }>(cfg, '/api/v1/dev/submissions', {
      method: 'POST',
      body: { ...paid, payment },
      auth: true,
      headers,
    });
  }
  const paidWith = pay.method === 'voucher' ? `voucher ${pay.code}` : pay.method === 'x402' ? `x402 (${quote.usdc} USDC)` : `${quote.credits} credits`;
  // With --json stdout is JSON only: this line, or with --wait the final submission view.
  if (opts.json && !opts.wait)
    io.out(
      JSON.stringify({
        submissionId: res.submissionId,
        status: res.status,
        quoteId: quote.quoteId,
        credits: quote.credits,
        usdc: quote.usdc,
        paidWith: pay.method,
      }),
    );
  else if (!opts.json) io.out(`submitted ${res.submissionId} (${res.status}), paid with ${paidWith}`);
  if (!opts.wait) return EXIT.ok;
  return watchStatus(cfg, res.submissionId, { json: opts.json }, io);
}
