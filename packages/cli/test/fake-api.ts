import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ERROR_CATALOGUE, type ErrorCode } from '@sigma/core';
import type { Io } from '../src/io.js';
import { run } from '../src/main.js';

/**
 * A SIGMA API speaker on loopback for the CLI's tests: real HTTP, the routes a command uses, answers
 * shaped like the server's (catalogue errors with their status), and a record of every request.
 */
export interface Seen {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: unknown;
}
export interface Answer {
  status?: number;
  body?: unknown;
  /** A body sent as it is (not JSON). */
  raw?: string;
  headers?: Record<string, string>;
}
export type Handler = (req: Seen, params: Record<string, string>) => Answer | Promise<Answer>;

/** A catalogue error as the server sends it. */
export const apiError = (code: ErrorCode, message?: string, extra: { field?: string; details?: unknown } = {}): Answer => ({
  status: ERROR_CATALOGUE[code].status,
  body: { error: { code, message: message ?? ERROR_CATALOGUE[code].message, ...extra } },
});

export const DEV_KEY = 'sigma_dk_cli_test_key_0001';

export class FakeApi {
  readonly seen: Seen[] = [];
  private routes: Array<{ method: string; pattern: string; handler: Handler }> = [];
  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<FakeApi> {
    let api: FakeApi | null = null;
    const server = createServer((req, res) => {
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c.toString()));
      req.on('end', () => {
        const u = new URL(req.url ?? '/', 'http://x');
        let body: unknown = raw;
        try {
          body = raw ? JSON.parse(raw) : undefined;
        } catch {
          /* kept as text */
        }
        const seen: Seen = { method: req.method ?? 'GET', path: u.pathname, query: u.searchParams, headers: req.headers, body };
        api!.seen.push(seen);
        void api!.answer(seen).then((a) => {
          res.writeHead(a.status ?? 200, { 'content-type': a.raw === undefined ? 'application/json' : 'text/plain', ...a.headers });
          res.end(a.raw ?? (a.body === undefined ? '' : JSON.stringify(a.body)));
        });
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    api = new FakeApi(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return api;
  }

  /** Answer `METHOD /path/:param` with `handler` (the latest route for a path wins). */
  on(route: string, handler: Handler): this {
    const [method, pattern] = route.split(' ') as [string, string];
    this.routes.unshift({ method, pattern, handler });
    return this;
  }

  /** Like `on`, for the developer plane: anything but `Bearer DEV_KEY` is answered 401 as the server does. */
  dev(route: string, handler: Handler): this {
    return this.on(route, (req, params) => {
      const auth = req.headers.authorization;
      if (!auth) return apiError('SIGMA_E_AUTH_MISSING');
      if (auth !== `Bearer ${DEV_KEY}`) return apiError('SIGMA_E_AUTH_INVALID');
      return handler(req, params);
    });
  }

  reset(): void {
    this.seen.length = 0;
    this.routes = [];
  }

  requests(route: string): Seen[] {
    const [method, path] = route.split(' ');
    return this.seen.filter((s) => s.method === method && s.path === path);
  }

  private async answer(req: Seen): Promise<Answer> {
    for (const r of this.routes) {
      if (r.method !== req.method) continue;
      const params = match(r.pattern, req.path);
      if (params) return r.handler(req, params);
    }
    return apiError('SIGMA_E_ROUTE_NOT_FOUND');
  }

  close(): Promise<void> {
    return new Promise((r) => this.server.close(() => r()));
  }
}

function match(pattern: string, path: string): Record<string, string> | null {
  const a = pattern.split('/');
  const b = path.split('/');
  if (a.length !== b.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < a.length; i++) {
    if (a[i]!.startsWith(':')) params[a[i]!.slice(1)] = decodeURIComponent(b[i]!);
    else if (a[i] !== b[i]) return null;
  }
  return params;
}

export interface CliRun {
  code: number;
  out: string[];
  err: string[];
  /** stdout as one string. */
  stdout: string;
  /** The last stdout line parsed as JSON. */
  json<T = Record<string, unknown>>(): T;
}

/** A port nothing listens on (the discard port), for "cannot reach the server". */
export const UNREACHABLE = 'http://127.0.0.1:9';

/**
 * Run `sigma …` in this process with its output captured. The environment is only what is given
 * (plus a config file that does not exist), so the developer's own configuration never leaks in.
 */
export async function sigma(argv: string[], env: Record<string, string | undefined> = {}): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = {
    out: (l) => out.push(...l.split('\n')),
    err: (l) => err.push(...l.split('\n')),
    progress: () => ({ update: () => undefined, stop: () => undefined }),
  };
  const code = await run(argv, io, { SIGMA_CONFIG: '/nonexistent/sigma-config.json', ...env });
  return {
    code,
    out,
    err,
    stdout: out.join('\n'),
    json: <T>() => JSON.parse(out.filter((l) => l.trim()).at(-1) ?? 'null') as T,
  };
}
