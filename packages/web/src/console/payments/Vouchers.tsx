import { useState } from 'react';
import { Form, TextField } from '../../components/Form';
import { List } from '../../components/List';
import { Table } from '../../components/Table';
import { ActionResult, Badge } from '../../components/ui';
import { api } from '../../lib/api';
import { formatDate } from '../../lib/format';
import { useAction, useApi } from '../../lib/hooks';
import { openAs, type Voucher } from '../../lib/open-responses';
import { intOrNull, localToIso } from '../lib/pricing';

const EMPTY = { code: '', maxUses: '1', perDeveloperLimit: '', expiresAt: '', note: '' };

function CreateVoucher({ onCreated }: { onCreated: () => void }) {
  const a = useAction();
  const [d, setD] = useState(EMPTY);
  const max = intOrNull(d.maxUses);
  const per = intOrNull(d.perDeveloperLimit);
  const ok = /^[A-Za-z0-9][A-Za-z0-9_-]{2,63}$/.test(d.code.trim()) && !Number.isNaN(max) && max !== 0 && !Number.isNaN(per) && per !== 0;
  return (
    <Form
      action={a}
      name="create"
      submitLabel="Create the voucher"
      canSubmit={ok}
      onSubmit={async () => {
        const r = await api.post('/api/v1/operator/payments/vouchers', {
          body: {
            code: d.code.trim(),
            maxUses: max,
            perDeveloperLimit: per,
            expiresAt: localToIso(d.expiresAt),
            ...(d.note.trim() ? { note: d.note.trim() } : {}),
          },
        });
        setD(EMPTY);
        onCreated();
        return `Voucher ${r.code} created.`;
      }}
    >
      <div className="form-grid">
        <TextField
          label="Voucher code"
          hint="3–64 letters, digits, - or _; stored upper-case."
          value={d.code}
          maxLength={64}
          autoComplete="off"
          onChange={(code) => setD({ ...d, code })}
        />
        <TextField
          label="Uses in total"
          hint="1 = single use; empty = unlimited."
          inputMode="numeric"
          value={d.maxUses}
          onChange={(maxUses) => setD({ ...d, maxUses })}
        />
        <TextField
          label="Uses per developer"
          hint="Empty = no per-developer limit."
          inputMode="numeric"
          value={d.perDeveloperLimit}
          onChange={(perDeveloperLimit) => setD({ ...d, perDeveloperLimit })}
        />
        <TextField
          label="Expires (your local time)"
          hint="Empty = never."
          type="datetime-local"
          value={d.expiresAt}
          onChange={(expiresAt) => setD({ ...d, expiresAt })}
        />
        <TextField label="Note (optional)" value={d.note} maxLength={500} onChange={(note) => setD({ ...d, note })} />
      </div>
    </Form>
  );
}

export function Vouchers() {
  const v = useApi('/api/v1/operator/payments/vouchers');
  const a = useAction();
  return (
    <section className="card" aria-labelledby="vouchers">
      <h2 id="vouchers">Vouchers</h2>
      <List loaded={v} what="vouchers" items={(d) => d.vouchers.map((x) => openAs<Voucher>(x))} empty="No vouchers yet.">
        {(rows) => (
          <Table
            label="Vouchers"
            rows={rows}
            rowKey={(x) => x.code}
            columns={[
              { header: 'Code', rowHeader: true, className: 'mono', cell: (x) => x.code },
              { header: 'Used', cell: (x) => `${x.redeemed} / ${x.maxUses ?? '∞'}` },
              { header: 'Per developer', cell: (x) => x.perDeveloperLimit ?? '—' },
              { header: 'Expires', cell: (x) => (x.expiresAt ? formatDate(x.expiresAt) : 'never') },
              { header: 'Status', cell: (x) => <Badge value={x.status} /> },
              { header: 'Note', className: 'wrap', cell: (x) => x.note },
              {
                header: 'Action',
                cell: (x) =>
                  x.status === 'ACTIVE' && (
                    <button
                      type="button"
                      className="small danger"
                      aria-label={`Retire voucher ${x.code}`}
                      disabled={a.busy !== null}
                      onClick={() => {
                        if (!window.confirm(`Retire voucher ${x.code}? It stops working at once.`)) return;
                        void a.run('retire', async () => {
                          await api.post('/api/v1/operator/payments/vouchers/{code}/retire', { path: { code: x.code } });
                          v.reload();
                          return `Voucher ${x.code} retired.`;
                        });
                      }}
                    >
                      Retire
                    </button>
                  ),
              },
            ]}
          />
        )}
      </List>
      <ActionResult action={a} />
      <details>
        <summary>Create a voucher</summary>
        <CreateVoucher onCreated={v.reload} />
      </details>
    </section>
  );
}
