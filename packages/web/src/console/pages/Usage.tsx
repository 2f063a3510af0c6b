import { useMemo, useState } from 'react';
import { ColumnChart } from '../../components/Chart';
import { SelectField } from '../../components/Form';
import { List } from '../../components/List';
import { Table, type Column } from '../../components/Table';
import { ActionResult, Badge, ErrorMessage, Loading, PageTitle, Progress } from '../../components/ui';
import { api, type ResponseOf } from '../../lib/api';
import { formatDate } from '../../lib/format';
import { useAction, useApi, useTitle, type Loaded } from '../../lib/hooks';
import { formatInt, formatMicroUsd, formatPerMTok } from '../../lib/money';
import { Link } from '../../lib/router';
import { fillDays, utcDay, type UsageReport, type UsageRow } from '../lib/series';

type SyncSummary = ResponseOf<'post', '/api/v1/operator/models/sync'>;

const PERIODS: Array<[string, number]> = [
  ['Last 7 days', 7],
  ['Last 30 days', 30],
  ['Last 90 days', 90],
  ['Last 365 days', 365],
];

const USAGE_COLUMNS: Array<Column<UsageRow>> = [
  { header: 'Calls', num: true, cell: (r) => formatInt(r.calls) },
  { header: 'Failed', num: true, cell: (r) => formatInt(r.failedCalls) },
  { header: 'Tokens in', num: true, cell: (r) => formatInt(r.tokensIn) },
  { header: 'Tokens out', num: true, cell: (r) => formatInt(r.tokensOut) },
  { header: 'Cost', num: true, cell: (r) => formatMicroUsd(r.costMicroUsd) },
  {
    header: 'Latency p50 / p95 / max',
    num: true,
    cell: (r) => `${Math.round(r.latencyMs.p50)} / ${Math.round(r.latencyMs.p95)} / ${Math.round(r.latencyMs.max)} ms`,
  },
];

function UsageTable({ loaded, what, label, first }: { loaded: Loaded<UsageReport>; what: string; label: string; first: Column<UsageRow> }) {
  return (
    <List loaded={loaded} what={what} items={(d) => d.rows} empty="No model calls in this period.">
      {(rows) => <Table label={label} rows={rows} rowKey={(r) => r.key} columns={[{ ...first, rowHeader: true }, ...USAGE_COLUMNS]} />}
    </List>
  );
}

function Catalogue() {
  const models = useApi('/api/v1/operator/models');
  const a = useAction();
  const [summary, setSummary] = useState<SyncSummary | null>(null);
  const [onlyConfigured, setOnlyConfigured] = useState(false);
  return (
    <section className="card" aria-labelledby="catalogue">
      <h2 id="catalogue">Model catalogue</h2>
      <p className="hint">
        Prices per million tokens, as used for the cost of every call. Refreshed hourly from the bundled list and each configured provider; “unpriced” means the
        provider lists the model without a price (not free).
      </p>
      <div className="actions">
        <button
          type="button"
          disabled={a.busy !== null}
          onClick={() =>
            void a.run('sync', async () => {
              const s = await api.post('/api/v1/operator/models/sync');
              setSummary(s);
              models.reload();
              const failed = s.providers.filter((p) => p.error).length;
              return `Catalogue synced: ${s.bundled} bundled entries (prices as of ${s.pricesAsOf}), ${s.providers.length} provider(s)${failed ? `, ${failed} unreachable` : ''}.`;
            })
          }
        >
          {a.busy ? 'Syncing…' : 'Sync now'}
        </button>
        <label className="checkbox">
          <input type="checkbox" checked={onlyConfigured} onChange={(e) => setOnlyConfigured(e.target.checked)} /> Only providers configured here
        </label>
      </div>
      {a.busy && <Progress label="Refreshing the catalogue from every configured provider…" />}
      <ActionResult action={a} title="The sync failed" />
      {summary && summary.providers.length > 0 && (
        <ul>
          {summary.providers.map((p) => (
            <li key={p.provider}>
              {p.provider}: {p.error ? <span className="field-error">{p.error}</span> : `${p.models} models`}
            </li>
          ))}
        </ul>
      )}
      <List loaded={models} what="the model catalogue" items={(d) => d.models.filter((m) => !onlyConfigured || m.configured)} empty="No model matches.">
        {(list) => (
          <Table
            label="Model catalogue"
            rows={list}
            rowKey={(m) => `${m.provider}:${m.modelId}`}
            columns={[
              {
                header: 'Model',
                rowHeader: true,
                className: 'model-id',
                cell: (m) => (
                  <>
                    <span className="mono">
                      {m.provider}:{m.modelId}
                    </span>
                    {m.configured && (
                      <>
                        {' '}
                        <Badge value="CONFIGURED" />
                      </>
                    )}
                  </>
                ),
              },
              { header: 'Family', cell: (m) => m.family },
              { header: 'Input / MTok', num: true, cell: (m) => (m.source === 'provider-unpriced' ? 'unpriced' : formatPerMTok(m.inMicroUsdPerMTok)) },
              { header: 'Output / MTok', num: true, cell: (m) => (m.source === 'provider-unpriced' ? 'unpriced' : formatPerMTok(m.outMicroUsdPerMTok)) },
              { header: 'Context', num: true, cell: (m) => (m.contextLength ? formatInt(m.contextLength) : '—') },
              { header: 'Source', className: 'nowrap', cell: (m) => m.source },
              { header: 'Updated', className: 'nowrap', cell: (m) => formatDate(m.updatedAt) },
            ]}
          />
        )}
      </List>
    </section>
  );
}

