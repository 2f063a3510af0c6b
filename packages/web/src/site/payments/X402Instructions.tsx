import type { Quote } from '../../lib/quote';
import { Command, origin } from './common';

/** How to buy credits or pay with x402 from the CLI, with this server's address filled in. */
export function X402Instructions({ what, credits, quote }: { what: 'topup' | 'submission'; credits?: number; quote?: Quote | null }) {
  const env = `export SIGMA_API_URL=${origin()}\nexport SIGMA_API_KEY=sigma_dk_…      # from API keys\nexport SIGMA_WALLET_KEY=0x…       # the paying wallet (or --wallet-key-file FILE)`;
  return (
    <div>
      {what === 'topup' ? (
        <>
          <p>
            The CLI pays with x402 v2: the server answers <code>402</code> with the price, the CLI signs a gasless USDC authorization (EIP-3009), and the server
            settles it before booking any credit.
          </p>
          <Command label="Buy credits with x402">{`${env}\nsigma credits buy ${credits && credits > 0 ? credits : 500}`}</Command>
        </>
      ) : (
        <>
          <p>x402 needs a wallet that signs a USDC authorization; from the CLI it quotes, pays and submits in one step (it never pays more than the quote):</p>
          <Command label="Submit and pay with x402">{`${env}\nsigma submit ./my-skill --category ${quote?.productType ?? 'SKILL'} --pay x402`}</Command>
          {quote && (
            <p className="hint">
              Any x402 v2 client can pay this very quote: <code>POST {origin()}/api/v1/dev/submissions/x402</code> with the same body plus{' '}
              <code>&quot;quoteId&quot;: &quot;{quote.quoteId}&quot;</code>; the first answer is <code>402</code> with <code>PAYMENT-REQUIRED</code> for{' '}
              {quote.usdc} USDC. Offers: <a href="/.well-known/x402.json">/.well-known/x402.json</a>.
            </p>
          )}
        </>
      )}
    </div>
  );
}
