import { useState } from 'react';
import { Form, TextAreaField, TextField } from '../../components/Form';
import { api } from '../../lib/api';
import { useAction } from '../../lib/hooks';
import { formatCredits } from '../../lib/money';
import { intOrNull } from '../lib/pricing';
import { DEV_ID_HINT } from './Overrides';

const EMPTY = { developerId: '', credits: '', reason: '' };

/** Grant credits to a developer from the promotions budget. */
export function CreditGrant() {
  const a = useAction();
  const [d, setD] = useState(EMPTY);
  const n = intOrNull(d.credits);
  const valid = /^[0-9a-f]{24}$/.test(d.developerId.trim()) && n !== null && !Number.isNaN(n) && n > 0 && d.reason.trim().length >= 5;
  return (
    <section className="card" aria-labelledby="grants">
      <h2 id="grants">Grant credits</h2>
      <p className="hint">Booked to the promotions budget; the developer sees it in their ledger with your reason.</p>
      <Form
        action={a}
        name="grant"
        submitLabel="Grant credits"
        canSubmit={valid}
        resultTitle="The grant was not made"
        onSubmit={async () => {
          const r = await api.post('/api/v1/operator/payments/credit-grants', {
            body: { developerId: d.developerId.trim(), credits: n!, reason: d.reason.trim() },
          });
          setD(EMPTY);
          return `Granted ${formatCredits(n!)}; the developer's balance is now ${formatCredits(r.credits)} (transaction ${r.transactionId}).`;
        }}
      >
        <div className="form-grid">
          <TextField
            label="Developer id to credit"
            hint={DEV_ID_HINT}
            mono
            value={d.developerId}
            autoComplete="off"
            onChange={(developerId) => setD({ ...d, developerId })}
          />
          <TextField label="Credits to grant" inputMode="numeric" value={d.credits} onChange={(credits) => setD({ ...d, credits })} />
        </div>
        <TextAreaField
          label="Reason for the grant"
          hint="At least 5 characters; audited and shown to the developer."
          value={d.reason}
          maxLength={2000}
          onChange={(reason) => setD({ ...d, reason })}
        />
      </Form>
    </section>
  );
}
