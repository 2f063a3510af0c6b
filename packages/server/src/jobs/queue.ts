import { sql } from 'drizzle-orm';
import { PgBoss, fromDrizzle, fromPglite, type DrizzleTransactionLike, type Job } from 'pg-boss';
import type { Database, DbOrTx, Tx } from '../db/client.js';

export const JOB_SCHEMA = 'sigma_jobs';
/** How a queue is created: its retries after the first attempt and its pg-boss policy (`src/jobs/<queue>.ts` declare them). */
export interface QueueSpec {
  name: string;
  retryLimit: number;
  /** `singleton`: one active job at a time across all workers. */
  policy?: 'singleton';
}

export interface QueueOptions {
  heartbeatSeconds: number;
  /** Emitted for pg-boss errors and warnings; never contains secrets. */
  onError?: (err: unknown) => void;
}

export interface EnqueueOptions {
  /** At most one queued job with this key (pg-boss singleton). */
  singletonKey?: string;
  startAfterSeconds?: number;
}

export type Handler = (data: unknown, job: Job<unknown>) => Promise<void>;

/** Enqueue one job in the surrounding transaction (the job layer wraps this in typed functions). */
export type RawEnqueue = (name: string, data: object, opts?: EnqueueOptions) => Promise<void>;

/**
 * The durable job queue (pg-boss) on the same database as the protocol state. Jobs are enqueued in
 * the caller's transaction (`enqueue(tx, …)`) so a job exists if and only if the state change that
 * asked for it committed; after commit, `wake()` nudges this process's idle workers so a pipeline
 * does not wait a polling interval at each step.
 */
export class JobQueue {
  readonly boss: PgBoss;
  /** Each worker of this process by queue, and whether it is running a job. */
  private readonly workers = new Map<string, Array<{ id: string; busy: boolean }>>();
  private stopping = false;

  private constructor(
    boss: PgBoss,
    /** How long an idle worker waits before looking for jobs no wake-up told it about. */
    readonly pollingIntervalSeconds: number,
  ) {
    this.boss = boss;
  }

  static async start(database: Database, opts: QueueOptions, queues: readonly QueueSpec[]): Promise<JobQueue> {
    const common = {
      schema: JOB_SCHEMA,
      superviseIntervalSeconds: 5,
      monitorIntervalSeconds: 5,
      queueCacheIntervalSeconds: 5,
      openTelemetry: { enabled: false },
    } as const;
    const make = (extra: Record<string, unknown> = {}) =>
      database.kind === 'pglite'
        ? new PgBoss({ ...common, ...extra, db: fromPglite(database.pglite!), backend: 'pglite' } as ConstructorParameters<typeof PgBoss>[0])
        : new PgBoss({
            ...common,
            ...extra,
            db: { executeSql: (text: string, values?: unknown[]) => database.pool!.query(text, values) },
          } as ConstructorParameters<typeof PgBoss>[0]);
    // Queues are created by a short-lived instance first, so the long-lived one caches every queue at
    // start. A cache miss makes pg-boss read its queue table on its own connection, which inside a
    // caller's transaction on PGlite (one session) would wait forever.
    const setup = make({ supervise: false, schedule: false });
    setup.on('error', (err) => opts.onError?.(err));
    await setup.start();
    for (const q of queues) {
      if (!(await setup.getQueue(q.name))) {
        await setup.createQueue(q.name, {
          ...(q.policy ? { policy: q.policy } : {}),
          retryLimit: q.retryLimit,
          retryDelay: 1,
          retryBackoff: true,
          retryDelayMax: 60,
          expireInSeconds: 15 * 60,
          heartbeatSeconds: opts.heartbeatSeconds,
        });
      }
    }
    await setup.stop({ graceful: false, close: false });
    const boss = make();
    boss.on('error', (err) => opts.onError?.(err));
    await boss.start();
    // On the embedded database this process is the only one that can enqueue, and every enqueue
    // wakes a worker, so polling only finds delayed jobs (retries, deadlines, schedules): a longer
    // interval spares the one database thread ~16 empty fetches a second. On PostgreSQL another
    // process (the API) may enqueue, and workers there find its jobs by polling.
    return new JobQueue(boss, database.kind === 'pglite' ? 5 : 0.5);
  }

