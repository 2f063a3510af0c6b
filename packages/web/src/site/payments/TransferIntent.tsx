import { useState } from 'react';
import { Form, TextField } from '../../components/Form';
import { Facts, Mono } from '../../components/ui';
import { api } from '../../lib/api';
import { formatDate } from '../../lib/format';
import { useAction } from '../../lib/hooks';
import { formatCountdown, formatCredits } from '../../lib/money';
import { openAs } from '../../lib/open-responses';
import { Command, useNow, type Intent } from './common';

/**
 * A direct-transfer payment intent: where to send how much, and a field for the transaction hash.
 * Confirming books the USDC as credits at once (docs/payments.md).
 */
export function TransferIntent({ intent, onChange }: { intent: Intent; onChange: (i: Intent) => void }) {
  const [txHash, setTxHash] = useState('');
  const confirm = useAction();
  const now = useNow();
  const open = intent.status === 'CREATED' && new Date(intent.expiresAt).getTime() > now;
  const chainId = intent.amount.network.replace(/^eip155:/, '');
  const badHash = txHash !== '' && !/^0x[0-9a-fA-F]{64}$/.test(txHash.trim());
  return (
    <div className="card intent" data-testid="transfer-intent">
      <h3>
        Payment intent <span className="mono">{intent.intentId}</span>: {intent.status}
      </h3>
      <Facts
        items={[
          ['Send', <strong key="a">{intent.amount.usdc} USDC</strong>],
          ['Exact amount (6-decimal units)', <Mono key="m">{intent.amount.micros}</Mono>],
          ['Token contract', <Mono key="t">{intent.amount.asset}</Mono>],
          ['Network', `${intent.amount.network} (chain id ${chainId})`],
          ['To the treasury', <Mono key="p">{intent.payTo}</Mono>],
          ['From', intent.payer ? <Mono key="f">{intent.payer}</Mono> : 'any wallet'],
          ['For', intent.purpose === 'TOPUP' ? formatCredits(intent.credits) : `quote ${intent.quoteId ?? ''} (${formatCredits(intent.credits)})`],
          [
            'Pay before',
            open ? `${formatDate(intent.expiresAt)} (${formatCountdown(new Date(intent.expiresAt).getTime() - now)} left)` : formatDate(intent.expiresAt),
          ],
        ]}
      />
      {open && (
        <>
          <p>
            Send the token with any wallet (an ERC-20 <code>transfer</code> to the treasury, or <code>SigmaTreasury.deposit</code>), then paste the transaction
            hash. With Foundry:
          </p>
          <Command label="Transfer command">{`cast send ${intent.amount.asset} "transfer(address,uint256)" ${intent.payTo} ${intent.amount.micros} --chain ${chainId} --rpc-url "$RPC_URL" --interactive`}</Command>
          <Form
            action={confirm}
            name="confirm"
            inline
            submitLabel="Confirm transfer"
            busyLabel="Checking on chain…"
            canSubmit={txHash !== '' && !badHash}
            progress="Checking the transaction on chain…"
            resultTitle="The transfer was not accepted"
            onSubmit={async () => {
              const r = await api.post('/api/v1/dev/payment-intents/{id}/confirm', { path: { id: intent.intentId }, body: { txHash: txHash.trim() } });
              onChange(openAs<Intent>(r));
            }}
          >
            <TextField
              label="Transaction hash"
              hint="0x and 64 hex digits. The server checks the receipt, confirmations and the Transfer log; a hash pays once."
              error={badHash ? 'That is not a transaction hash.' : null}
              mono
              value={txHash}
              autoComplete="off"
              spellCheck={false}
              onChange={setTxHash}
            />
          </Form>
        </>
      )}
      {intent.status === 'CONFIRMED' && (
        <div className="alert alert-ok" role="status">
          Transfer confirmed{intent.txHash ? ` (${intent.txHash.slice(0, 12)}…)` : ''}: {formatCredits(intent.credits)} booked to your account
          {intent.purpose === 'SUBMISSION' ? '; submit to use them for this quote.' : '.'}
        </div>
      )}
      {intent.status === 'CONSUMED' && (
        <div className="alert alert-ok" role="status">
          {intent.purpose === 'TOPUP' ? (
            <>
              Transfer confirmed{intent.txHash ? ` (${intent.txHash.slice(0, 12)}…)` : ''}: {formatCredits(intent.credits)} added to your balance.
            </>
          ) : (
            <>Paid and used for a submission ({formatCredits(intent.credits)}).</>
          )}
        </div>
      )}
      {(intent.status === 'EXPIRED' || intent.status === 'FAILED') && (
        <div className="alert alert-warn" role="status">
          This intent is {intent.status.toLowerCase()}
          {intent.failureReason ? `: ${intent.failureReason}` : ''}. Open a new one to pay.
        </div>
      )}
    </div>
  );
}
