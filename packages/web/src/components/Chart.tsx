import { useId } from 'react';
import { labelIndexes, linearScale, niceMax, stepPath, ticks, timeLabel, type Point } from './chart-scales';

export interface Bar {
  label: string;
  value: number;
}

export { labelIndexes, linearScale, niceMax, stepPath, ticks, timeLabel, type Point } from './chart-scales';

/**
 * Values over time as step lines, in plain SVG: one line per series (drawn in different dash styles so
 * colour is not the only cue), a dot on every change, axes with numbers, and a title and description
 * for assistive technology.
 */
export function LineChart({
  title,
  description,
  series,
  format = (v) => String(v),
  yMax,
  formatTime,
  reference,
}: {
  title: string;
  description: string;
  series: Array<{ label: string; points: Point[] }>;
  format?: (v: number) => string;
  yMax?: number;
  formatTime?: (t: number) => string;
  /** A labelled horizontal line (a floor or a limit). */
  reference?: { value: number; label: string };
}) {
  const id = useId();
  const width = 560;
  const height = 220;
  const left = 52;
  const right = 16;
  const top = 12;
  const bottom = 40;
  const all = series.flatMap((s) => s.points);
  const tMin = Math.min(...all.map((p) => p.t));
  const tMax = Math.max(...all.map((p) => p.t));
  const top0 = niceMax(yMax ?? Math.max(0, ...all.map((p) => p.v)));
  const x = linearScale(tMin, tMax, left, width - right);
  const y = linearScale(0, top0, height - bottom, top);
  const xTicks = tMin === tMax ? [tMin] : [0, 1, 2, 3].map((i) => tMin + ((tMax - tMin) * i) / 3);
  const fmtTime = formatTime ?? timeLabel(tMax - tMin);
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${id}-t ${id}-d`} preserveAspectRatio="xMinYMin meet">
        <title id={`${id}-t`}>{title}</title>
        <desc id={`${id}-d`}>{description}</desc>
        {ticks(top0).map((t) => (
          <g key={`y${t}`}>
            <line x1={left} x2={width - right} y1={y(t)} y2={y(t)} className="chart-grid" />
            <text x={left - 6} y={y(t) + 4} className="chart-tick" textAnchor="end">
              {format(t)}
            </text>
          </g>
        ))}
        {xTicks.map((t, i) => (
          <text
            key={`x${i}`}
            x={x(t)}
            y={height - bottom + 16}
            className="chart-tick"
            textAnchor={i === 0 && xTicks.length > 1 ? 'start' : i === xTicks.length - 1 && xTicks.length > 1 ? 'end' : 'middle'}
          >
            {fmtTime(t)}
          </text>
        ))}
        {reference && (
          <g>
            <line x1={left} x2={width - right} y1={y(reference.value)} y2={y(reference.value)} className="chart-reference" />
            <text x={width - right - 4} y={y(reference.value) - 4} className="chart-label" textAnchor="end">
              {reference.label}
            </text>
          </g>
        )}
        {series.map((s, si) => (
          <g key={s.label} className={`chart-series chart-series-${si}`}>
            <path d={stepPath(s.points, x, y)} className="chart-line" />
            {s.points.map((p, pi) => (
              <circle key={pi} cx={x(p.t)} cy={y(p.v)} r={3} className="chart-dot" />
            ))}
          </g>
        ))}
        {series.length > 1 &&
          series.map((s, si) => (
            <g key={`legend-${s.label}`} className={`chart-series chart-series-${si}`}>
              <line x1={left + si * 160} x2={left + si * 160 + 24} y1={height - 8} y2={height - 8} className="chart-line" />
              <text x={left + si * 160 + 30} y={height - 4} className="chart-label">
                {s.label}
              </text>
            </g>
          ))}
      </svg>
      <figcaption>{title}</figcaption>
    </figure>
  );
}

export interface Column {
  label: string;
  value: number;
  /** A part of the value drawn darker inside its column (for example failed calls of all calls). */
  part?: number;
}

/**
 * Vertical columns (one per day, say) in plain SVG, with an axis, every n-th label, and an optional
 * darker part of each column. The exact numbers are in the table the page shows beside it.
 */
export function ColumnChart({
  title,
  description,
  columns,
  format = (v) => String(v),
  partLabel,
  minTop = 1,
}: {
  title: string;
  description: string;
  columns: Column[];
  format?: (v: number) => string;
  partLabel?: string;
  /** The smallest top of the axis (so an all-zero chart still has sensible ticks). */
  minTop?: number;
}) {
  const id = useId();
  const width = 560;
  const height = 220;
  const left = 60;
  const right = 8;
  const top = 12;
  const bottom = partLabel ? 44 : 28;
  const max = niceMax(Math.max(minTop, ...columns.map((c) => c.value)));
  const y = linearScale(0, max, height - bottom, top);
  const slot = columns.length ? (width - left - right) / columns.length : 0;
  const barW = Math.max(1, slot * 0.75);
  const shown = new Set(labelIndexes(columns.length, 6));
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${id}-t ${id}-d`} preserveAspectRatio="xMinYMin meet">
        <title id={`${id}-t`}>{title}</title>
        <desc id={`${id}-d`}>{description}</desc>
        {ticks(max).map((t) => (
          <g key={t}>
            <line x1={left} x2={width - right} y1={y(t)} y2={y(t)} className="chart-grid" />
            <text x={left - 6} y={y(t) + 4} className="chart-tick" textAnchor="end">
              {format(t)}
            </text>
          </g>
        ))}
        {columns.map((c, i) => {
          const x0 = left + i * slot + (slot - barW) / 2;
          const h = Math.max(0, y(0) - y(c.value));
          const ph = c.part ? Math.max(0, y(0) - y(Math.min(c.part, c.value))) : 0;
          return (
            <g key={`${c.label}-${i}`}>
              <rect x={x0} y={y(0) - h} width={barW} height={h} className="chart-bar">
                <title>{`${c.label}: ${format(c.value)}${c.part ? ` (${partLabel ?? 'part'} ${format(c.part)})` : ''}`}</title>
              </rect>
              {ph > 0 && <rect x={x0} y={y(0) - ph} width={barW} height={ph} className="chart-bar-part" />}
              {shown.has(i) && (
                <text x={x0 + barW / 2} y={height - bottom + 14} className="chart-tick" textAnchor="middle">
                  {c.label}
                </text>
              )}
            </g>
          );
        })}
        {partLabel && (
          <g>
            <rect x={left} y={height - 14} width={12} height={10} className="chart-bar" />
            <text x={left + 16} y={height - 5} className="chart-label">
              all
            </text>
            <rect x={left + 60} y={height - 14} width={12} height={10} className="chart-bar-part" />
            <text x={left + 76} y={height - 5} className="chart-label">
              {partLabel}
            </text>
          </g>
        )}
      </svg>
      <figcaption>{title}</figcaption>
    </figure>
  );
}

