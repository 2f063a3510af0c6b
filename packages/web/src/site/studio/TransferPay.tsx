import { useState } from 'react';
import { TextField } from '../../components/Form';
import { ErrorMessage } from '../../components/ui';
import { api } from '../../lib/api';
import { useAction } from '../../lib/hooks';
import { openAs } from '../../lib/open-responses';
import type { Quote } from '../../lib/quote';
import type { Intent } from '../payments/common';
import { TransferIntent } from '../payments/TransferIntent';

/** Pay a quote by a direct USDC transfer: open an intent for it, send, then confirm with the transaction hash. */
export function TransferPay({ quote, intent, onIntent, expired }: { quote: Quote; intent: Intent | null; onIntent: (i: Intent) => void; expired: boolean }) {
  const open = useAction();
  const [payer, setPayer] = useState('');
  if (intent) {
    return (
      <div className="card">
        <TransferIntent intent={intent} onChange={onIntent} />
      </div>
    );
  }
  return (
    <div className="card">
      <p>
        Open a payment intent for this quote ({quote.usdc} USDC). You get the treasury address and the exact amount; after sending, paste the transaction hash.
        The USDC becomes credits as soon as it is confirmed.
      </p>
      <TextField
        label="Paying wallet (optional)"
        hint="If given, only a transfer from this address pays the intent."
        mono
        value={payer}
        autoComplete="off"
        spellCheck={false}
        onChange={setPayer}
      />
      <button
        type="button"
        className="secondary"
        disabled={open.busy !== null || expired}
        onClick={() =>
          void open.run('intent', async () => {
            const r = await api.post('/api/v1/dev/payment-intents', { body: { quoteId: quote.quoteId, ...(payer.trim() ? { payer: payer.trim() } : {}) } });
            onIntent(openAs<Intent>(r));
          })
        }
      >
        {open.busy ? 'Opening…' : 'Open a payment intent'}
      </button>
      <ErrorMessage error={open.error} title="Could not open the intent" />
    </div>
  );
}
