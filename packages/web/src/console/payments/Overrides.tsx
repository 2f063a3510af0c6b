import { useState } from 'react';
import { Form, SelectField, TextAreaField, TextField } from '../../components/Form';
import { List } from '../../components/List';
import { Table } from '../../components/Table';
import { ActionResult } from '../../components/ui';
import { api, type BodyOf } from '../../lib/api';
import { formatDate } from '../../lib/format';
import { useAction, useApi } from '../../lib/hooks';
import { openAs, type Override } from '../../lib/open-responses';
import { Link } from '../../lib/router';
import { PRODUCT_TYPES } from '../lib/pricing';

export const DEV_ID_HINT = 'The 24-hex developer id: in the queue’s Developer column, or on the developer’s Credits page.';
const EMPTY = { developerId: '', productType: '', reason: '' };

function GrantOverride({ onGranted }: { onGranted: () => void }) {
  const a = useAction();
  const [d, setD] = useState(EMPTY);
  const valid = /^[0-9a-f]{24}$/.test(d.developerId.trim()) && d.reason.trim().length >= 5;
  return (
    <Form
      action={a}
      name="grant"
      submitLabel="Grant"
      canSubmit={valid}
      onSubmit={async () => {
        const productType = (d.productType || null) as BodyOf<'post', '/api/v1/operator/payments/free-overrides'>['productType'];
        await api.post('/api/v1/operator/payments/free-overrides', { body: { developerId: d.developerId.trim(), productType, reason: d.reason.trim() } });
        setD(EMPTY);
        onGranted();
        return 'Free submission granted.';
      }}
    >
      <div className="form-grid">
        <TextField
          label="Developer id"
          hint={DEV_ID_HINT}
          mono
          value={d.developerId}
          autoComplete="off"
          onChange={(developerId) => setD({ ...d, developerId })}
        />
        <SelectField
          label="Only for category"
          value={d.productType}
          onChange={(productType) => setD({ ...d, productType })}
          options={[{ value: '', label: 'Any category' }, ...PRODUCT_TYPES]}
        />
      </div>
      <TextAreaField label="Reason" hint="At least 5 characters; audited." value={d.reason} maxLength={2000} onChange={(reason) => setD({ ...d, reason })} />
    </Form>
  );
}

export function Overrides() {
  const o = useApi('/api/v1/operator/payments/free-overrides');
  const a = useAction();
  return (
    <section className="card" aria-labelledby="overrides">
      <h2 id="overrides">Free overrides (one free submission)</h2>
      <List
        loaded={o}
        what="overrides"
        errorTitle="Could not load the overrides"
        items={(d) => d.overrides.map((x) => openAs<Override>(x))}
        empty="No overrides granted."
      >
        {(rows) => (
          <Table
            label="Free overrides"
            rows={rows}
            rowKey={(x) => x.id}
            columns={[
              { header: 'Developer', className: 'mono', cell: (x) => x.developerId },
              { header: 'Category', cell: (x) => x.productType ?? 'any' },
              { header: 'Reason', className: 'wrap', cell: (x) => x.reason },
              { header: 'Granted', cell: (x) => formatDate(x.createdAt) },
              {
                header: 'State',
                cell: (x) =>
                  x.usedAt ? (
                    <>
                      used {formatDate(x.usedAt)}
                      {x.submissionId && (
                        <>
                          {' '}
                          (<Link to={`/console/submissions/${x.submissionId}`}>submission</Link>)
                        </>
                      )}
                    </>
                  ) : x.revokedAt ? (
                    `revoked ${formatDate(x.revokedAt)}`
                  ) : (
                    <button
                      type="button"
                      className="small danger"
                      aria-label={`Revoke the override for ${x.developerId}`}
                      disabled={a.busy !== null}
                      onClick={() =>
                        void a.run('revoke', async () => {
                          await api.post('/api/v1/operator/payments/free-overrides/{id}/revoke', { path: { id: x.id } });
                          o.reload();
                          return 'Override revoked.';
                        })
                      }
                    >
                      Revoke
                    </button>
                  ),
              },
            ]}
          />
        )}
      </List>
      <ActionResult action={a} />
      <details>
        <summary>Grant a free submission</summary>
        <GrantOverride onGranted={o.reload} />
      </details>
    </section>
  );
}
