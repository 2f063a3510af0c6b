const args = process.argv.slice(2);
const get = (k: string, d: string): string => (args.includes(k) ? args[args.indexOf(k) + 1]! : d);

const zones = get('--zones', 'UTC').split(',');
const date = get('--date', new Date().toISOString().slice(0, 10));
const [from, to] = get('--hours', '9-17').split('-').map(Number) as [number, number];

function localHour(utc: Date, zone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hour12: false }).formatToParts(utc);
  const h = Number(parts.find((p) => p.type === 'hour')!.value);
  const m = Number(parts.find((p) => p.type === 'minute')!.value);
  return h + m / 60;
}

const start = new Date(`${date}T00:00:00Z`).getTime();
const rows: string[] = [];
for (let t = start; t < start + 24 * 3600_000; t += 30 * 60_000) {
  const utc = new Date(t);
  const hours = zones.map((z) => localHour(utc, z));
  if (hours.every((h) => h >= from && h + 0.5 <= to)) {
    const edge = hours.some((h) => h < from + 1 || h + 0.5 > to - 1);
    rows.push(`${utc.toISOString().slice(11, 16)} UTC  ${zones.map((z, i) => `${z.split('/').pop()} ${String(Math.floor(hours[i]!)).padStart(2, '0')}:${hours[i]! % 1 ? '30' : '00'}`).join('  ')}${edge ? '  (edge)' : ''}`);
  }
}
console.log(rows.join('\n') || 'no common slot; consider splitting the meeting');
