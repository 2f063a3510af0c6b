import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { parse } from 'yaml';
import { reportCrash } from './crash.js';

type Op = { responses?: Record<string, { content?: Record<string, { example?: unknown }> }> };

const [specPath, ...rest] = process.argv.slice(2);
const arg = (name: string, dflt: number) => (rest.includes(name) ? Number(rest[rest.indexOf(name) + 1]) : dflt);
const port = arg('--port', 4010);
const delay = arg('--delay', 0);
const failRate = arg('--fail', 0);

const spec = parse(readFileSync(specPath!, 'utf8')) as { paths: Record<string, Record<string, Op>> };
const routes = Object.entries(spec.paths).flatMap(([path, ops]) =>
  Object.entries(ops).map(([method, op]) => ({ method: method.toUpperCase(), re: new RegExp(`^${path.replace(/\{[^}]+\}/g, '[^/]+')}$`), op })),
);

createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const r = routes.find((x) => x.method === req.method && x.re.test(url.pathname));
  setTimeout(() => {
    if (!r) return res.writeHead(404).end();
    if (Math.random() < failRate) return res.writeHead(500).end('{"error":"mock failure"}');
    const ok = r.op.responses?.['200'] ?? r.op.responses?.['201'];
    const example = ok?.content?.['application/json']?.example ?? {};
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(example));
  }, delay);
}).listen(port, () => console.log(`mock server on http://localhost:${port} (${routes.length} routes)`));

process.on('uncaughtException', (err) => {
  console.error(err);
  void reportCrash(err).finally(() => process.exit(1));
});
