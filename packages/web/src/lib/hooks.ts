import { useCallback, useEffect, useRef, useState } from 'react';
import { apiUrl, isAbort, request, type CallArgs, type Get, type PathsFor } from './api';

export interface Loaded<T> {
  data: T | null;
  error: Error | null;
  loading: boolean;
  reload: () => void;
}

/** The URL a hook loads (null = nothing to load): it is the hook's key, so new parameters load again. */
function urlOf(path: string | null, init: unknown): string | null {
  return path === null ? null : apiUrl(path, (init ?? {}) as Parameters<typeof apiUrl>[1]);
}

/**
 * GET a path of the API document (null = nothing to load) with its parameters; re-fetches when the
 * path or a parameter changes, or on `reload()`. The data has the document's type for that path.
 */
export function useApi<P extends PathsFor<'get'>>(path: P | null, ...[init]: CallArgs<'get', P>): Loaded<Get<P>> {
  return useGet<Get<P>>(urlOf(path, init));
}

function useGet<T>(url: string | null): Loaded<T> {
  const [state, setState] = useState<{ data: T | null; error: Error | null; loading: boolean }>({ data: null, error: null, loading: url !== null });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (url === null) return;
    const ctrl = new AbortController();
    setState((s) => ({ ...s, loading: true, error: null }));
    request('GET', url, { signal: ctrl.signal }).then(
      (data) => setState({ data: data as T, error: null, loading: false }),
      (error: unknown) => {
        if (!isAbort(error)) setState({ data: null, error: error as Error, loading: false });
      },
    );
    return () => ctrl.abort();
  }, [url, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { ...state, reload };
}

/** Poll `GET path` every `intervalMs` while `active(data)` is true; the last good data stays on screen. */
export function usePolling<P extends PathsFor<'get'>>(
  path: P,
  init: CallArgs<'get', P>[0],
  intervalMs: number,
  active: (data: Get<P> | null) => boolean,
): Loaded<Get<P>> & { polling: boolean } {
  return usePollingUrl<Get<P>>(urlOf(path, init)!, intervalMs, active);
}

function usePollingUrl<T>(url: string, intervalMs: number, active: (data: T | null) => boolean): Loaded<T> & { polling: boolean } {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const activeRef = useRef(active);
  activeRef.current = active;
  const polling = activeRef.current(data);
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const ctrl = new AbortController();
    const once = async () => {
      try {
        const d = (await request('GET', url, { signal: ctrl.signal })) as T;
        if (stopped) return;
        setData(d);
        setError(null);
        setLoading(false);
        if (activeRef.current(d)) timer = setTimeout(() => void once(), intervalMs);
      } catch (err) {
        if (stopped || isAbort(err)) return;
        setError(err as Error);
        setLoading(false);
        timer = setTimeout(() => void once(), intervalMs * 2);
      }
    };
    void once();
    return () => {
      stopped = true;
      ctrl.abort();
      if (timer) clearTimeout(timer);
    };
  }, [url, intervalMs, tick]);
  return { data, error, loading, polling, reload: () => setTick((n) => n + 1) };
}

/** Set the document title for a page. */
export function useTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · SIGMA`;
  }, [title]);
}

export interface Action {
  /** The name of the action in flight, or null. */
  busy: string | null;
  error: unknown;
  /** What the last successful action did, for a status line. */
  done: string | null;
  /** Run `fn` as action `name`; its error is kept (shown with the API's message), its result text becomes `done`. Resolves true on success. */
  run: (name: string, fn: () => Promise<string | void>) => Promise<boolean>;
  clear: () => void;
}

/** One form's (or one section's) writes: busy flag, the last error, the last success message. */
export function useAction(): Action {
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const run = useCallback(async (name: string, fn: () => Promise<string | void>) => {
    setBusy(name);
    setError(null);
    setDone(null);
    try {
      const msg = await fn();
      setDone(msg || null);
      return true;
    } catch (err) {
      setError(err);
      return false;
    } finally {
      setBusy(null);
    }
  }, []);
  const clear = useCallback(() => {
    setError(null);
    setDone(null);
  }, []);
  return { busy, error, done, run, clear };
}
