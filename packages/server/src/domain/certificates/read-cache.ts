import { desc, lt } from 'drizzle-orm';
import { payloadHash, type CertificateSnapshot } from '@sigma/core';
import type { DbOrTx } from '../../db/client.js';
import { certificates } from '../../db/schema/index.js';
import { CoherentCache, type CacheCoherence } from './coherence.js';
import { getCertificateRow, selectWithViews, withViews, type CertificateLite, type CertificateRow } from './rows.js';
import { certificateLabel, sealedVerifyFields } from './verify.js';
import type { ViewCounter } from './view-counter.js';

/** What the public certificate routes need of one certificate, without its snapshot text. */
export interface CachedCertificate {
  row: CertificateLite;
  /** keccak256 of the stored snapshot, recomputed when read (null: the stored text is not a snapshot). */
  recomputed: string | null;
  viewBase: number;
  /**
   * The sealed part of the verify response as UTF-8 bytes (`,"k":v,…}`: it closes the object), and
   * the summary's label; null when unparsable. Bytes, not a string: a full cache holds ~250 MB of
   * them, and off the JavaScript heap the garbage collector does not move or count them.
   */
  sealed: { tail: Buffer; label: string } | null;
  /** The live part while the certificate is valid and unflagged, up to the view count (filled on first use). */
  quietHead?: Buffer;
}

/**
 * The public certificate read cache (verify is the hot path). On start it is warmed in the
 * background, up to its size.
 */
export class CertificateReadCache {
  private readonly cache: CoherentCache<CachedCertificate>;
  constructor(
    private readonly db: DbOrTx,
    private readonly views: ViewCounter,
    private readonly coherence: CacheCoherence,
    max: number,
  ) {
    this.cache = new CoherentCache(coherence, max);
  }

  get size(): number {
    return this.cache.size;
  }

  get(id: string): Promise<CachedCertificate> {
    return this.cache.get(id, async () => this.entryOf(await getCertificateRow(this.db, id)));
  }

  /** The cached entry if it may be trusted now (synchronous: the hot path), else undefined. */
  peek(id: string): CachedCertificate | undefined {
    return this.cache.peek(id);
  }

  private entryOf(full: CertificateRow): CachedCertificate {
    const { snapshotJson, ...row } = full;
    let snapshot: CertificateSnapshot | undefined;
    try {
      snapshot = JSON.parse(snapshotJson) as CertificateSnapshot;
    } catch {
      snapshot = undefined;
    }
    let recomputed: string | null = null;
    let sealed: CachedCertificate['sealed'] = null;
    if (snapshot) {
      try {
        recomputed = payloadHash(snapshot);
        sealed = { tail: Buffer.from(`,${JSON.stringify(sealedVerifyFields(row, snapshot)).slice(1)}`), label: certificateLabel(snapshot) };
      } catch {
        recomputed = null;
        sealed = null;
      }
    }
    return { row, recomputed, viewBase: this.views.baseOf(full), sealed };
  }

  /**
   * Fill the cache with up to its size of certificates (only while change notices flow: otherwise
   * entries would expire before use), a page at a time, yielding between pages so requests are
   * served meanwhile. `onPage` warms what else the routes read for those ids. Returns how many it added.
   */
  async warm(onPage: (ids: string[]) => Promise<void> = async () => undefined, pageSize = 500): Promise<number> {
    const coherence = this.coherence;
    let added = 0;
    let before: string | null = null;
    while (added < this.cache.max && coherence.listening) {
      const epoch = coherence.epoch;
      const page: CertificateRow[] = (
        await selectWithViews(this.db)
          .where(before ? lt(certificates.id, before) : undefined)
          .orderBy(desc(certificates.id))
          .limit(Math.min(pageSize, this.cache.max - added))
      ).map(withViews);
      if (!page.length) break;
      // A page read before a change notice may be stale: leave it to be read on demand.
      if (epoch === coherence.epoch) {
        const at = Date.now();
        for (const row of page) this.cache.put(row.id, this.entryOf(row), at);
        added += page.length;
        await onPage(page.map((r) => r.id));
      }
      before = page[page.length - 1]!.id;
      await new Promise((r) => setImmediate(r));
    }
    return added;
  }
}
