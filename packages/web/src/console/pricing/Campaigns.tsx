import { useState } from 'react';
import { Table } from '../../components/Table';
import { ActionResult, Badge } from '../../components/ui';
import { api } from '../../lib/api';
import { formatDate } from '../../lib/format';
import { useAction } from '../../lib/hooks';
import { formatInt, formatPercentBps } from '../../lib/money';
import { campaignState, type CampaignEntry, type Catalogue } from '../lib/pricing';
import { CampaignForm, campaignDraft, emptyCampaign } from './CampaignForm';
import { retire } from './retire';

export function Campaigns({ cat, reload }: { cat: Catalogue; reload: () => void }) {
  const a = useAction();
  const [editing, setEditing] = useState<CampaignEntry | null>(null);
  const [formKey, setFormKey] = useState(0);
  const [now] = useState(() => Date.now());
  return (
    <section className="card" aria-labelledby="campaigns">
      <h2 id="campaigns">Campaigns</h2>
      <p className="hint">A quote reserves a slot until it expires; paying uses it up. Counters cannot oversell and are kept when a campaign changes.</p>
      <Table
        label="Campaigns"
        empty="No campaigns."
        rows={cat.campaigns}
        rowKey={(c) => c.id}
        columns={[
          {
            header: 'Campaign',
            rowHeader: true,
            cell: (c) => (
              <>
                {c.name}
                <div className="muted">
                  {c.kind === 'FIRST_N' ? 'first N' : 'time window'} · {c.productType ?? 'every category'}
                  {c.perDeveloperLimit !== null && ` · ${c.perDeveloperLimit} per developer`}
                </div>
              </>
            ),
          },
          { header: 'Discount', cell: (c) => `${formatPercentBps(c.discountBps)} off` },
          {
            header: 'Used',
            cell: (c) => (
              <div className="meter-row">
                {c.maxRedemptions !== null && (
                  <meter min={0} max={c.maxRedemptions} value={c.redeemed} aria-label={`${c.name}: ${c.redeemed} of ${c.maxRedemptions} used`} />
                )}
                <span data-testid={`campaign-used-${c.id}`}>
                  {formatInt(c.redeemed)} / {c.maxRedemptions === null ? '∞' : formatInt(c.maxRedemptions)}
                </span>
              </div>
            ),
          },
          {
            header: 'Window',
            cell: (c) => (
              <>
                {c.startsAt ? formatDate(c.startsAt) : 'from the start'}
                <br />
                {c.endsAt ? `to ${formatDate(c.endsAt)}` : 'no end'}
              </>
            ),
          },
          { header: 'State', cell: (c) => <Badge value={campaignState(c, now).toUpperCase()} /> },
          {
            header: 'Actions',
            cell: (c) =>
              c.status === 'ACTIVE' && (
                <div className="actions tight">
                  <button type="button" className="small secondary" aria-label={`Change campaign ${c.name}`} onClick={() => setEditing(c)}>
                    Change
                  </button>
                  <button
                    type="button"
                    className="small danger"
                    aria-label={`Retire campaign ${c.name}`}
                    disabled={a.busy !== null}
                    onClick={() => retire(a, `campaign “${c.name}”`, '/api/v1/operator/pricing/campaigns/{id}/retire', c.id, reload)}
                  >
                    Retire
                  </button>
                </div>
              ),
          },
        ]}
      />
      {editing ? (
        <>
          <h3>
            Change campaign “{editing.name}” (its counter stays at {editing.redeemed})
          </h3>
          <CampaignForm
            key={editing.id}
            initial={campaignDraft(editing)}
            submitLabel="Save the change"
            busy={a.busy !== null}
            onCancel={() => setEditing(null)}
            onSubmit={(body) =>
              void a.run('change campaign', async () => {
                await api.patch('/api/v1/operator/pricing/campaigns/{id}', { path: { id: editing.id }, body });
                setEditing(null);
                reload();
                return `Campaign “${body.name}” changed.`;
              })
            }
          />
        </>
      ) : (
        <details>
          <summary>Start a campaign</summary>
          <CampaignForm
            key={formKey}
            initial={emptyCampaign}
            submitLabel="Start the campaign"
            busy={a.busy !== null}
            onSubmit={(body) =>
              void a.run('create campaign', async () => {
                await api.post('/api/v1/operator/pricing/campaigns', { body });
                setFormKey((k) => k + 1);
                reload();
                return `Campaign “${body.name}” started.`;
              })
            }
          />
        </details>
      )}
      <ActionResult action={a} />
    </section>
  );
}
