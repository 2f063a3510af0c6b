import type { PaymentMethods } from '../payments/common';

/** How a developer can pay a quote in the studio. */
export type Choice = 'credits' | 'voucher' | 'override' | 'wallet' | 'transfer' | 'x402';

/** The choices this deployment offers, in the order people usually want them. */
export function choicesFor(m: PaymentMethods): Array<{ id: Choice; label: string; hint: string }> {
  const on = (k: string) => m.methods[k] === true;
  const out: Array<{ id: Choice; label: string; hint: string }> = [];
  if (on('CREDITS')) out.push({ id: 'credits', label: 'Pay with credits', hint: 'Debited from your balance when the submission is created.' });
  if (on('VOUCHER')) out.push({ id: 'voucher', label: 'Voucher code', hint: 'A code from the operators; the price is booked to their promotions budget.' });
  if (on('CHAIN_TRANSFER') && m.chain)
    out.push({ id: 'transfer', label: 'Direct USDC transfer', hint: 'Send USDC to the treasury from any wallet, then paste the transaction hash.' });
  if (on('X402') && m.chain) out.push({ id: 'x402', label: 'x402 (CLI or agent)', hint: 'A wallet signs a gasless USDC authorization; done from the CLI.' });
  if (on('OVERRIDE')) out.push({ id: 'override', label: 'Free submission granted by an operator', hint: 'Uses your oldest unused operator free override.' });
  if (on('WALLET')) out.push({ id: 'wallet', label: 'Allow-listed wallet', hint: 'A wallet the operators allow-listed signs this quote.' });
  return out;
}
