import { and, eq } from 'drizzle-orm';
import { publicActions, type Address } from 'viem';
import { x402Facilitator } from '@x402/core/facilitator';
import { decodePaymentSignatureHeader } from '@x402/core/http';
import {
  HTTPFacilitatorClient,
  x402HTTPResourceServer,
  x402ResourceServer,
  type FacilitatorClient,
  type HTTPAdapter,
  type HTTPRequestContext,
  type HTTPResponseInstructions,
  type RoutesConfig,
} from '@x402/core/server';
import { toFacilitatorEvmSigner } from '@x402/evm';
import { registerExactEvmScheme } from '@x402/evm/exact/facilitator';
import { ExactEvmScheme } from '@x402/evm/exact/server';
import { newId24, SigmaError } from '@sigma/core';
import { serialiseSender } from '@sigma/contracts';
import type { Tx } from '../../db/client.js';
import { paymentIntents, x402Payments } from '../../db/schema/index.js';
import type { Services } from '../../services.js';
import type { PaymentChain } from './chain.js';
import { topUpFromUsdc } from './credits.js';

/**
 * x402 v2 (SPEC §8) on the Fastify API, built on the official packages: `x402HTTPResourceServer`
 * from @x402/core answers 402 with `PAYMENT-REQUIRED` and verifies `PAYMENT-SIGNATURE`; the
 * facilitator (in-process by default, settling the EIP-3009 authorization on our chain with the
 * platform account; a remote URL by configuration) settles BEFORE any work is done. The
 * authorization nonce is the idempotency key: a replay returns the first result and credits nothing.
 */
export const X402_ROUTES = {
  topup: '/api/v1/dev/credits/topup',
  submission: '/api/v1/dev/submissions/x402',
} as const;
export const X402_MAX_TIMEOUT_SECONDS = 300;

/** The request as the x402 HTTP server sees it, carrying the price the route computed. */
export interface PricedAdapter extends HTTPAdapter {
  priceMicros: bigint;
}

export interface IntentSeed {
  developerId: string;
  purpose: 'TOPUP' | 'SUBMISSION';
  credits: number;
  micros: bigint;
  quoteId: string | null;
  snapshot: Record<string, unknown> | null;
}

