import { useEffect, useState } from 'react';
import type { Get } from '../../lib/api';

/** Developer payment pieces shared by the studio and the credits page (docs/payments.md). */

/** `GET /api/v1/dev/payment-methods`: the methods switched on, and whether this server has a chain (transfers and x402 need one). */
export type PaymentMethods = Get<'/api/v1/dev/payment-methods'>;
/** `GET /api/v1/dev/credits`: the balance derived from the ledger and the latest movements. */
export type CreditsView = Get<'/api/v1/dev/credits'>;
export type LedgerLine = CreditsView['history'][number];
export type { Intent } from '../../lib/open-responses';

export const METHOD_NAMES: Record<string, string> = {
  CREDITS: 'credits',
  CHAIN_TRANSFER: 'direct USDC transfer',
  X402: 'x402',
  VOUCHER: 'voucher',
  WALLET: 'allow-listed wallet',
  OVERRIDE: 'operator free override',
};

/** The current time, refreshed every `ms` (for countdowns). */
export function useNow(ms = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(t);
  }, [ms]);
  return now;
}

/** This server's address as the CLI needs it. */
export const origin = () => (typeof window === 'undefined' ? 'https://sigma.example.org' : window.location.origin);

/** A shell command to copy, with a copy button that says whether it worked. */
export function Command({ label, children }: { label: string; children: string }) {
  const [copied, setCopied] = useState<null | 'yes' | 'no'>(null);
  return (
    <div className="command">
      <pre aria-label={label}>{children}</pre>
      <button
        type="button"
        className="secondary small"
        aria-label={`Copy: ${label}`}
        onClick={() => {
          if (!navigator.clipboard) {
            setCopied('no');
            return;
          }
          navigator.clipboard.writeText(children).then(
            () => setCopied('yes'),
            () => setCopied('no'),
          );
        }}
      >
        Copy
      </button>
      <span className="muted" role="status">
        {copied === 'yes' ? 'Copied.' : copied === 'no' ? 'Copying is not allowed here; select the text instead.' : ''}
      </span>
    </div>
  );
}

/** Methods switched off on this deployment, in words (or null when all are on). */
export function offMethods(m: PaymentMethods): string | null {
  const off = Object.entries(m.methods)
    .filter(([, on]) => !on)
    .map(([k]) => METHOD_NAMES[k] ?? k);
  return off.length ? off.join(', ') : null;
}
