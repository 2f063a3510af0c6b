/** The one way the web app talks to the server: same origin, JSON, catalogue errors as ApiError. */

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

export interface ApiOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
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
 * Call the API. Writes carry `x-sigma-csrf: 1`, which the server requires of cookie sessions; cookies
 * are sent only to this origin.
 */
export async function api<T>(path: string, opts: ApiOptions = {}): Promise<T> {
  const method = opts.method ?? (opts.body === undefined ? 'GET' : 'POST');
  const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
  if (method !== 'GET') headers['x-sigma-csrf'] = '1';
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(path, {
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
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

export const isAbort = (err: unknown) => (err as Error | undefined)?.name === 'AbortError';
