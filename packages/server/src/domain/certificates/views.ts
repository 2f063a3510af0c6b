import { and, desc, eq, ilike, lt, or, sql } from 'drizzle-orm';
import {
  HASH_SCHEME,
  payloadHash,
  SigmaError,
  skillHash as computeSkillHash,
  type CertificateRecord,
  type CertificateSnapshot,
  type CertificateSummary,
  type OnChain,
  type VerifyResponse,
} from '@sigma/core';
import type { DbOrTx } from '../../db/client.js';
import { certificates, certificateViews, submissionFiles } from '../../db/schema/index.js';
import type { Clock } from '../../lib/clock.js';
import { roundViews } from '../assembly/rounds.js';

/** A certificate row with its public view count (kept in `certificate_views`). */
export type CertificateRow = typeof certificates.$inferSelect & { views: number };

/** Select certificate rows with their view counts. */
function selectWithViews(db: DbOrTx) {
  return db
    .select({ c: certificates, views: certificateViews.views })
    .from(certificates)
    .leftJoin(certificateViews, eq(certificateViews.certificateId, certificates.id));
}
const withViews = (r: { c: typeof certificates.$inferSelect; views: number | null }): CertificateRow => ({ ...r.c, views: r.views ?? 0 });

export async function getCertificateRow(db: DbOrTx, id: string): Promise<CertificateRow> {
  if (!/^[0-9a-f]{24}$/.test(id)) throw new SigmaError('SIGMA_E_CERTIFICATE_NOT_FOUND');
  const row = (await selectWithViews(db).where(eq(certificates.id, id)).limit(1))[0];
  if (!row) throw new SigmaError('SIGMA_E_CERTIFICATE_NOT_FOUND');
  return withViews(row);
}

export function onChainView(
  row: CertificateLite,
  chain: { mode: string; network: string | null; chainId?: number; registryAddress?: string; explorerTx?: (hash: string) => string | null } | null,
): OnChain {
  if (!chain || chain.mode === 'off') {
    return {
      network: null,
      chainId: null,
      registryAddress: null,
      committed: false,
      txHash: null,
      explorerUrl: null,
      blockNumber: null,
      note: 'On-chain commitment is disabled on this deployment.',
    };
  }
  return {
    network: chain.network,
    chainId: row.chainId ?? chain.chainId ?? null,
    registryAddress: row.registryAddress ?? chain.registryAddress ?? null,
    committed: row.txHash !== null,
    txHash: row.txHash,
    explorerUrl: row.txHash && chain.explorerTx ? chain.explorerTx(row.txHash) : null,
    blockNumber: row.blockNumber,
    note: row.txHash ? null : 'Commitment pending.',
  };
}

export interface ValidityCheck {
  valid: boolean;
  reasons: string[];
  recomputedHash: string | null;
}

export type CertificateLite = Omit<CertificateRow, 'snapshotJson'>;

/** `valid` (SPEC §6): APPROVED, no escalated flag open, stored payload hashes to the committed value, not expired. */
export function checkValidity(
  row: CertificateLite,
  clock: Clock,
  extra: { recomputed: string | null; activeEscalatedFlags?: number; onChain?: { committed: boolean; payloadHash: string | null; revoked: boolean } },
): ValidityCheck {
  const reasons: string[] = [];
  if (row.status !== 'APPROVED') reasons.push(`status is ${row.status}`);
  if (row.expiresAt.getTime() <= clock.now().getTime()) reasons.push('certificate has expired');
  if ((extra.activeEscalatedFlags ?? 0) > 0) reasons.push(`${extra.activeEscalatedFlags} escalated flag(s) open`);
  const recomputed = extra.recomputed;
  if (recomputed === null) reasons.push('stored snapshot cannot be parsed');
  if (recomputed !== null && recomputed !== row.payloadHash) reasons.push('stored snapshot no longer hashes to the payload hash');
  if (row.hashScheme !== HASH_SCHEME) reasons.push(`unknown hash scheme ${row.hashScheme}`);
  const oc = extra.onChain;
  if (oc) {
    if (!oc.committed || !oc.payloadHash) reasons.push('the recorded on-chain commitment is not on chain');
    else if (recomputed !== null && oc.payloadHash.toLowerCase() !== recomputed) reasons.push('stored snapshot differs from the hash committed on chain');
    if (oc.revoked) reasons.push('revoked on chain');
  }
  return { valid: reasons.length === 0, reasons, recomputedHash: recomputed };
}

/** The stored snapshot; a row whose text is not JSON any more cannot be shown or verified. */
export function parseSnapshot(row: CertificateRow): CertificateSnapshot {
  try {
    return JSON.parse(row.snapshotJson) as CertificateSnapshot;
  } catch {
    throw new SigmaError('SIGMA_E_CERTIFICATE_UNREADABLE');
  }
}

export async function certificateRecord(db: DbOrTx, row: CertificateRow, onChain: OnChain, activeFlagCount = 0): Promise<CertificateRecord> {
  return {
    certificateId: row.id,
    snapshot: parseSnapshot(row),
    payloadHash: row.payloadHash,
    hashScheme: row.hashScheme,
    signature: row.signature,
    issuer: row.issuer,
    onChain,
    live: { status: row.status as CertificateRecord['live']['status'], views: row.views, activeFlagCount, monitoring: null, siteProof: null },
    rounds: (await roundViews(db, row.submissionId)).filter((r) => r.roundId === parseSnapshot(row).round.roundId),
  };
}

const OUTBOUND = /^(https?:)?\/\//i;

