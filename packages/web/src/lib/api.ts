/**
 * The one way the web app talks to the server: same origin, JSON, catalogue errors as ApiError, and
 * every call typed by the server's OpenAPI document (`src/generated/api.ts`, from `npm run api:types`;
 * docs/web.md). A path is one of the document's templates (`/api/v1/public/certificates/{id}`) with its
 * path and query parameters given separately, so a route that changes on the server breaks the build here.
 */
import type { paths } from '../generated/api';

export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly field: string | undefined;
  /** The catalogue error's `details` (for example `{ balance, price }` for insufficient credits). */
  readonly details: unknown;
  constructor(code: string, message: string, status: number, field?: string, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
    this.field = field;
    this.details = details;
  }
}

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Operation<M extends Method, P extends keyof paths> = NonNullable<paths[P][M]>;

/** The document's paths that answer `method`. */
export type PathsFor<M extends Method> = { [P in keyof paths]: paths[P][M] extends { responses: object } ? P : never }[keyof paths];

type Json<R> = R extends { content: { 'application/json': infer J } } ? J : never;
type Success<R> = R[Extract<keyof R, 200 | 201 | 202>];
/** The JSON body of a successful answer to `method path`, as the document declares it. */
export type ResponseOf<M extends Method, P extends PathsFor<M>> = Operation<M, P> extends { responses: infer R } ? Json<Success<R>> : never;
/** The answer to `GET path`: the type pages name their data by. */
export type Get<P extends PathsFor<'get'>> = ResponseOf<'get', P>;

type Part<O, K extends 'path' | 'query'> = O extends { parameters: infer PR } ? (K extends keyof PR ? NonNullable<PR[K]> : never) : never;
type RequestBody<O> = O extends { requestBody?: infer X } ? NonNullable<X> : never;
type Body<O> = [RequestBody<O>] extends [never] ? never : RequestBody<O> extends { content: { 'application/json': infer B } } ? B : never;
/** The JSON request body `method path` takes. */
export type BodyOf<M extends Method, P extends PathsFor<M>> = Body<Operation<M, P>>;

type Slot<K extends string, T, Needed extends boolean> = [T] extends [never] ? { [k in K]?: never } : Needed extends true ? { [k in K]: T } : { [k in K]?: T };
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- `{}` is "no required key" here
type NeedsQuery<Q> = {} extends Q ? false : true;
/** What a call to `method path` takes: its path parameters, query, body, and optionally headers and a signal. */
export type CallInit<M extends Method, P extends PathsFor<M>> = Slot<'path', Part<Operation<M, P>, 'path'>, true> &
  Slot<'query', Part<Operation<M, P>, 'query'>, NeedsQuery<Part<Operation<M, P>, 'query'>>> &
  Slot<'body', BodyOf<M, P>, true> & { headers?: Record<string, string>; signal?: AbortSignal };
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- see above
export type CallArgs<M extends Method, P extends PathsFor<M>> = {} extends CallInit<M, P> ? [init?: CallInit<M, P>] : [init: CallInit<M, P>];

interface LooseInit {
  path?: Record<string, unknown>;
  query?: Record<string, unknown>;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** The URL for a document path: `{name}` filled in (encoded), the query from its defined values. */
export function apiUrl(template: string, init: Pick<LooseInit, 'path' | 'query'> = {}): string {
  const path = template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const v = init.path?.[name];
    if (v === undefined || v === null || v === '') throw new Error(`${template}: no value for {${name}}`);
    return encodeURIComponent(String(v));
  });
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(init.query ?? {})) {
    if (v === undefined || v === null) continue;
    for (const one of Array.isArray(v) ? v : [v]) q.append(k, String(one));
  }
  const qs = q.toString();
  return qs ? `${path}?${qs}` : path;
}

/** Turn any failed response into an ApiError carrying the server's code and message. */
export async function errorFromResponse(res: Response): Promise<ApiError> {
  const text = await res.text().catch(() => '');
  try {
    const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown; field?: unknown; details?: unknown } };
    if (body.error && typeof body.error.code === 'string' && typeof body.error.message === 'string') {
      return new ApiError(
        body.error.code,
        body.error.message,
        res.status,
        typeof body.error.field === 'string' ? body.error.field : undefined,
        body.error.details ?? null,
      );
    }
  } catch {
    /* not JSON */
  }
  const snippet = text.trim().slice(0, 200);
  return new ApiError('HTTP_ERROR', `The server answered ${res.status} ${res.statusText}${snippet ? `: ${snippet}` : ''}`, res.status);
}

/**
 * Send one request to a URL of this origin. Writes carry `x-sigma-csrf: 1`, which the server requires
 * of cookie sessions; cookies are sent only to this origin. Pages call `api.get(…)` and friends instead.
 */
export async function request(
  method: Uppercase<Method>,
  url: string,
  opts: { body?: unknown; headers?: Record<string, string>; signal?: AbortSignal } = {},
): Promise<unknown> {
  const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
  if (method !== 'GET') headers['x-sigma-csrf'] = '1';
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      credentials: 'same-origin',
      signal: opts.signal,
    });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError('NETWORK_ERROR', 'Could not reach the SIGMA server. Check your connection and try again.', 0);
  }
  if (!res.ok) throw await errorFromResponse(res);
  if (res.status === 204) return undefined;
  return res.json();
}

function caller<M extends Method>(method: M) {
  return <P extends PathsFor<M>>(path: P, ...[init]: CallArgs<M, P>): Promise<ResponseOf<M, P>> => {
    const i = (init ?? {}) as LooseInit;
    return request(method.toUpperCase() as Uppercase<M>, apiUrl(path, i), { body: i.body, headers: i.headers, signal: i.signal }) as Promise<ResponseOf<M, P>>;
  };
}

/** The typed client: `api.get('/api/v1/dev/credits', { query: { limit: 10 } })` answers the document's type. */
export const api = {
  get: caller('get'),
  post: caller('post'),
  put: caller('put'),
  patch: caller('patch'),
  delete: caller('delete'),
};

export const isAbort = (err: unknown) => (err as Error | undefined)?.name === 'AbortError';
