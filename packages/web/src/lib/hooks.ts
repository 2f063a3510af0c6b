import { useCallback, useEffect, useRef, useState } from 'react';
import { api, isAbort } from './api';

export interface Loaded<T> {
  data: T | null;
  error: Error | null;
  loading: boolean;
  reload: () => void;
}

/** GET `path` (null = nothing to load); re-fetches when the path changes or on `reload()`. */
export function useApi<T>(path: string | null): Loaded<T> {
  const [state, setState] = useState<{ data: T | null; error: Error | null; loading: boolean }>({ data: null, error: null, loading: path !== null });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (path === null) return;
    const ctrl = new AbortController();
    setState((s) => ({ ...s, loading: true, error: null }));
    api<T>(path, { signal: ctrl.signal }).then(
      (data) => setState({ data, error: null, loading: false }),
      (error: unknown) => {
        if (!isAbort(error)) setState({ data: null, error: error as Error, loading: false });
      },
    );
    return () => ctrl.abort();
  }, [path, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { ...state, reload };
}

/** Poll `path` every `intervalMs` while `active(data)` is true; the last good data stays on screen. */
export function usePolling<T>(path: string, intervalMs: number, active: (data: T | null) => boolean): Loaded<T> & { polling: boolean } {
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
        const d = await api<T>(path, { signal: ctrl.signal });
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
  }, [path, intervalMs, tick]);
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