export function UsagePage() {
  useTitle('LLM usage and cost');
  const [days, setDays] = useState(30);
  // The period is whole UTC days ending with today, so the day chart has no partial first day.
  const { from, to } = useMemo(() => {
    const end = Date.parse(`${utcDay(Date.now())}T00:00:00Z`) + 86_400_000;
    return { from: new Date(end - days * 86_400_000).toISOString(), to: new Date(end).toISOString() };
  }, [days]);
  const byDay = useApi('/api/v1/operator/usage', { query: { groupBy: 'day', from, to } });
  const byModel = useApi('/api/v1/operator/usage', { query: { groupBy: 'model', from, to } });
  const byValidator = useApi('/api/v1/operator/usage', { query: { groupBy: 'validator', from, to } });
  const perDay = useMemo(() => (byDay.data ? fillDays(byDay.data.rows, byDay.data.from, byDay.data.to) : []), [byDay.data]);
  const t = byDay.data?.totals;
  return (
    <main className="page" id="main">
      <PageTitle>LLM usage and cost</PageTitle>
      <p>Every model call the council makes (offline reviewers included, at no cost), with tokens, cost from the catalogue price, and latency.</p>
      <div className="inline-form">
        <SelectField
          label="Period"
          value={String(days)}
          onChange={(d) => setDays(Number(d))}
          options={PERIODS.map(([label, d]) => ({ value: String(d), label }))}
        />
        <button
          type="button"
          className="secondary"
          onClick={() => {
            byDay.reload();
            byModel.reload();
            byValidator.reload();
          }}
        >
          Refresh
        </button>
      </div>
      {byDay.loading && !byDay.data && <Loading what="usage" />}
      <ErrorMessage error={byDay.error} title="Could not load usage per day" />
      {t && (
        <div className="grid" data-testid="usage-totals">
          <div className="stat">
            <span className="num">{formatMicroUsd(t.costMicroUsd)}</span>
            <span className="what">cost</span>
          </div>
          <div className="stat">
            <span className="num">{formatInt(t.calls)}</span>
            <span className="what">calls ({formatInt(t.failedCalls)} failed)</span>
          </div>
          <div className="stat">
            <span className="num">{formatInt(t.tokensIn + t.tokensOut)}</span>
            <span className="what">
              tokens ({formatInt(t.tokensIn)} in, {formatInt(t.tokensOut)} out)
            </span>
          </div>
        </div>
      )}
      {perDay.length > 0 && (
        <div className="two-col" data-testid="usage-charts">
          <ColumnChart
            title="Cost per day (USD)"
            description={`LLM cost per UTC day over ${perDay.length} days; total ${formatMicroUsd(t?.costMicroUsd ?? 0)}.`}
            columns={perDay.map((d) => ({ label: d.day.slice(5), value: d.costMicroUsd }))}
            format={formatMicroUsd}
            minTop={10_000}
          />
          <ColumnChart
            title="Calls per day"
            description={`Model calls per UTC day over ${perDay.length} days, failed calls in red; ${formatInt(t?.calls ?? 0)} in total.`}
            columns={perDay.map((d) => ({ label: d.day.slice(5), value: d.calls, part: d.failedCalls }))}
            format={(v) => formatInt(Math.round(v))}
            partLabel="failed"
            minTop={4}
          />
        </div>
      )}
      <h2>Per model</h2>
      <UsageTable
        loaded={byModel}
        what="usage per model"
        label="Usage per model"
        first={{
          header: 'Model',
          cell: (r) => (
            <>
              <span className="mono">
                {r.provider}:{r.model}
              </span>
              <div className="muted">{r.modelFamily}</div>
            </>
          ),
        }}
      />
      <h2>Per validator</h2>
      <UsageTable
        loaded={byValidator}
        what="usage per validator"
        label="Usage per validator"
        first={{
          header: 'Validator',
          cell: (r) => (r.validatorId ? <Link to={`/console/validators/${r.validatorId}`}>{r.validatorId}</Link> : <span className="muted">no validator</span>),
        }}
      />
      <Catalogue />
    </main>
  );
}