export interface Settled {
  nonce: string;
  payer: string;
  txHash: string;
  network: string;
  paymentResponse: string;
}

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
    const abi = [
      { type: 'function', name: 'name', stateMutability: 'view', inputs: [], outputs: [{ type: 'string' }] },
      { type: 'function', name: 'version', stateMutability: 'view', inputs: [], outputs: [{ type: 'string' }] },
    ] as const;
    const [name, version] = await Promise.all([
      this.chain.publicClient.readContract({ address: this.chain.token, abi, functionName: 'name' }),
      this.chain.publicClient.readContract({ address: this.chain.token, abi, functionName: 'version' }),
    ]);
    this.domain = { name, version };
    return this.domain;
  }

  private facilitator(): FacilitatorClient {
    const url = this.s.config.payments.x402FacilitatorUrl;
    if (url) return new HTTPFacilitatorClient({ url });
    const ops = this.chain.walletClient;
    const wallet = ops.extend(publicActions);
    const base = { ...(wallet as unknown as Parameters<typeof toFacilitatorEvmSigner>[0]), address: wallet.account.address };
    // Settlements are sent by the operations account, which also commits certificates: queue its sends in nonce order.
    const signer = toFacilitatorEvmSigner({
      ...base,
      writeContract: (args) => serialiseSender(ops, () => base.writeContract(args)),
      sendTransaction: (args) => serialiseSender(ops, () => base.sendTransaction(args)),
    });
    const f = registerExactEvmScheme(new x402Facilitator(), { signer, networks: this.chain.network });
    return {
      verify: (p, r) => f.verify(p, r),
      settle: (p, r) => f.settle(p, r),
      getSupported: async () => f.getSupported() as Awaited<ReturnType<FacilitatorClient['getSupported']>>,
    };
  }

  async server(): Promise<x402HTTPResourceServer> {
    if (this.http) return this.http;
    this.init ??= (async () => {
      const extra = await this.tokenDomain();
      const option = (description: string) => ({
        accepts: {
          scheme: 'exact',
          network: this.chain.network,
          payTo: this.chain.treasury,
          price: (ctx: HTTPRequestContext) => ({ amount: (ctx.adapter as PricedAdapter).priceMicros.toString(), asset: this.chain.token, extra }),
          maxTimeoutSeconds: X402_MAX_TIMEOUT_SECONDS,
        },
        description,
        mimeType: 'application/json',
      });
      const routes: RoutesConfig = {
        [`POST ${X402_ROUTES.topup}`]: option('SIGMA credits top-up (1 USDC = 100 credits)'),
        [`POST ${X402_ROUTES.submission}`]: option('SIGMA submission review at the quoted price'),
      };
      const resource = new x402ResourceServer(this.facilitator()).register(this.chain.network, new ExactEvmScheme());
      const http = new x402HTTPResourceServer(resource, routes);
      await http.initialize();
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
    const intentId = await this.openIntent(seed, nonce);
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
    await this.s.db.transaction((tx) => this.book(tx, intentId, seed, settled, result));
    return { paid: true, headers: settle.headers, result };
  }

  /** Open (or reopen, after a failed settlement) the CREATED intent of a nonce; a nonce in flight or paid cannot be opened again. */
  private async openIntent(seed: IntentSeed, nonce: string): Promise<string> {
    const now = this.s.clock.now();
    const fields = {
      developerId: seed.developerId,
      purpose: seed.purpose,
      method: 'X402',
      status: 'CREATED',
      quoteId: seed.quoteId,
      credits: seed.credits,
      amountMicros: seed.micros,
      network: this.chain.network,
      asset: this.chain.token,
      payTo: this.chain.treasury as Address,
      snapshot: seed.snapshot,
      failureReason: null,
      expiresAt: new Date(now.getTime() + X402_MAX_TIMEOUT_SECONDS * 1000),
      updatedAt: now,
    };
    try {
      return await this.s.db.transaction(async (tx) => {
        const prior = (await tx.select().from(paymentIntents).where(eq(paymentIntents.x402Nonce, nonce)).for('update'))[0];
        if (prior) {
          if (prior.developerId !== seed.developerId) throw new SigmaError('SIGMA_E_PAYMENT_NONCE_REUSED', undefined, { field: 'PAYMENT-SIGNATURE' });
          if (prior.status !== 'FAILED')
            throw new SigmaError(
              'SIGMA_E_PAYMENT_NONCE_REUSED',
              'This authorization is already being settled or was used; retry the same request to get its result.',
              { field: 'PAYMENT-SIGNATURE' },
            );
          await tx.update(paymentIntents).set(fields).where(eq(paymentIntents.id, prior.id));
          return prior.id;
        }
        const id = newId24();
        await tx.insert(paymentIntents).values({ id, ...fields, x402Nonce: nonce, createdAt: now });
        return id;
      });
    } catch (err) {
      const e = err as { code?: string; cause?: { code?: string } };
      if (e?.code === '23505' || e?.cause?.code === '23505') throw new SigmaError('SIGMA_E_PAYMENT_NONCE_REUSED', undefined, { field: 'PAYMENT-SIGNATURE' });
      throw err;
    }
  }

  /**
   * Book a settled payment: the intent CONFIRMED (a TOPUP is CONSUMED at once), the x402 row
   * (primary key = nonce), and the USDC as credits (ledger key `x402:<network>:<nonce>`).
   */
  private async book(tx: Tx, intentId: string, seed: IntentSeed, settled: Settled, result: Record<string, unknown>) {
    const now = this.s.clock.now();
    const topup = seed.purpose === 'TOPUP';
    await tx
      .update(paymentIntents)
      .set({
        status: topup ? 'CONSUMED' : 'CONFIRMED',
        payer: settled.payer,
        txHash: settled.txHash.toLowerCase(),
        confirmedAt: now,
        consumedAt: topup ? now : null,
        expiresAt: new Date(now.getTime() + this.s.config.payments.intentTtlSeconds * 1000),
        updatedAt: now,
      })
      .where(eq(paymentIntents.id, intentId));
    await tx.insert(x402Payments).values({
      nonce: settled.nonce,
      network: this.chain.network,
      developerId: seed.developerId,
      purpose: seed.purpose,
      payer: settled.payer,
      amountMicros: seed.micros,
      txHash: settled.txHash.toLowerCase(),
      intentId,
      result,
      paymentResponse: settled.paymentResponse,
    });
    const posted = await topUpFromUsdc(tx, {
      developerId: seed.developerId,
      credits: seed.credits,
      micros: seed.micros,
      idempotencyKey: `x402:${this.chain.network}:${settled.nonce}`,
      memo: `x402 ${topup ? 'top-up' : 'payment'} ${settled.txHash}`,
      refType: 'payment_intent',
      refId: intentId,
      data: { nonce: settled.nonce, payer: settled.payer, txHash: settled.txHash },
    });
    if (!posted.created) throw new SigmaError('SIGMA_E_PAYMENT_NONCE_REUSED', undefined, { field: 'PAYMENT-SIGNATURE' });
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
