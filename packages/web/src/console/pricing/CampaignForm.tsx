import { useState } from 'react';
import { SelectField, TextField } from '../../components/Form';
import type { BodyOf } from '../../lib/api';
import { formatPercentBps, percentToBps } from '../../lib/money';
import { intOrNull, isoToLocal, localToIso, PRODUCT_TYPES, type CampaignEntry } from '../lib/pricing';

export type CampaignBody = BodyOf<'post', '/api/v1/operator/pricing/campaigns'>;

interface CampaignDraft {
  name: string;
  kind: 'FIRST_N' | 'WINDOW';
  productType: string;
  discount: string;
  maxRedemptions: string;
  perDeveloperLimit: string;
  startsAt: string;
  endsAt: string;
}
export const emptyCampaign: CampaignDraft = {
  name: '',
  kind: 'FIRST_N',
  productType: '',
  discount: '25',
  maxRedemptions: '100',
  perDeveloperLimit: '1',
  startsAt: '',
  endsAt: '',
};
export const campaignDraft = (c: CampaignEntry): CampaignDraft => ({
  name: c.name,
  kind: c.kind,
  productType: c.productType ?? '',
  discount: formatPercentBps(c.discountBps).replace('%', ''),
  maxRedemptions: c.maxRedemptions === null ? '' : String(c.maxRedemptions),
  perDeveloperLimit: c.perDeveloperLimit === null ? '' : String(c.perDeveloperLimit),
  startsAt: isoToLocal(c.startsAt),
  endsAt: isoToLocal(c.endsAt),
});

/** What a draft still lacks, in words (empty when it can be saved). */
export function campaignProblems(d: CampaignDraft): string[] {
  const bps = percentToBps(d.discount);
  const max = intOrNull(d.maxRedemptions);
  const per = intOrNull(d.perDeveloperLimit);
  return [
    d.name.trim() === '' ? 'a name' : null,
    bps === null || bps < 1 || bps > 10_000 ? 'a discount between 0.01 and 100 %' : null,
    Number.isNaN(max) || max === 0 ? 'a whole maximum above zero (or empty)' : null,
    d.kind === 'FIRST_N' && max === null ? 'a maximum number of redemptions for a first-N campaign' : null,
    Number.isNaN(per) || per === 0 ? 'a whole per-developer limit above zero (or empty)' : null,
    d.kind === 'WINDOW' && !d.endsAt ? 'an end for a time-window campaign' : null,
  ].filter((p): p is string => p !== null);
}

/** A campaign's fields: kind, category, discount, limits and window (in the operator's local time). */
export function CampaignForm({
  initial,
  submitLabel,
  busy,
  onSubmit,
  onCancel,
}: {
  initial: CampaignDraft;
  submitLabel: string;
  busy: boolean;
  onSubmit: (body: CampaignBody) => void;
  onCancel?: () => void;
}) {
  const [d, setD] = useState(initial);
  const bps = percentToBps(d.discount);
  const problems = campaignProblems(d);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (problems.length) return;
        onSubmit({
          name: d.name.trim(),
          kind: d.kind,
          productType: (d.productType || null) as CampaignBody['productType'],
          discountBps: bps!,
          maxRedemptions: intOrNull(d.maxRedemptions),
          perDeveloperLimit: intOrNull(d.perDeveloperLimit),
          startsAt: localToIso(d.startsAt),
          endsAt: localToIso(d.endsAt),
        });
      }}
    >
      <div className="form-grid">
        <TextField label="Campaign name" value={d.name} maxLength={200} onChange={(name) => setD({ ...d, name })} />
        <SelectField
          label="Kind"
          value={d.kind}
          onChange={(kind) => setD({ ...d, kind })}
          options={[
            { value: 'FIRST_N', label: 'First N redemptions' },
            { value: 'WINDOW', label: 'Time window' },
          ]}
        />
        <SelectField
          label="For category"
          value={d.productType}
          onChange={(productType) => setD({ ...d, productType })}
          options={[{ value: '', label: 'Every category' }, ...PRODUCT_TYPES]}
        />
        <TextField
          label="Discount (%)"
          hint={bps ? `${formatPercentBps(bps)} off the list price, rounded down to the credit.` : undefined}
          inputMode="decimal"
          value={d.discount}
          onChange={(discount) => setD({ ...d, discount })}
        />
        <TextField
          label="Maximum redemptions"
          hint="Empty = no limit (time windows)."
          inputMode="numeric"
          value={d.maxRedemptions}
          onChange={(maxRedemptions) => setD({ ...d, maxRedemptions })}
        />
        <TextField
          label="Per developer"
          hint="Empty = no limit."
          inputMode="numeric"
          value={d.perDeveloperLimit}
          onChange={(perDeveloperLimit) => setD({ ...d, perDeveloperLimit })}
        />
        <TextField
          label="Starts (your local time)"
          hint="Empty = now."
          type="datetime-local"
          value={d.startsAt}
          onChange={(startsAt) => setD({ ...d, startsAt })}
        />
        <TextField
          label="Ends (your local time)"
          hint="Empty = open-ended."
          type="datetime-local"
          value={d.endsAt}
          onChange={(endsAt) => setD({ ...d, endsAt })}
        />
      </div>
      {problems.length > 0 && <p className="hint">Still needed: {problems.join('; ')}.</p>}
      <div className="actions">
        <button type="submit" disabled={busy || problems.length > 0}>
          {submitLabel}
        </button>
        {onCancel && (
          <button type="button" className="secondary" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
