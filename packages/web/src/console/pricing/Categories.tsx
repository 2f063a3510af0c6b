import { useState } from 'react';
import { Form, SelectField, TextField } from '../../components/Form';
import { Table } from '../../components/Table';
import { ActionResult, Badge, Progress } from '../../components/ui';
import { api } from '../../lib/api';
import { formatDate } from '../../lib/format';
import { useAction } from '../../lib/hooks';
import { creditsToUsdc, formatCredits } from '../../lib/money';
import { intOrNull, PRODUCT_TYPES, type Catalogue, type CategoryEntry } from '../lib/pricing';
import { retire } from './retire';

/** A new base price for one active category, in its table row. */
function ChangePrice({ c, a, reload }: { c: CategoryEntry; a: ReturnType<typeof useAction>; reload: () => void }) {
  const [value, setValue] = useState('');
  const n = intOrNull(value);
  const ok = n !== null && !Number.isNaN(n);
  return (
    <form
      className="row-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (!ok) return;
        void a.run(`change ${c.id}`, async () => {
          await api.patch('/api/v1/operator/pricing/categories/{id}', { path: { id: c.id }, body: { baseCredits: n } });
          setValue('');
          reload();
          return `${c.productType} now costs ${formatCredits(n)} (${creditsToUsdc(n)} USDC).`;
        });
      }}
    >
      <label className="sr-only" htmlFor={`price-${c.id}`}>
        New base price for {c.productType} (credits)
      </label>
      <input
        id={`price-${c.id}`}
        inputMode="numeric"
        className="narrow"
        placeholder={String(c.baseCredits)}
        value={value}
        onChange={(e) => setValue(e.target.value)}
      />
      <button type="submit" className="small" disabled={a.busy !== null || !ok} aria-label={`Change the ${c.productType} price`}>
        Change
      </button>
      <button
        type="button"
        className="small danger"
        disabled={a.busy !== null}
        aria-label={`Retire the ${c.productType} price`}
        onClick={() => retire(a, `the ${c.productType} price`, '/api/v1/operator/pricing/categories/{id}/retire', c.id, reload)}
      >
        Retire
      </button>
    </form>
  );
}

/** Price a category that has no active price yet. */
function NewCategory({ missing, reload }: { missing: readonly string[]; reload: () => void }) {
  const a = useAction();
  const [picked, setPicked] = useState('');
  const [price, setPrice] = useState('');
  const type = missing.includes(picked) ? picked : (missing[0] ?? '');
  return (
    <Form
      action={a}
      inline
      submitLabel="Price it"
      canSubmit={/^\d+$/.test(price.trim())}
      onSubmit={async () => {
        const n = Number(price.trim());
        await api.post('/api/v1/operator/pricing/categories', { body: { productType: type as (typeof PRODUCT_TYPES)[number], baseCredits: n } });
        setPrice('');
        reload();
        return `${type} priced at ${formatCredits(n)}.`;
      }}
    >
      <SelectField label="Category without a price" value={type} onChange={setPicked} options={missing} />
      <TextField label="Base price (credits)" inputMode="numeric" value={price} onChange={setPrice} />
    </Form>
  );
}

export function Categories({ cat, reload }: { cat: Catalogue; reload: () => void }) {
  const a = useAction();
  const active = cat.categories.filter((c) => c.status === 'ACTIVE');
  const missing = PRODUCT_TYPES.filter((t) => !active.some((c) => c.productType === t));
  return (
    <section className="card" aria-labelledby="categories">
      <h2 id="categories">Categories (base prices)</h2>
      <p className="hint">A change retires the entry and creates a new one, so every stored quote keeps the exact price it was made with.</p>
      <Table
        label="Category prices"
        rows={cat.categories}
        rowKey={(c) => c.id}
        rowClassName={(c) => (c.status === 'ACTIVE' ? undefined : 'retired')}
        columns={[
          {
            header: 'Category',
            rowHeader: true,
            cell: (c) => (
              <>
                {c.productType} {c.status !== 'ACTIVE' && <Badge value={c.status} />}
              </>
            ),
          },
          {
            header: 'Base price',
            num: true,
            cell: (c) => (
              <>
                {formatCredits(c.baseCredits)}
                <div className="muted">{creditsToUsdc(c.baseCredits)} USDC</div>
              </>
            ),
          },
          {
            header: 'Since',
            cell: (c) => (
              <>
                {formatDate(c.createdAt)}
                {c.retiredAt && <div className="muted">retired {formatDate(c.retiredAt)}</div>}
              </>
            ),
          },
          { header: 'Change', cell: (c) => c.status === 'ACTIVE' && <ChangePrice c={c} a={a} reload={reload} /> },
        ]}
      />
      {a.busy && <Progress label="Saving…" />}
      <ActionResult action={a} />
      {missing.length > 0 && <NewCategory missing={missing} reload={reload} />}
    </section>
  );
}
