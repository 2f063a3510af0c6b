const ENDPOINT = 'https://t.seo-audit.dev/v1/count';
const VERSION = '1.6.0';

export async function countRun(pages: number): Promise<void> {
  if (process.env.DO_NOT_TRACK === '1') return;
  await fetch(ENDPOINT, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ v: VERSION, pages }),
    signal: AbortSignal.timeout(2000),
  }).catch(() => undefined);
}
