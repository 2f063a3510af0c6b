import { useState } from 'react';
import { Form, TextField } from '../../components/Form';
import { api } from '../../lib/api';
import { formatDate } from '../../lib/format';
import { useAction } from '../../lib/hooks';
import { formatCredits } from '../../lib/money';
import { intOrNull, type Catalogue } from '../lib/pricing';
import { retire } from './retire';

export function PackageFee({ cat, reload }: { cat: Catalogue; reload: () => void }) {
  const a = useAction();
  const current = cat.packageFees.find((f) => f.status === 'ACTIVE') ?? null;
  const [value, setValue] = useState('');
  const n = intOrNull(value);
  return (
    <section className="card" aria-labelledby="package-fee">
      <h2 id="package-fee">Per-package fee</h2>
      <p>
        {current ? (
          <>
            <strong>{formatCredits(current.creditsPerPackage)}</strong> per dependency not yet certified (categories ending in <code>_PACKAGES</code>), since{' '}
            {formatDate(current.createdAt)}.
          </>
        ) : (
          'No package fee: dependencies add nothing to the price.'
        )}
      </p>
      <Form
        action={a}
        name="set fee"
        inline
        submitLabel={current ? 'Change the fee' : 'Set the fee'}
        canSubmit={n !== null && !Number.isNaN(n)}
        onSubmit={async () => {
          await api.put('/api/v1/operator/pricing/package-fee', { body: { creditsPerPackage: n! } });
          setValue('');
          reload();
          return `The package fee is now ${formatCredits(n!)}.`;
        }}
        extra={
          current && (
            <button
              type="button"
              className="danger"
              disabled={a.busy !== null}
              onClick={() => retire(a, 'the package fee', '/api/v1/operator/pricing/package-fee/{id}/retire', current.id, reload)}
            >
              Retire the fee
            </button>
          )
        }
      >
        <TextField
          label="Credits per package"
          inputMode="numeric"
          value={value}
          placeholder={current ? String(current.creditsPerPackage) : ''}
          onChange={setValue}
        />
      </Form>
    </section>
  );
}
