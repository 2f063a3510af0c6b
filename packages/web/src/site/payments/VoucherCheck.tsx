import { useState } from 'react';
import { TextField } from '../../components/Form';
import { ErrorMessage } from '../../components/ui';
import { api, type Get } from '../../lib/api';
import { formatDate } from '../../lib/format';
import { useAction } from '../../lib/hooks';

type VoucherCheckResult = Get<'/api/v1/dev/vouchers/{code}'>;

/**
 * Check a voucher code (`GET /api/v1/dev/vouchers/{code}`). A button, not a form: the studio shows it
 * inside its payment form.
 */
export function VoucherCheck({ code, onCode }: { code: string; onCode: (c: string) => void }) {
  const check = useAction();
  const [result, setResult] = useState<VoucherCheckResult | null>(null);
  return (
    <div>
      <div className="inline-form">
        <TextField
          label="Voucher code"
          hint="Letters, digits, - or _ (not case-sensitive)."
          value={code}
          maxLength={64}
          autoComplete="off"
          onChange={(c) => {
            onCode(c);
            setResult(null);
            check.clear();
          }}
        />
        <button
          type="button"
          className="secondary"
          disabled={check.busy !== null || code.trim().length < 3}
          onClick={() => {
            setResult(null);
            void check.run('check', async () => setResult(await api.get('/api/v1/dev/vouchers/{code}', { path: { code: code.trim() } })));
          }}
        >
          {check.busy ? 'Checking…' : 'Check voucher'}
        </button>
      </div>
      <ErrorMessage error={check.error} title="Voucher not usable" />
      {result && (
        <div className={`alert ${result.valid ? 'alert-ok' : 'alert-warn'}`} role="status">
          Voucher <strong className="mono">{result.code}</strong> {result.valid ? 'is valid' : 'is used up for you'}
          {result.remainingForYou !== null && ` (${result.remainingForYou} use${result.remainingForYou === 1 ? '' : 's'} left for you)`}
          {result.expiresAt && `, until ${formatDate(result.expiresAt)}`}.
        </div>
      )}
    </div>
  );
}
