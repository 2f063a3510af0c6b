import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import type { CertificateRow } from './rows.js';

/**
 * Count views in batches: verify is hot, so increments are buffered and written every `intervalMs`
 * (`SIGMA_VIEW_FLUSH_MS`, 10 s by default). A write costs about one row update per distinct
 * certificate, so a longer interval merges repeat views; this process's own answers are always exact.
 */
export class ViewCounter {
  private pending = new Map<string, number>();
  /** Views added by this process since it started, per certificate (never reset). */
  private added = new Map<string, number>();
  /** Of those, how many are already written to the database. */
  private flushed = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  constructor(
    private readonly db: DbOrTx,
    private readonly onError: (err: unknown) => void = () => undefined,
    private readonly intervalMs = 1000,
  ) {}

  /** Count one view; returns this process's running total for the certificate. */
  add(certificateId: string): number {
    this.pending.set(certificateId, (this.pending.get(certificateId) ?? 0) + 1);
    const total = (this.added.get(certificateId) ?? 0) + 1;
    this.added.set(certificateId, total);
    if (!this.timer) this.timer = setTimeout(() => void this.flush().catch((err: unknown) => this.onError(err)), this.intervalMs).unref();
    return total;
  }

  /**
   * The part of a freshly read row's view count that is not this process's flushed views; add the
   * running total to it to get the current count (`current(base, id)`).
   */
  baseOf(row: CertificateRow): number {
    return row.views - (this.flushed.get(row.id) ?? 0);
  }

  current(base: number, certificateId: string): number {
    return base + (this.added.get(certificateId) ?? 0);
  }

  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    // One statement for the whole batch (on the embedded database every statement holds the only
    // session), the ids and counts as two arrays: parsing arrays costs half of parsing JSON records.
    const ids = [...batch.keys()];
    const counts = [...batch.values()];
    const updated = await this.db.execute(sql`
      update sigma.certificate_views c set views = c.views + v.n
      from unnest(${sql.param(ids)}::text[], ${sql.param(counts)}::int[]) as v(id, n)
      where c.certificate_id = v.id
      returning c.certificate_id as id`);
    // Every certificate gets its row when sealed; one written some other way is counted through the slower upsert.
    const seen = new Set((updated as unknown as { rows: Array<{ id: string }> }).rows.map((r) => r.id));
    const missing = ids.filter((id) => !seen.has(id));
    if (missing.length) {
      await this.db.execute(sql`
        insert into sigma.certificate_views (certificate_id, views)
        select v.id, v.n from unnest(${sql.param(missing)}::text[], ${sql.param(missing.map((id) => batch.get(id)!))}::int[]) as v(id, n)
        join sigma.certificates c on c.id = v.id
        on conflict (certificate_id) do update set views = sigma.certificate_views.views + excluded.views`);
    }
    for (const [id, n] of batch) this.flushed.set(id, (this.flushed.get(id) ?? 0) + n);
  }
}
