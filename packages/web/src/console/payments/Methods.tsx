import { useState } from 'react';
import { List } from '../../components/List';
import { Table } from '../../components/Table';
import { ActionResult } from '../../components/ui';
import { api, type CallInit } from '../../lib/api';
import { useAction, useApi } from '../../lib/hooks';

/** A payment method as the switch route names it. */
type PaymentMethod = CallInit<'put', '/api/v1/operator/payments/methods/{method}'>['path']['method'];

const METHOD_INFO: Record<string, { name: string; what: string; chain?: boolean }> = {
  CREDITS: { name: 'Credits', what: 'Developers pay quotes from their credit balance.' },
  CHAIN_TRANSFER: {
    name: 'Direct USDC transfer',
    what: 'A transfer to the treasury, confirmed with its transaction hash (checked on chain; a hash pays once).',
    chain: true,
  },
  X402: { name: 'x402 (v2)', what: 'HTTP 402 with PAYMENT-REQUIRED; settled through the facilitator before any work.', chain: true },
  VOUCHER: { name: 'Vouchers', what: 'Codes you create below; the price is booked to promotions.' },
  WALLET: { name: 'Allow-listed wallets', what: 'Wallets on the list below submit free by signing the quote.' },
  OVERRIDE: { name: 'Operator free overrides', what: 'One free submission you grant to a developer below.' },
};

/** The payment-method switches; a switch moves at once and moves back if the server refuses. */
export function MethodSwitches() {
  const m = useApi('/api/v1/operator/payments/methods');
  const a = useAction();
  const [pending, setPending] = useState<Record<string, boolean>>({});
  const toggle = (method: string, enabled: boolean, name: string) => {
    setPending((p) => ({ ...p, [method]: enabled }));
    void a
      .run(method, async () => {
        await api.put('/api/v1/operator/payments/methods/{method}', { path: { method: method as PaymentMethod }, body: { enabled } });
        m.reload();
        return `${name} ${enabled ? 'switched on' : 'switched off'}.`;
      })
      .then((ok) => {
        if (!ok)
          setPending((p) => {
            const { [method]: _drop, ...rest } = p;
            return rest;
          });
      });
  };
  return (
    <section className="card" aria-labelledby="methods">
      <h2 id="methods">Payment methods</h2>
      <List
        loaded={m}
        what="payment methods"
        errorTitle="Could not load the payment methods"
        items={(d) => Object.entries(d.methods)}
        empty="No payment methods."
      >
        {(rows, data) => (
          <>
            {!data.chain && <p className="hint">No chain is configured on this server: direct transfers and x402 cannot be used even when switched on.</p>}
            <Table
              label="Payment methods"
              rows={rows}
              rowKey={([k]) => k}
              columns={[
                {
                  header: 'Method',
                  rowHeader: true,
                  cell: ([k]) => (
                    <>
                      {METHOD_INFO[k]?.name ?? k}
                      <div className="mono muted">{k}</div>
                    </>
                  ),
                },
                {
                  header: 'Accepted',
                  cell: ([k, saved]) => {
                    const on = pending[k] ?? saved;
                    const name = METHOD_INFO[k]?.name ?? k;
                    return (
                      <label className="checkbox switch">
                        <input type="checkbox" checked={on} disabled={a.busy !== null} onChange={(e) => toggle(k, e.target.checked, name)} />{' '}
                        {on ? 'on' : 'off'}
                        <span className="sr-only"> — accept {name}</span>
                      </label>
                    );
                  },
                },
                {
                  header: 'What it means',
                  className: 'wrap',
                  cell: ([k]) => (
                    <>
                      {METHOD_INFO[k]?.what ?? ''}
                      {METHOD_INFO[k]?.chain && !data.chain && <span className="muted"> Needs a chain.</span>}
                    </>
                  ),
                },
              ]}
            />
          </>
        )}
      </List>
      <ActionResult action={a} title="The switch was not saved" />
    </section>
  );
}
