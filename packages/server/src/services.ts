import type { FastifyBaseLogger } from 'fastify';
import type { Config } from './config.js';
import type { Database, Db } from './db/client.js';
import type { Transact } from './domain/lifecycle/next.js';
import type { JobQueue } from './jobs/queue.js';
import type { Clock } from './lib/clock.js';
import type { Issuer } from './lib/issuer.js';
import type { PriceBook } from './models/catalogue.js';
import type { ReviewProvider } from './models/provider.js';
import type { ChainService } from './chain/service.js';

/** What domain code and jobs receive. Built once per process by `createServices` (runtime.ts). */
export interface Services {
  config: Config;
  database: Database;
  db: Db;
  queue: JobQueue;
  /** One transaction with the lifecycle's next steps bound to it (`domain/lifecycle/next.ts`). */
  transact: Transact;
  clock: Clock;
  issuer: Issuer;
  providers: Map<string, ReviewProvider>;
  /** Catalogue prices for model-call costs (cached briefly). */
  prices: PriceBook;
  chain: ChainService | null;
  /** Embedded database only: periodic vacuum / analyze (`db/maintenance.ts`). */
  maintenance?: { stop: () => Promise<void> };
  log: Pick<FastifyBaseLogger, 'info' | 'warn' | 'error' | 'debug'>;
}
