import { useId } from 'react';

export interface Bar {
  label: string;
  value: number;
}

/** Scale helpers, pure and tested. */
export function niceMax(max: number): number {
  if (max <= 0) return 1;
  const pow = 10 ** Math.floor(Math.log10(max));
  const n = max / pow;
  const step = n <= 1 ? 1 : n <= 2 ? 2 : n <= 5 ? 5 : 10;
  return step * pow;
}

export function ticks(max: number, count = 4): number[] {
  const top = niceMax(max);
  return Array.from({ length: count + 1 }, (_, i) => (top * i) / count);
}

/**
 * A horizontal bar chart in plain SVG (no chart library): one bar per item, a title and a
 * description for assistive technology, and the numbers as text on every bar.
 */
export function BarChart({ title, description, bars, format = (v) => String(v) }: { title: string; description: string; bars: Bar[]; format?: (v: number) => string }) {
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
