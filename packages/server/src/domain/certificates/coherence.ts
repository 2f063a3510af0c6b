/** Sent (with the certificate id) by database triggers when a certificate or its flags change. */
export const CERTIFICATE_CHANGED_CHANNEL = 'sigma_certificate_changed';

/**
 * When the public read caches may trust an entry. While change notices flow (the database's
 * `sigma_certificate_changed` notifications, sent by triggers after commit) an entry stays until its
 * certificate changes; when they may have been missed, everything is dropped and entries live for at
 * most `ttlMs`. `ttlMs = 0` turns caching off.
 */
export class CacheCoherence {
  listening = false;
  /** Bumped by every notice: a read that began before a bump is not cached (it may predate the change). */
  epoch = 0;
  private readonly subscribers: Array<(certificateId: string | null) => void> = [];
  constructor(readonly ttlMs: number) {}

  get enabled(): boolean {
    return this.ttlMs > 0;
  }

  subscribe(fn: (certificateId: string | null) => void): void {
    this.subscribers.push(fn);
  }

  /** A certificate (or its flags) changed; `null` means anything may have changed. */
  changed(certificateId: string | null): void {
    this.epoch++;
    for (const fn of this.subscribers) fn(certificateId);
  }

  setListening(on: boolean): void {
    this.listening = on;
    this.changed(null);
  }

  fresh(at: number, now: number): boolean {
    return this.enabled && (this.listening || now - at < this.ttlMs);
  }
}

/**
 * A bounded map kept coherent by a `CacheCoherence`. Eviction is "second chance" (the CLOCK
 * approximation of least-recently-used): a hit only marks its entry as used, so the hot path never
 * reorders the map; when full, the oldest entry goes unless it was used since it last came round,
 * in which case it is unmarked and moved to the young end.
 */
export class CoherentCache<V> {
  private entries = new Map<string, { at: number; used: boolean; value: V }>();
  constructor(
    private readonly coherence: CacheCoherence,
    readonly max: number,
  ) {
    coherence.subscribe((id) => (id === null ? this.entries.clear() : this.entries.delete(id)));
  }

  get size(): number {
    return this.entries.size;
  }

  /** The cached value if it may be trusted now, without loading (synchronous: the hot path). */
  peek(id: string): V | undefined {
    const hit = this.entries.get(id);
    if (hit === undefined) return undefined;
    // While notices flow every entry is fresh (and the clock need not be read).
    if (!this.coherence.listening && !this.coherence.fresh(hit.at, Date.now())) return undefined;
    hit.used = true;
    return hit.value;
  }

  /** The cached value, or `load()`'s (cached unless a change notice arrived while it ran). */
  async get(id: string, load: () => Promise<V>): Promise<V> {
    const hit = this.peek(id);
    if (hit !== undefined) return hit;
    const epoch = this.coherence.epoch;
    const now = Date.now();
    const value = await load();
    if (epoch === this.coherence.epoch) this.put(id, value, now);
    return value;
  }

  put(id: string, value: V, at = Date.now()): void {
    if (!this.coherence.enabled) return;
    this.entries.delete(id);
    // Make room first (the new entry must not be the one that goes). Each pass over a used entry
    // unmarks it, so this ends within one round of the map.
    while (this.entries.size >= this.max) {
      const [oldest, e] = this.entries.entries().next().value!;
      this.entries.delete(oldest);
      if (e.used && this.coherence.listening) {
        e.used = false;
        this.entries.set(oldest, e);
      }
    }
    this.entries.set(id, { at, used: false, value });
  }
}