/** What a verify response takes from the sealed certificate: fixed once sealed (a change is a change notice). */
export function sealedVerifyFields(row: CertificateLite, snap: CertificateSnapshot) {
  const outbound = snap.manifest.safety.network === 'outbound' || snap.manifest.externalCalls.length > 0 || snap.manifest.urls.some((u) => OUTBOUND.test(u));
  return {
    securityLevel: snap.review.securityLevel,
    sandboxRiskLevel: snap.review.sandboxRiskLevel,
    skillName: snap.skillName,
    skillVersion: snap.skillVersion,
    certificateIssuedAt: snap.certificateIssuedAt,
    expiresAt: snap.expiresAt,
    roundType: snap.round.roundType,
    retainedWarnings: snap.review.retainedWarnings,
    endpointStatus: snap.endpointReview?.endpointStatus ?? null,
    apiDisclaimer: outbound
      ? 'This skill makes outbound HTTP calls. SIGMA reviewed the declared endpoints at certification time; the remote services can change afterwards and are not covered by this certificate.'
      : null,
    manifest: snap.manifest,
    endpointReview: snap.endpointReview,
    payloadHash: row.payloadHash,
    hashScheme: row.hashScheme,
    signature: row.signature,
    issuer: row.issuer,
    source: snap.source,
    skillHash: snap.skillHash,
    pin: {
      submissionId: snap.submissionId,
      contentHash: snap.skillHash ?? snap.codeHash,
      sourceRef: snap.source.sourceRef,
      payloadHash: row.payloadHash,
      verdict: 'APPROVED' as const,
      auditedAt: snap.certificateIssuedAt,
    },
  } satisfies Partial<VerifyResponse>;
}

/** How the summary names a certificate: "name version (LEVEL)". */
export function certificateLabel(snap: CertificateSnapshot): string {
  return `${snap.skillName ?? 'an unnamed skill'}${snap.skillVersion ? ` ${snap.skillVersion}` : ''} (${snap.review.securityLevel})`;
}

/** What a verify response computes at request time. */
export function liveVerifyFields(row: CertificateLite, validity: ValidityCheck, onChain: OnChain, views: number, activeFlagCount: number, label: string) {
  return {
    certificateId: row.id,
    valid: validity.valid,
    status: row.status as VerifyResponse['status'],
    summary: validity.valid ? `Valid SIGMA certificate for ${label}.` : `Not valid: ${validity.reasons.join('; ')}.`,
    invalidReasons: validity.reasons,
    activeFlagCount,
    onChain,
    views,
  } satisfies Partial<VerifyResponse>;
}

export async function searchCertificates(db: DbOrTx, q: string | undefined, limit: number): Promise<CertificateSummary[]> {
  const term = q?.trim();
  const filter = term
    ? /^0x[0-9a-f]{64}$/i.test(term)
      ? eq(certificates.payloadHash, term.toLowerCase())
      : /^[0-9a-f]{24}$/.test(term)
        ? or(eq(certificates.id, term), eq(certificates.submissionId, term))
        : ilike(certificates.skillName, `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)
    : undefined;
  const rows = await db
    .select({
      certificateId: certificates.id,
      submissionId: certificates.submissionId,
      skillName: certificates.skillName,
      skillVersion: certificates.skillVersion,
      productType: certificates.productType,
      status: certificates.status,
      issuedAt: certificates.issuedAt,
      payloadHash: certificates.payloadHash,
      securityLevel: certificates.securityLevel,
    })
    .from(certificates)
    .where(filter ? and(filter) : undefined)
    .orderBy(desc(certificates.issuedAt), desc(certificates.id))
    .limit(limit);
  return rows.map((r) => ({
    certificateId: r.certificateId,
    submissionId: r.submissionId,
    skillName: r.skillName,
    skillVersion: r.skillVersion,
    productType: r.productType as CertificateSummary['productType'],
    status: r.status as CertificateSummary['status'],
    certificateIssuedAt: r.issuedAt.toISOString(),
    payloadHash: r.payloadHash,
    securityLevel: r.securityLevel as CertificateSummary['securityLevel'],
  }));
}

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

export async function sourceIntegrity(db: DbOrTx, row: CertificateRow) {
  const snap = parseSnapshot(row);
  const files = await db
    .select({ path: submissionFiles.path, bytes: submissionFiles.bytes })
    .from(submissionFiles)
    .where(and(eq(submissionFiles.submissionId, row.submissionId), or(eq(submissionFiles.path, 'SKILL.md'), ilike(submissionFiles.path, '%/SKILL.md'))));
  const file = files.find((f) => f.path === 'SKILL.md') ?? files[0];
  const recomputed = file ? computeSkillHash(file.bytes) : null;
  return {
    certificateId: row.id,
    algorithm: 'sha256(SKILL.md decoded as UTF-8, CRLF/CR normalised to LF)',
    skillHash: snap.skillHash,
    storedSkillMdSha256: recomputed,
    matches: recomputed !== null && recomputed === snap.skillHash,
    sourceType: snap.source.sourceType,
    sourceUrl: snap.source.sourceUrl,
    sourceRef: snap.source.sourceRef,
  };
}

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

/** The live part of a verify response as bytes up to its last field's value (`{…,"views":`). */
export function verifyHead(live: ReturnType<typeof liveVerifyFields>): Buffer {
  const text = JSON.stringify({ ...live, views: 0 });
  if (!text.endsWith('"views":0}')) throw new Error('views must be the last live field');
  return Buffer.from(text.slice(0, -2));
}

/** head + views + tail: one buffer, one copy of each part. */
export function verifyBody(head: Buffer, views: number, tail: Buffer): Buffer {
  const digits = String(views);
  const out = Buffer.allocUnsafe(head.length + digits.length + tail.length);
  head.copy(out, 0);
  out.write(digits, head.length, 'latin1');
  tail.copy(out, head.length + digits.length);
  return out;
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
