/**
 * Money as the server keeps it: integers only. Credits are whole numbers (1 credit = 0.01 USDC =
 * 10,000 micro-USDC), USDC is integer micro-units (6 decimals, carried as strings so they survive
 * JSON), multipliers and discounts are basis points, LLM costs are integer micro-USD. Pure, so tested.
 */

export const MICROS_PER_CREDIT = 10_000n;
export const CREDITS_PER_USDC = 100;

const group = (digits: string) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** `1234` → `"1,234"`; negative numbers keep their sign. */
export function formatInt(n: number | bigint | string): string {
  const s = typeof n === 'string' ? n : n.toString();
  const neg = s.startsWith('-');
  return `${neg ? '−' : ''}${group(neg ? s.slice(1) : s)}`;
}

/** `1234` → `"1,234 credits"`, `1` → `"1 credit"`. */
export function formatCredits(n: number): string {
  return `${formatInt(n)} ${Math.abs(n) === 1 ? 'credit' : 'credits'}`;
}

/** A signed movement: `+500`, `−100` (for ledgers). */
export function formatSignedCredits(n: number): string {
  return n > 0 ? `+${formatInt(n)}` : formatInt(n);
}

/**
 * Integer micro-units (6 decimals) as a decimal string with at least 2 decimals:
 * `1000000` → `"1.00"`, `1234500` → `"1.2345"`, `-5` → `"-0.000005"`.
 */
export function formatMicros(micros: bigint | string | number, minDecimals = 2): string {
  let m = BigInt(micros);
  const neg = m < 0n;
  if (neg) m = -m;
  const whole = m / 1_000_000n;
  let frac = (m % 1_000_000n).toString().padStart(6, '0').replace(/0+$/, '');
  if (frac.length < minDecimals) frac = frac.padEnd(minDecimals, '0');
  return `${neg ? '-' : ''}${group(whole.toString())}${frac ? `.${frac}` : ''}`;
}

/** Credits as USDC: `150` → `"1.50"`. */
export function creditsToUsdc(credits: number): string {
  return formatMicros(BigInt(credits) * MICROS_PER_CREDIT);
}

/** Whole USDC → credits, only when exact (2 decimals at most): `"1.5"` → `150`, else null. */
export function usdcToCredits(usdc: string): number | null {
  const m = /^\s*(\d{1,9})(?:\.(\d{1,2}))?\s*$/.exec(usdc);
  if (!m) return null;
  return Number(m[1]) * CREDITS_PER_USDC + Number((m[2] ?? '').padEnd(2, '0') || '0');
}

/** A multiplier in basis points: `12500` → `"×1.25"`. */
export function formatMultiplier(bps: number): string {
  const whole = Math.trunc(bps / 10_000);
  const frac = String(bps % 10_000)
    .padStart(4, '0')
    .replace(/0+$/, '');
  return `×${whole}${frac ? `.${frac}` : ''}`;
}

/** A percentage in basis points: `2500` → `"25%"`, `1250` → `"12.5%"`. */
export function formatPercentBps(bps: number): string {
  const whole = Math.trunc(bps / 100);
  const frac = String(bps % 100)
    .padStart(2, '0')
    .replace(/0+$/, '');
  return `${whole}${frac ? `.${frac}` : ''}%`;
}

/** Percent text (as typed, up to 2 decimals) → basis points, or null: `"12.5"` → `1250`. */
export function percentToBps(text: string): number | null {
  const m = /^\s*(\d{1,3})(?:\.(\d{1,2}))?\s*%?\s*$/.exec(text);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0') || '0');
}

/** Multiplier text (`"1.25"` or `"×1.25"`, up to 4 decimals) → basis points, or null. */
export function multiplierToBps(text: string): number | null {
  const m = /^\s*[×x]?\s*(\d{1,3})(?:\.(\d{1,4}))?\s*$/.exec(text);
  if (!m) return null;
  return Number(m[1]) * 10_000 + Number((m[2] ?? '').padEnd(4, '0') || '0');
}

/**
 * LLM cost in integer micro-USD: `3955` → `"$0.003955"`, `12_500_000` → `"$12.50"`. Amounts of a
 * cent or more show cents (rounded half up); smaller ones show every micro-dollar so nothing reads as free.
 */
export function formatMicroUsd(micro: number): string {
  if (!Number.isFinite(micro)) return '—';
  const m = Math.round(micro);
  if (m === 0) return '$0';
  if (Math.abs(m) < 10_000) return `${m < 0 ? '-' : ''}$${formatMicros(Math.abs(m), 0)}`;
  const cents = Math.round(Math.abs(m) / 10_000);
  return `${m < 0 ? '-' : ''}$${group(String(Math.trunc(cents / 100)))}.${String(cents % 100).padStart(2, '0')}`;
}

/** A price per million tokens (micro-USD per MTok) as dollars: `2_500_000` → `"$2.50"`. */
export const formatPerMTok = (micro: number) => formatMicroUsd(micro);

/** Milliseconds left as `m:ss` (or `h:mm:ss`); zero or less is `0:00`. */
export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}` : `${m}:${String(s).padStart(2, '0')}`;
}

/** Wei (18 decimals) as whole tokens with up to 4 decimals: `1000000000000000000000` → `"1,000"`. */
export function formatWei(wei: string | bigint, decimals = 18): string {
  let v = BigInt(wei);
  const neg = v < 0n;
  if (neg) v = -v;
  const base = 10n ** BigInt(decimals);
  const whole = v / base;
  const frac = (v % base).toString().padStart(decimals, '0').slice(0, 4).replace(/0+$/, '');
  return `${neg ? '-' : ''}${group(whole.toString())}${frac ? `.${frac}` : ''}`;
}