  /** Enqueue inside a transaction: the job is created only if `tx` commits. */
  async enqueue(tx: DbOrTx, name: string, data: object, opts: EnqueueOptions = {}): Promise<void> {
    const options: Record<string, unknown> = { db: fromDrizzle(tx as unknown as DrizzleTransactionLike, sql) };
    if (opts.singletonKey) options.singletonKey = opts.singletonKey;
    if (opts.startAfterSeconds) options.startAfter = opts.startAfterSeconds;
    await this.boss.send(name, data, options);
  }

  /** Run a job on a cron schedule (pg-boss keeps one schedule per name across all processes). */
  async schedule(name: string, cron: string, data: object): Promise<void> {
    await this.boss.schedule(name, cron, data);
  }

  /** Enqueue outside any transaction. */
  async send(name: string, data: object, opts: EnqueueOptions = {}): Promise<void> {
    const options: Record<string, unknown> = {};
    if (opts.singletonKey) options.singletonKey = opts.singletonKey;
    if (opts.startAfterSeconds) options.startAfter = opts.startAfterSeconds;
    await this.boss.send(name, data, options);
  }

  /**
   * Wake this process's workers for jobs just enqueued (after the enqueuing transaction committed):
   * one worker per job, idle ones first. A busy worker that is woken looks again as soon as it is done.
   */
  wake(names: Iterable<string>): void {
    if (this.stopping) return;
    const counts = new Map<string, number>();
    for (const name of names) counts.set(name, (counts.get(name) ?? 0) + 1);
    for (const [name, n] of counts) {
      const ws = this.workers.get(name) ?? [];
      const order = [...ws.filter((w) => !w.busy), ...ws.filter((w) => w.busy)];
      for (const w of order.slice(0, n)) this.boss.notifyWorker(w.id);
    }
  }

  /**
   * Run `concurrency` workers for a queue. A worker that finished a job looks for the next one at
   * once (a queue is drained before its workers go back to polling).
   */
  async work(name: string, concurrency: number, handler: Handler): Promise<void> {
    const ws = this.workers.get(name) ?? [];
    this.workers.set(name, ws);
    for (let i = 0; i < concurrency; i++) {
      const slot = { id: '', busy: false };
      slot.id = await this.boss.work<unknown>(
        name,
        { batchSize: 1, localConcurrency: 1, pollingIntervalSeconds: this.pollingIntervalSeconds },
        async (jobs) => {
          slot.busy = true;
          try {
            for (const job of jobs) await handler(job.data, job);
          } finally {
            slot.busy = false;
            if (!this.stopping) this.boss.notifyWorker(slot.id);
          }
        },
      );
      ws.push(slot);
    }
  }

  /** Stop fetching new jobs and wait (up to `timeoutMs`) for in-flight jobs to finish. */
  async stop(timeoutMs = 30_000): Promise<void> {
    this.stopping = true;
    await this.boss.stop({ graceful: true, timeout: timeoutMs, close: true });
  }
}

/**
 * Run `fn` in a transaction, giving it an `enqueue` bound to that transaction; after commit, wake
 * the workers of every queue it enqueued to.
 */
export async function transact<T>(db: Database['db'], queue: JobQueue, fn: (tx: Tx, enqueue: RawEnqueue) => Promise<T>): Promise<T> {
  const names: string[] = [];
  const result = await db.transaction(async (tx) =>
    fn(tx, async (name, data, opts) => {
      names.push(name);
      await queue.enqueue(tx, name, data, opts);
    }),
  );
  queue.wake(names);
  return result;
}
