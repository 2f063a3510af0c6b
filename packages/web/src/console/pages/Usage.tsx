import { useMemo, useState, type ReactNode } from 'react';
import { ColumnChart } from '../../components/Chart';
import { ActionResult, Badge, ErrorMessage, Field, Loading, PageTitle, Progress, TableWrap } from '../../components/ui';
import { api } from '../../lib/api';
import { formatDate } from '../../lib/format';
import { useAction, useApi, useTitle } from '../../lib/hooks';
import { formatInt, formatMicroUsd, formatPerMTok } from '../../lib/money';
import { Link } from '../../lib/router';
import { fillDays, utcDay, type UsageReport, type UsageRow } from '../lib/series';

interface CatalogueModel {
  provider: string;
  modelId: string;
  family: string;
  inMicroUsdPerMTok: number;
  outMicroUsdPerMTok: number;
  contextLength: number | null;
  source: string;
  updatedAt: string;
  configured: boolean;
}

interface SyncSummary {
  pricesAsOf: string;
  bundled: number;
  providers: Array<{ provider: string; models: number; error: string | null }>;
}

const PERIODS: Array<[string, number]> = [
  ['Last 7 days', 7],
  ['Last 30 days', 30],
  ['Last 90 days', 90],
  ['Last 365 days', 365],
];

function UsageTable({ rows, label, first }: { rows: UsageRow[]; label: string; first: (r: UsageRow) => ReactNode }) {
  if (rows.length === 0) return <p>No model calls in this period.</p>;
  return (
    <TableWrap label={label}>
      <table>
        <thead>
          <tr>
            <th scope="col">{label.includes('validator') ? 'Validator' : 'Model'}</th>
            <th scope="col" className="num">
              Calls
            </th>
            <th scope="col" className="num">
              Failed
            </th>
            <th scope="col" className="num">
              Tokens in
            </th>
            <th scope="col" className="num">
              Tokens out
            </th>
            <th scope="col" className="num">
              Cost
            </th>
            <th scope="col" className="num">
              Latency p50 / p95 / max
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>
              <th scope="row">{first(r)}</th>
              <td className="num">{formatInt(r.calls)}</td>
              <td className="num">{formatInt(r.failedCalls)}</td>
              <td className="num">{formatInt(r.tokensIn)}</td>
              <td className="num">{formatInt(r.tokensOut)}</td>
              <td className="num">{formatMicroUsd(r.costMicroUsd)}</td>
              <td className="num">
                {Math.round(r.latencyMs.p50)} / {Math.round(r.latencyMs.p95)} / {Math.round(r.latencyMs.max)} ms
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

function Catalogue() {
  const models = useApi<{ models: CatalogueModel[] }>('/api/v1/operator/models');
  const a = useAction();
  const [summary, setSummary] = useState<SyncSummary | null>(null);
  const [onlyConfigured, setOnlyConfigured] = useState(false);
  const list = (models.data?.models ?? []).filter((m) => !onlyConfigured || m.configured);
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
              const s = await api<SyncSummary>('/api/v1/operator/models/sync', { method: 'POST' });
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
      {models.loading && !models.data && <Loading what="the model catalogue" />}
      <ErrorMessage error={models.error} title="Could not load the model catalogue" />
      {models.data && (
        <TableWrap label="Model catalogue">
          <table>
            <thead>
              <tr>
                <th scope="col">Model</th>
                <th scope="col">Family</th>
                <th scope="col" className="num">
                  Input / MTok
                </th>
                <th scope="col" className="num">
                  Output / MTok
                </th>
                <th scope="col" className="num">
                  Context
                </th>
                <th scope="col">Source</th>
                <th scope="col">Updated</th>
              </tr>
            </thead>
            <tbody>
              {list.map((m) => (
                <tr key={`${m.provider}:${m.modelId}`}>
                  <th scope="row" className="model-id">
                    <span className="mono">
                      {m.provider}:{m.modelId}
                    </span>
                    {m.configured && (
                      <>
                        {' '}
                        <Badge value="CONFIGURED" />
                      </>
                    )}
                  </th>
                  <td>{m.family}</td>
                  <td className="num">{m.source === 'provider-unpriced' ? 'unpriced' : formatPerMTok(m.inMicroUsdPerMTok)}</td>
                  <td className="num">{m.source === 'provider-unpriced' ? 'unpriced' : formatPerMTok(m.outMicroUsdPerMTok)}</td>
                  <td className="num">{m.contextLength ? formatInt(m.contextLength) : '—'}</td>
                  <td className="nowrap">{m.source}</td>
                  <td className="nowrap">{formatDate(m.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
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
  const q = `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
  const byDay = useApi<UsageReport>(`/api/v1/operator/usage?groupBy=day&${q}`);
  const byModel = useApi<UsageReport>(`/api/v1/operator/usage?groupBy=model&${q}`);
  const byValidator = useApi<UsageReport>(`/api/v1/operator/usage?groupBy=validator&${q}`);
  const perDay = useMemo(() => (byDay.data ? fillDays(byDay.data.rows, byDay.data.from, byDay.data.to) : []), [byDay.data]);
  const t = byDay.data?.totals;
  return (
    <main className="page" id="main">
      <PageTitle>LLM usage and cost</PageTitle>
      <p>Every model call the council makes (offline reviewers included, at no cost), with tokens, cost from the catalogue price, and latency.</p>
      <div className="inline-form">
        <Field label="Period">
          {(p) => (
            <select {...p} value={days} onChange={(e) => setDays(Number(e.target.value))}>
              {PERIODS.map(([l, d]) => (
                <option key={d} value={d}>
                  {l}
                </option>
              ))}
            </select>
          )}
        </Field>
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
      {byModel.loading && !byModel.data && <Loading what="usage per model" />}
      <ErrorMessage error={byModel.error} title="Could not load usage per model" />
      {byModel.data && (
        <UsageTable
          rows={byModel.data.rows}
          label="Usage per model"
          first={(r) => (
            <>
              <span className="mono">
                {r.provider}:{r.model}
              </span>
              <div className="muted">{r.modelFamily}</div>
            </>
          )}
        />
      )}
      <h2>Per validator</h2>
      {byValidator.loading && !byValidator.data && <Loading what="usage per validator" />}
      <ErrorMessage error={byValidator.error} title="Could not load usage per validator" />
      {byValidator.data && (
        <UsageTable
          rows={byValidator.data.rows}
          label="Usage per validator"
          first={(r) =>
            r.validatorId ? <Link to={`/console/validators/${r.validatorId}`}>{r.validatorId}</Link> : <span className="muted">no validator</span>
          }
        />
      )}
      <Catalogue />
    </main>
  );
}
