import { TextAreaField, TextField } from '../../components/Form';
import { ErrorMessage } from '../../components/ui';
import { ApiError } from '../../lib/api';
import { useAction } from '../../lib/hooks';

interface Eip1193 {
  request(args: { method: string; params?: unknown[] }): Promise<unknown>;
}
const browserWallet = (): Eip1193 | undefined => (window as unknown as { ethereum?: Eip1193 }).ethereum;
const hexUtf8 = (s: string) => `0x${Array.from(new TextEncoder().encode(s), (b) => b.toString(16).padStart(2, '0')).join('')}`;

export interface WalletSignature {
  address: string;
  signature: string;
}

/** Pay as an allow-listed wallet: sign `sigma:free-submission:<quoteId>` in a browser wallet, or paste address and signature. */
export function WalletPay({ message, wallet, onWallet }: { message: string; wallet: WalletSignature; onWallet: (w: WalletSignature) => void }) {
  const sign = useAction();
  return (
    <div className="card">
      <p>Sign this exact message (EIP-191 personal message) with the allow-listed wallet. The signature pays this quote only, once:</p>
      <pre aria-label="Message to sign">{message}</pre>
      {browserWallet() && (
        <div className="actions">
          <button
            type="button"
            className="secondary"
            disabled={sign.busy !== null}
            onClick={() =>
              void sign.run('sign', async () => {
                try {
                  const eth = browserWallet()!;
                  const accounts = (await eth.request({ method: 'eth_requestAccounts' })) as string[];
                  const address = accounts[0] ?? '';
                  const signature = (await eth.request({ method: 'personal_sign', params: [hexUtf8(message), address] })) as string;
                  onWallet({ address, signature });
                } catch (err) {
                  throw new ApiError('WALLET_ERROR', (err as Error).message || 'The wallet did not sign.', 0);
                }
              })
            }
          >
            Sign with my browser wallet
          </button>
        </div>
      )}
      <ErrorMessage error={sign.error} title="The wallet did not sign" />
      <TextField
        label="Wallet address"
        mono
        value={wallet.address}
        autoComplete="off"
        spellCheck={false}
        onChange={(address) => onWallet({ ...wallet, address })}
      />
      <TextAreaField
        label="Signature"
        hint="0x followed by hex, as personal_sign / cast wallet sign print it."
        mono
        value={wallet.signature}
        spellCheck={false}
        onChange={(signature) => onWallet({ ...wallet, signature })}
      />
    </div>
  );
}
