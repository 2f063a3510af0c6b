import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../lib/api';
import { BarChart, ColumnChart, labelIndexes, linearScale, LineChart, niceMax, stepPath, ticks, timeLabel } from './Chart';
import { qrMatrix, QrCode } from './QrCode';
import { ErrorMessage, Field, Waiting } from './ui';

describe('chart scales', () => {
  it('rounds the axis up to a nice number', () => {
    expect(niceMax(0)).toBe(1);
    expect(niceMax(7)).toBe(10);
    expect(niceMax(420)).toBe(500);
    expect(niceMax(1000)).toBe(1000);
    expect(niceMax(1.3)).toBe(2);
    expect(ticks(420)).toEqual([0, 100, 200, 300, 400, 500]);
    expect(ticks(0.53)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(ticks(0.5)).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5]);
    expect(ticks(1000)).toEqual([0, 250, 500, 750, 1000]);
  });

  it('renders an accessible SVG with every value as text', () => {
    const html = renderToStaticMarkup(
      <BarChart
        title="Reputation"
        description="Now"
        bars={[
          { label: 'a', value: 500 },
          { label: '<b>', value: 250 },
        ]}
      />,
    );
    expect(html).toContain('role="img"');
    expect(html).toContain('<title');
    expect(html).toContain('>500<');
    expect(html).toContain('&lt;b&gt;');
  });
});

describe('line and column charts', () => {
  it('maps linearly and survives a zero-width domain', () => {
    const x = linearScale(0, 10, 100, 200);
    expect(x(0)).toBe(100);
    expect(x(5)).toBe(150);
    expect(x(10)).toBe(200);
    expect(linearScale(3, 3, 0, 50)(3)).toBe(25);
  });

  it('draws a step line: a value holds until the next change', () => {
    const d = stepPath(
      [
        { t: 0, v: 500 },
        { t: 10, v: 300 },
        { t: 20, v: 300 },
      ],
      (t) => t,
      (v) => 1000 - v,
    );
    expect(d).toBe('M0,500 H10 V700 H20 V700');
    expect(
      stepPath(
        [],
        (t) => t,
        (v) => v,
      ),
    ).toBe('');
  });

  it('labels a time axis by its span: clock time, day, or month', () => {
    const t = Date.parse('2026-11-27T16:09:33Z');
    expect(timeLabel(5 * 60_000)(t)).toBe('16:09:33');
    expect(timeLabel(5 * 3_600_000)(t)).toBe('16:09');
    expect(timeLabel(10 * 86_400_000)(t)).toBe('11-27');
    expect(timeLabel(800 * 86_400_000)(t)).toBe('2026-11');
  });

  it('labels a few columns, always the first and the last', () => {
    expect(labelIndexes(30, 6)).toEqual([0, 6, 12, 17, 23, 29]);
    expect(labelIndexes(3, 6)).toEqual([0, 1, 2]);
    expect(labelIndexes(0, 6)).toEqual([]);
  });

  it('renders both as accessible SVG, escaping labels', () => {
    const line = renderToStaticMarkup(
      <LineChart
        title="Reputation"
        description="over time"
        series={[
          {
            label: '<rep>',
            points: [
              { t: 0, v: 500 },
              { t: 86_400_000, v: 400 },
            ],
          },
          { label: 'w', points: [{ t: 0, v: 1 }] },
        ]}
      />,
    );
    expect(line).toContain('role="img"');
    expect(line).toContain('&lt;rep&gt;');
    expect(line).toMatch(/<path d="M/);
    const cols = renderToStaticMarkup(<ColumnChart title="Calls" description="per day" columns={[{ label: '11-01', value: 4, part: 1 }]} partLabel="failed" />);
    expect(cols).toContain('chart-bar-part');
    expect(cols).toContain('11-01: 4 (failed 1)');
  });
});

describe('QR code', () => {
  it('encodes an otpauth URI as a square module matrix', () => {
    const uri = 'otpauth://totp/SIGMA:operator%40sigma.local?issuer=SIGMA&secret=JBSWY3DPEHPK3PXPJBSWY3DP&algorithm=SHA1&digits=6&period=30';
    const m = qrMatrix(uri);
    expect(m.length).toBeGreaterThanOrEqual(21);
    expect(m.every((row) => row.length === m.length)).toBe(true);
    // finder pattern in the top-left corner
    expect(m[0]!.slice(0, 7).every(Boolean)).toBe(true);
    expect(qrMatrix(uri)).toEqual(m);
    const svg = renderToStaticMarkup(<QrCode text={uri} label="QR" />);
    expect(svg).toMatch(/^<svg/);
    expect(svg).toContain('aria-label="QR"');
  });
});

describe('UI pieces', () => {
  it('shows an API error with its message and code', () => {
    const html = renderToStaticMarkup(<ErrorMessage error={new ApiError('SIGMA_E_AUTH_CODE_INVALID', 'The sign-in code is wrong <b>', 401)} />);
    expect(html).toContain('role="alert"');
    expect(html).toContain('The sign-in code is wrong &lt;b&gt;');
    expect(html).toContain('SIGMA_E_AUTH_CODE_INVALID');
    expect(renderToStaticMarkup(<ErrorMessage error={null} />)).toBe('');
  });

  it('labels every field and links hints and errors', () => {
    const html = renderToStaticMarkup(
      <Field id="f" label="Email" hint="We send a code" error="Required">
        {(p) => <input {...p} />}
      </Field>,
    );
    expect(html).toContain('<label for="f">Email</label>');
    expect(html).toContain('aria-describedby="f-hint f-err"');
    expect(html).toContain('aria-invalid="true"');
  });

  it('names the API a waiting screen needs', () => {
    expect(renderToStaticMarkup(<Waiting what="Credits" api="GET /api/v1/dev/credits" />)).toContain('GET /api/v1/dev/credits');
  });
});
