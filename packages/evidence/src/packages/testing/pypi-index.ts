/**
 * A PEP 503 simple index for tests, served from files with node:http on loopback: the test writes
 * distributions into a folder, the index regenerates `simple/<project>/index.html` (and the PEP 691
 * `index.json`) with `#sha256=` fragments, `data-requires-python`, `data-yanked` and PEP 714
 * `data-core-metadata`; `/files/<name>` serves the bytes and `/files/<name>.metadata` the core metadata.
 */
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface IndexedFile {
  project: string;
  filename: string;
  bytes: Uint8Array;
  metadata?: string;
  requiresPython?: string;
  yanked?: boolean;
  /** Publish the file's link on another origin (to test the host allow-list). */
  hrefOrigin?: string;
  /** Write a wrong sha256 into the index. */
  wrongSha256?: boolean;
}

export interface LocalPypiIndex {
  /** The simple index base URL (`…/simple`). */
  url: string;
  origin: string;
  add(f: IndexedFile): Promise<void>;
  /** Replaces a file's bytes without touching the index (a compromised file host). */
  tamper(filename: string, bytes: Uint8Array): Promise<void>;
  /** Requests seen, in order (path and Accept header). */
  requests: Array<{ path: string; accept: string }>;
  close(): Promise<void>;
}

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export async function startPypiIndex(opts: { json?: boolean } = {}): Promise<LocalPypiIndex> {
  const root = await mkdtemp(join(tmpdir(), 'sigma-pypi-'));
  await mkdir(join(root, 'files'));
  await mkdir(join(root, 'simple'));
  const projects = new Map<string, IndexedFile[]>();
  const requests: LocalPypiIndex['requests'] = [];
  let origin = '';

  const server = createServer((req, res) => {
    void (async () => {
      const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
      const accept = String(req.headers.accept ?? '');
      requests.push({ path, accept });
      const simple = /^\/simple\/([a-z0-9-]+)\/$/.exec(path);
      const file = /^\/files\/([^/]+)$/.exec(path);
      try {
        if (simple) {
          const wantJson = opts.json === true && accept.includes('application/vnd.pypi.simple.v1+json');
          const body = await readFile(join(root, 'simple', simple[1]!, wantJson ? 'index.json' : 'index.html'));
          res.writeHead(200, { 'content-type': wantJson ? 'application/vnd.pypi.simple.v1+json' : 'text/html; charset=utf-8' });
          res.end(body);
          return;
        }
        if (file && !file[1]!.includes('..')) {
          const body = await readFile(join(root, 'files', file[1]!));
          res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length });
          res.end(body);
          return;
        }
      } catch {
        // fall through to 404
      }
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  async function regenerate(project: string): Promise<void> {
    const files = projects.get(project) ?? [];
    const links = files.map((f) => {
      const hash = f.wrongSha256 ? '0'.repeat(64) : sha256(f.bytes);
      const href = `${f.hrefOrigin ?? origin}/files/${encodeURIComponent(f.filename)}#sha256=${hash}`;
      const attrs = [
        `href="${esc(href)}"`,
        f.requiresPython ? `data-requires-python="${esc(f.requiresPython)}"` : '',
        f.yanked ? 'data-yanked=""' : '',
        f.metadata !== undefined ? `data-core-metadata="sha256=${sha256(new TextEncoder().encode(f.metadata))}"` : '',
      ].filter(Boolean);
      return `    <a ${attrs.join(' ')}>${esc(f.filename)}</a><br/>`;
    });
    const html = `<!DOCTYPE html>\n<html>\n  <head><meta name="pypi:repository-version" content="1.0"><title>Links for ${project}</title></head>\n  <body>\n    <h1>Links for ${project}</h1>\n${links.join('\n')}\n  </body>\n</html>\n`;
    const json = {
      meta: { 'api-version': '1.0' },
      name: project,
      files: files.map((f) => ({
        filename: f.filename,
        url: `${f.hrefOrigin ?? origin}/files/${encodeURIComponent(f.filename)}`,
        hashes: { sha256: f.wrongSha256 ? '0'.repeat(64) : sha256(f.bytes) },
        ...(f.requiresPython ? { 'requires-python': f.requiresPython } : {}),
        ...(f.yanked ? { yanked: true } : {}),
        ...(f.metadata !== undefined ? { 'core-metadata': { sha256: sha256(new TextEncoder().encode(f.metadata)) } } : {}),
      })),
    };
    await mkdir(join(root, 'simple', project), { recursive: true });
    await writeFile(join(root, 'simple', project, 'index.html'), html);
    await writeFile(join(root, 'simple', project, 'index.json'), JSON.stringify(json));
  }

  return {
    url: `${origin}/simple`,
    origin,
    requests,
    async add(f) {
      const list = projects.get(f.project) ?? [];
      list.push(f);
      projects.set(f.project, list);
      await writeFile(join(root, 'files', f.filename), f.bytes);
      if (f.metadata !== undefined) await writeFile(join(root, 'files', `${f.filename}.metadata`), f.metadata);
      await regenerate(f.project);
    },
    async tamper(filename, bytes) {
      await writeFile(join(root, 'files', filename), bytes);
    },
    async close() {
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
      await rm(root, { recursive: true, force: true });
    },
  };
}
