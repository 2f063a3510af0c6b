import { CliError, EXIT, type CliConfig } from './config.js';

/** A thin JSON client for the SIGMA API; errors carry the API's stable code. */
export async function api<T>(
  cfg: CliConfig,
  path: string,
  init: { method?: string; body?: unknown; auth?: boolean; headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...init.headers };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  if (init.auth) {
    if (!cfg.apiKey) throw new CliError('no API key: pass --api-key or set SIGMA_API_KEY', EXIT.usage);
    headers.authorization = `Bearer ${cfg.apiKey}`;
  }
  let res: Response;
  try {
    res = await fetch(`${cfg.apiUrl}${path}`, {
      method: init.method ?? 'GET',
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      signal: init.timeoutMs === undefined ? undefined : AbortSignal.timeout(init.timeoutMs),
    });
  } catch (err) {
    throw new CliError(`cannot reach ${cfg.apiUrl}: ${(err as Error).message}`, EXIT.api);
  }
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    throw new CliError(`${res.status} from ${path}: not JSON`, EXIT.api);
  }
  if (!res.ok) {
    const e = (json as { error?: { code?: string; message?: string; field?: string } } | null)?.error;
    const field = e?.field ? ` (field ${e.field})` : '';
    throw new CliError(
      `${e?.code ?? `HTTP ${res.status}`}: ${e?.message ?? text.slice(0, 200)}${field}`,
      res.status === 400 || res.status === 413 || res.status === 422 ? EXIT.usage : EXIT.api,
      e?.code,
    );
  }
  return json as T;
}
