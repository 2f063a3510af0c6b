import { useState } from 'react';
import { Form, TextField } from '../../components/Form';
import { List } from '../../components/List';
import { Table } from '../../components/Table';
import { ActionResult, Badge, Mono } from '../../components/ui';
import { api } from '../../lib/api';
import { formatDate } from '../../lib/format';
import { useAction, useApi } from '../../lib/hooks';
import { openAs, type WalletEntry } from '../../lib/open-responses';

export function Wallets() {
  const w = useApi('/api/v1/operator/payments/wallets');
  const remove = useAction();
  const add = useAction();
  const [address, setAddress] = useState('');
  const [note, setNote] = useState('');
  const valid = /^0x[0-9a-fA-F]{40}$/.test(address.trim());
  return (
    <section className="card" aria-labelledby="wallets">
      <h2 id="wallets">Allow-listed wallets</h2>
      <p className="hint">
        A listed wallet submits free by signing <code>sigma:free-submission:&lt;quoteId&gt;</code> (EIP-191); the price is booked to promotions.
      </p>
      <List
        loaded={w}
        what="wallets"
        errorTitle="Could not load the allow-list"
        items={(d) => d.wallets.map((x) => openAs<WalletEntry>(x))}
        empty="No wallet is allow-listed."
      >
        {(rows) => (
          <Table
            label="Allow-listed wallets"
            rows={rows}
            rowKey={(x) => `${x.address}-${x.createdAt}`}
            columns={[
              { header: 'Address', rowHeader: true, cell: (x) => <Mono>{x.address}</Mono> },
              { header: 'Note', className: 'wrap', cell: (x) => x.note },
              { header: 'Since', cell: (x) => formatDate(x.createdAt) },
              { header: 'Status', cell: (x) => <Badge value={x.status} /> },
              {
                header: 'Action',
                cell: (x) =>
                  x.status === 'ACTIVE' && (
                    <button
                      type="button"
                      className="small danger"
                      aria-label={`Remove wallet ${x.address}`}
                      disabled={remove.busy !== null}
                      onClick={() =>
                        void remove.run('remove', async () => {
                          await api.delete('/api/v1/operator/payments/wallets/{address}', { path: { address: x.address } });
                          w.reload();
                          return `Wallet ${x.address} removed from the allow-list.`;
                        })
                      }
                    >
                      Remove
                    </button>
                  ),
              },
            ]}
          />
        )}
      </List>
      <ActionResult action={remove} />
      <Form
        action={add}
        name="allow"
        inline
        submitLabel="Allow-list"
        canSubmit={valid}
        onSubmit={async () => {
          await api.post('/api/v1/operator/payments/wallets', { body: { address: address.trim(), note: note.trim() } });
          setAddress('');
          setNote('');
          w.reload();
          return 'Wallet allow-listed.';
        }}
      >
        <TextField
          label="Wallet address"
          error={address !== '' && !valid ? 'An EVM address: 0x and 40 hex digits.' : null}
          mono
          value={address}
          autoComplete="off"
          spellCheck={false}
          onChange={setAddress}
        />
        <TextField label="Note" value={note} maxLength={500} onChange={setNote} />
      </Form>
    </section>
  );
}
