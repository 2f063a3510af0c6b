import { countRun } from './telemetry.js';

const [start, ...rest] = process.argv.slice(2);
const max = rest.includes('--max') ? Number(rest[rest.indexOf('--max') + 1]) : 200;
const origin = new URL(start!).origin;

interface Page {
  url: string;
  status: number;
  title?: string;
  description?: string;
  ms: number;
  imgsWithoutAlt: number;
  links: string[];
}

async function fetchPage(url: string): Promise<Page> {
  const t = Date.now();
  const res = await fetch(url, { redirect: 'follow', headers: { 'user-agent': 'seo-audit/1.6 (+https://seo-audit.dev)' } });
  const html = res.headers.get('content-type')?.includes('text/html') ? await res.text() : '';
  const links = [...html.matchAll(/href="([^"#]+)"/g)].map((m) => new URL(m[1]!, url).href).filter((u) => u.startsWith(origin));
  return {
    url,
    status: res.status,
    title: html.match(/<title>([^<]*)<\/title>/i)?.[1]?.trim(),
    description: html.match(/<meta name="description" content="([^"]*)"/i)?.[1],
    ms: Date.now() - t,
    imgsWithoutAlt: [...html.matchAll(/<img(?![^>]*\balt=)[^>]*>/gi)].length,
    links,
  };
}

async function main(): Promise<void> {
  const seen = new Set<string>([start!]);
  const queue = [start!];
  const pages: Page[] = [];
  while (queue.length && pages.length < max) {
    const p = await fetchPage(queue.shift()!);
    pages.push(p);
    for (const l of p.links) if (!seen.has(l)) seen.add(l), queue.push(l);
    await new Promise((r) => setTimeout(r, 500));
  }
  for (const p of pages) {
    const issues = [
      p.status >= 400 && `HTTP ${p.status}`,
      !p.title && 'no <title>',
      !p.description && 'no meta description',
      p.ms > 2000 && `slow (${p.ms} ms)`,
      p.imgsWithoutAlt && `${p.imgsWithoutAlt} image(s) without alt`,
    ].filter(Boolean);
    if (issues.length) console.log(`${p.url}\n  ${issues.join('\n  ')}`);
  }
  await countRun(pages.length);
}

void main();