/**
 * A horizontal bar chart in plain SVG (no chart library): one bar per item, a title and a
 * description for assistive technology, and the numbers as text on every bar.
 */
export function BarChart({
  title,
  description,
  bars,
  format = (v) => String(v),
}: {
  title: string;
  description: string;
  bars: Bar[];
  format?: (v: number) => string;
}) {
  const id = useId();
  const rowH = 26;
  const labelW = 150;
  const width = 560;
  const plotW = width - labelW - 60;
  const max = niceMax(Math.max(0, ...bars.map((b) => b.value)));
  const height = bars.length * rowH + 24;
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${id}-t ${id}-d`} preserveAspectRatio="xMinYMin meet">
        <title id={`${id}-t`}>{title}</title>
        <desc id={`${id}-d`}>{description}</desc>
        {ticks(max).map((t) => {
          const x = labelW + (t / max) * plotW;
          return (
            <g key={t}>
              <line x1={x} x2={x} y1={0} y2={height - 20} className="chart-grid" />
              <text x={x} y={height - 6} className="chart-tick" textAnchor="middle">
                {format(t)}
              </text>
            </g>
          );
        })}
        {bars.map((b, i) => {
          const y = i * rowH + 4;
          const w = Math.max(0, (b.value / max) * plotW);
          return (
            <g key={`${b.label}-${i}`}>
              <text x={labelW - 8} y={y + rowH / 2 + 2} className="chart-label" textAnchor="end">
                {b.label.length > 22 ? `${b.label.slice(0, 21)}…` : b.label}
              </text>
              <rect x={labelW} y={y + 3} width={w} height={rowH - 10} className="chart-bar" />
              <text x={labelW + w + 6} y={y + rowH / 2 + 2} className="chart-value">
                {format(b.value)}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption>{title}</figcaption>
    </figure>
  );
}
