import { and, eq } from 'drizzle-orm';
import { decodePaymentSignatureHeader } from '@x402/core/http';
import type { HTTPRequestContext, HTTPResponseInstructions, x402HTTPResourceServer } from '@x402/core/server';
import { SigmaError } from '@sigma/core';
import { paymentIntents, x402Payments } from '../../db/schema/index.js';
import type { Services } from '../../services.js';
import type { PaymentChain } from './chain.js';
import { bookX402Payment, openX402Intent, type IntentSeed, type Settled } from './x402-book.js';
import { createX402HttpServer, readTokenDomain, type PricedAdapter } from './x402-setup.js';

/**
 * x402 v2 (SPEC §8) on the Fastify API, built on the official packages: `x402HTTPResourceServer`
 * from @x402/core answers 402 with `PAYMENT-REQUIRED` and verifies `PAYMENT-SIGNATURE`; the
 * facilitator (in-process by default, settling the EIP-3009 authorization on our chain with the
 * platform account; a remote URL by configuration) settles BEFORE any work is done. The
 * authorization nonce is the idempotency key: a replay returns the first result and credits nothing.
 * Setup (routes, facilitator, server): x402-setup.ts; recording intents and payments: x402-book.ts.
 */
export class X402Service {
  private http: x402HTTPResourceServer | null = null;
  private init: Promise<x402HTTPResourceServer> | null = null;
  private domain: { name: string; version: string } | null = null;

  constructor(
    private readonly s: Services,
    readonly chain: PaymentChain,
  ) {}

  /** The token's EIP-712 domain (x402 `extra`); the facilitator checks it against name()/version() on chain. */
  async tokenDomain(): Promise<{ name: string; version: string }> {
    if (this.domain) return this.domain;
    const { name, version } = await readTokenDomain(this.chain);
    this.domain = { name, version };
    return this.domain;
  }

  async server(): Promise<x402HTTPResourceServer> {
    if (this.http) return this.http;
    this.init ??= (async () => {
      const extra = await this.tokenDomain();
      const http = await createX402HttpServer(this.s, this.chain, extra);
      this.http = http;
      return http;
    })();
    try {
      return await this.init;
    } catch (err) {
      this.init = null;
      throw err;
    }
  }

  /** The authorization nonce carried by a `PAYMENT-SIGNATURE` header (lower-case hex), or null. */
  static nonceOf(header: string | undefined): { nonce: string; network: string } | null {
    if (!header) return null;
    try {
      const p = decodePaymentSignatureHeader(header) as { accepted?: { network?: string }; payload?: { authorization?: { nonce?: string } } };
      const nonce = p.payload?.authorization?.nonce;
      if (!nonce || !/^0x[0-9a-fA-F]{64}$/.test(nonce)) return null;
      return { nonce: nonce.toLowerCase(), network: p.accepted?.network ?? '' };
    } catch {
      return null;
    }
  }

  /** A payment already recorded under this nonce (the replay answer), or null. Another developer's nonce is refused. */
  async prior(nonce: string, developerId: string) {
    const row = (await this.s.db.select().from(x402Payments).where(eq(x402Payments.nonce, nonce)).limit(1))[0];
    if (!row) return null;
    if (row.developerId !== developerId) throw new SigmaError('SIGMA_E_PAYMENT_NONCE_REUSED', undefined, { field: 'PAYMENT-SIGNATURE' });
    return row;
  }

  /**
   * Run the x402 exchange for a priced request: no or invalid payment → the 402 instructions. A
   * verified one opens an X402 intent (CREATED, keyed by the nonce), is settled through the
   * facilitator (FAILED on a settlement failure), and is then booked in one transaction (CONFIRMED,
   * or CONSUMED for a top-up): the x402 row, the credits, and the caller's result.
   */
  async payThenRecord<T extends Record<string, unknown>>(
    adapter: PricedAdapter,
    seed: IntentSeed,
    resultOf: (settled: Settled, intentId: string) => T,
  ): Promise<{ paid: false; response: HTTPResponseInstructions } | { paid: true; headers: Record<string, string>; result: T & { intentId: string } }> {
    const http = await this.server();
    const ctx: HTTPRequestContext = {
      adapter,
      path: adapter.getPath(),
      method: adapter.getMethod(),
      paymentHeader: adapter.getHeader('payment-signature') ?? adapter.getHeader('x-payment'),
    };
    const r = await http.processHTTPRequest(ctx);
    if (r.type === 'no-payment-required') throw new SigmaError('SIGMA_E_INTERNAL', 'x402 route is not configured');
    if (r.type === 'payment-error') return { paid: false, response: r.response };
    const nonce = X402Service.nonceOf(ctx.paymentHeader)?.nonce;
    if (!nonce) throw new SigmaError('SIGMA_E_PAYMENT_X402_INVALID', 'The payment has no EIP-3009 authorization nonce.', { field: 'PAYMENT-SIGNATURE' });
    const intentId = await openX402Intent(this.s, this.chain, seed, nonce);
    // Settle before doing any work.
    let settle = r.beforeHandlerSettlement
      ? { ...r.beforeHandlerSettlement.result, headers: http.createCompletedSettlementHeaders(r.beforeHandlerSettlement) }
      : null;
    if (!settle) {
      const res = await http.processSettlement(r.paymentPayload, r.paymentRequirements, r.declaredExtensions, { request: ctx });
      if (!res.success) {
        const now = this.s.clock.now();
        await this.s.db
          .update(paymentIntents)
          .set({ status: 'FAILED', failureReason: `settlement failed: ${res.errorReason}`, updatedAt: now })
          .where(and(eq(paymentIntents.id, intentId), eq(paymentIntents.status, 'CREATED')));
        return { paid: false, response: res.response };
      }
      settle = res;
    }
    const headerName = Object.keys(settle.headers).find((h) => h.toLowerCase() === 'payment-response') ?? 'PAYMENT-RESPONSE';
    const settled: Settled = {
      nonce,
      payer: (settle.payer ?? '').toLowerCase(),
      txHash: settle.transaction,
      network: settle.network,
      paymentResponse: settle.headers[headerName] ?? '',
    };
    const result = { ...resultOf(settled, intentId), intentId };
    await this.s.db.transaction((tx) => bookX402Payment(tx, this.s, this.chain, intentId, seed, settled, result));
    return { paid: true, headers: settle.headers, result };
  }

  async intentOf(intentId: string) {
    return (
      (
        await this.s.db
          .select()
          .from(paymentIntents)
          .where(and(eq(paymentIntents.id, intentId)))
          .limit(1)
      )[0] ?? null
    );
  }
}

const services = new WeakMap<Services, X402Service>();
/** The x402 service of a deployment (one per Services and chain). */
export function x402Of(s: Services, chain: PaymentChain): X402Service {
  let x = services.get(s);
  if (!x || x.chain.token !== chain.token || x.chain.chainId !== chain.chainId) {
    x = new X402Service(s, chain);
    services.set(s, x);
  }
  return x;
}
