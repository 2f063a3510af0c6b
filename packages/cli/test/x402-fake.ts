import { decodePaymentSignatureHeader, encodePaymentRequiredHeader, encodePaymentResponseHeader } from '@x402/core/http';
import { verifyTypedData, type Hex } from 'viem';
import type { Answer, FakeApi, Seen } from './fake-api.js';

/**
 * The server's side of x402 v2 for one route, on the loopback fake: `/.well-known/x402.json`, then
 * 402 with PAYMENT-REQUIRED, then the retry's PAYMENT-SIGNATURE checked the way a facilitator does
 * (the EIP-3009 authorization's EIP-712 signature recovers to its `from`, pays the treasury exactly
 * the price) before answering with PAYMENT-RESPONSE. Nothing is mocked on the client side: the CLI
 * uses the official @x402 client and signs with its wallet key.
 */
export const X402_NETWORK = 'eip155:31337';
export const X402_TOKEN = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
export const X402_TREASURY = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
const DOMAIN = { name: 'USD Coin', version: '2' };

export interface Paid {
  from: string;
  value: bigint;
  nonce: string;
}

export function x402Route(fake: FakeApi, route: string, price: (req: Seen) => bigint, paid: (req: Seen, p: Paid) => unknown): Paid[] {
  const payments: Paid[] = [];
  fake.on('GET /.well-known/x402.json', () => ({
    body: { x402Version: 2, enabled: true, offers: [{ accepts: { scheme: 'exact', network: X402_NETWORK, asset: X402_TOKEN, payTo: X402_TREASURY } }] },
  }));
  fake.on(route, async (req): Promise<Answer> => {
    const amount = price(req);
    const requirements = {
      scheme: 'exact',
      network: X402_NETWORK,
      asset: X402_TOKEN,
      amount: amount.toString(),
      payTo: X402_TREASURY,
      maxTimeoutSeconds: 300,
      extra: DOMAIN,
    };
    const required = (error: string) => ({
      status: 402,
      headers: {
        'PAYMENT-REQUIRED': encodePaymentRequiredHeader({
          x402Version: 2,
          error,
          resource: { url: `http://127.0.0.1${req.path}`, description: 'SIGMA', mimeType: 'application/json' },
          accepts: [requirements as never],
        }),
      },
      body: { error: { code: 'SIGMA_E_PAYMENT_REQUIRED', message: error } },
    });
    const header = req.headers['payment-signature'];
    if (typeof header !== 'string') return required('Payment required');
    const p = decodePaymentSignatureHeader(header) as unknown as {
      payload: { signature: Hex; authorization: { from: Hex; to: Hex; value: string; validAfter: string; validBefore: string; nonce: Hex } };
    };
    const a = p.payload.authorization;
    const ok = await verifyTypedData({
      address: a.from,
      domain: { ...DOMAIN, chainId: 31337, verifyingContract: X402_TOKEN },
      types: {
        TransferWithAuthorization: [
          { name: 'from', type: 'address' },
          { name: 'to', type: 'address' },
          { name: 'value', type: 'uint256' },
          { name: 'validAfter', type: 'uint256' },
          { name: 'validBefore', type: 'uint256' },
          { name: 'nonce', type: 'bytes32' },
        ],
      },
      primaryType: 'TransferWithAuthorization',
      message: { from: a.from, to: a.to, value: BigInt(a.value), validAfter: BigInt(a.validAfter), validBefore: BigInt(a.validBefore), nonce: a.nonce },
      signature: p.payload.signature,
    });
    if (!ok || a.to.toLowerCase() !== X402_TREASURY.toLowerCase() || BigInt(a.value) !== amount) return required('invalid payment');
    const payment = { from: a.from, value: BigInt(a.value), nonce: a.nonce };
    payments.push(payment);
    return {
      status: 200,
      headers: {
        'PAYMENT-RESPONSE': encodePaymentResponseHeader({ success: true, transaction: `0x${'ab'.repeat(32)}`, network: X402_NETWORK, payer: a.from }),
      },
      body: paid(req, payment),
    };
  });
  return payments;
}
