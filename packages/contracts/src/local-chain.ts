// The local chain for `npm start` and tests: a Hardhat 2 network (EDR) created in-process through Hardhat's
// programmatic provider API and served over HTTP/WebSocket JSON-RPC by Hardhat's own JSON-RPC handler, so viem talks
// to it with plain `http(rpcUrl)` exactly as it would to Monad. Offline, no `hardhat node` CLI, no telemetry, no
// config file lookup from the caller's cwd (the config path is absolute), several chains per process allowed.
//
// Persistence: Hardhat 2 keeps state in memory only. With `dataDir`, every state-changing request that succeeded
// (or mined a block) is appended to <dataDir>/chain/journal.jsonl with the timestamp of the block it produced; the
// next start replays the journal against a chain with the same genesis time, so addresses, balances, commitments,
// transaction hashes and block numbers survive restarts. evm_revert truncates the journal to the snapshot point.
import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ContractsError } from './errors.js';
import { LOCAL_CHAIN_ID } from './network.js';

const require = createRequire(import.meta.url);
const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** The Hardhat config of this package (also usable with `npx hardhat node --config <this file>`). */
export const HARDHAT_CONFIG_PATH = join(packageDir, 'hardhat.config.cjs');
/** The EVM hardfork of the local chain; matches the `evmVersion` the contracts are compiled for. */
export const LOCAL_HARDFORK = 'cancun';

export interface RpcRequest {
  method: string;
  params?: unknown[] | object;
}
interface Eip1193Provider {
  request(args: RpcRequest): Promise<unknown>;
}
interface HardhatInternals {
  resolveConfig(configPath: string, userConfig: object): unknown;
  createProvider(config: unknown, networkName: string): Promise<Eip1193Provider>;
  JsonRpcHandler: new (provider: Eip1193Provider) => {
    handleHttp: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
    handleWs: (ws: unknown) => Promise<void>;
  };
  WebSocketServer: new (opts: { server: Server }) => {
    on(event: 'connection' | 'error', fn: (arg: unknown) => void): void;
    close(cb: (err?: Error) => void): void;
  };
  version: string;
}

let internals: HardhatInternals | undefined;
function hardhat(): HardhatInternals {
  if (!internals) {
    // Never ask about telemetry (only the CLI asks, but be explicit for anything that reads it).
    process.env.HARDHAT_DISABLE_TELEMETRY_PROMPT ??= 'true';
    internals = {
      resolveConfig: (require('hardhat/internal/core/config/config-resolution') as Pick<HardhatInternals, 'resolveConfig'>).resolveConfig,
      createProvider: (require('hardhat/internal/core/providers/construction') as Pick<HardhatInternals, 'createProvider'>).createProvider,
      JsonRpcHandler: (require('hardhat/internal/hardhat-network/jsonrpc/handler') as Pick<HardhatInternals, 'JsonRpcHandler'>).JsonRpcHandler,
      // The `ws` that Hardhat's own JSON-RPC server uses, resolved from Hardhat's location.
      WebSocketServer: (createRequire(require.resolve('hardhat/package.json'))('ws') as { Server: HardhatInternals['WebSocketServer'] }).Server,
      version: (require('hardhat/package.json') as { version: string }).version,
    };
  }
  return internals;
}

export interface StartLocalChainOptions {
  /** TCP port; 0 (default) picks a free port. */
  port?: number;
  /** Bind address; default 127.0.0.1. Anything else exposes unlocked dev accounts to the network. */
  host?: string;
  /** SIGMA data directory. When set, the chain journals to <dataDir>/chain/journal.jsonl and replays it on start. */
  dataDir?: string;
  /** Delete an existing journal before starting (a fresh chain). Only with dataDir. */
  reset?: boolean;
  /** Chain id; default 31337. */
  chainId?: number;
}

export interface LocalChain {
  rpcUrl: string;
  /** The same server over WebSocket (eth_subscribe works). */
  wsUrl: string;
  chainId: number;
  host: string;
  port: number;
  /** The in-process EIP-1193 provider (already journaling when dataDir is set). */
  provider: Eip1193Provider;
  /** Number of journal entries replayed at start (0 without dataDir or on a fresh chain). */
  replayed: number;
  /** Milliseconds from call to a listening server. */
  startupMs: number;
  stop(): Promise<void>;
}

interface JournalHeader {
  v: 1;
  kind: 'sigma-local-chain-journal';
  chainId: number;
  hardhat: string;
  hardfork: string;
  genesisTimestamp: number;
}
interface JournalEntry {
  m: string;
  p: unknown[] | object | undefined;
  /** Timestamp of the first block this request produced (replayed with evm_setNextBlockTimestamp). */
  ts?: number;
  /** Latest block number after the request (checked during replay). */
  bn: number;
}

/** Methods that change chain state and are journaled. Everything else is read-only or session-local. */
const JOURNALED = new Set([
  'eth_sendRawTransaction',
  'eth_sendTransaction',
  'evm_mine',
  'hardhat_mine',
  'evm_increaseTime',
  'evm_setNextBlockTimestamp',
  'hardhat_setBalance',
  'hardhat_setCode',
  'hardhat_setNonce',
  'hardhat_setStorageAt',
  'hardhat_setCoinbase',
  'hardhat_setPrevRandao',
  'hardhat_setNextBlockBaseFeePerGas',
  'hardhat_setMinGasPrice',
  'hardhat_impersonateAccount',
  'hardhat_stopImpersonatingAccount',
  'evm_setAutomine',
  'evm_setBlockGasLimit',
]);

const toNum = (hex: unknown): number => Number(BigInt(hex as string));

async function latestBlock(p: Eip1193Provider): Promise<{ number: number; timestamp: number }> {
  const b = (await p.request({ method: 'eth_getBlockByNumber', params: ['latest', false] })) as {
    number: string;
    timestamp: string;
  };
  return { number: toNum(b.number), timestamp: toNum(b.timestamp) };
}

async function blockAt(p: Eip1193Provider, n: number): Promise<{ number: number; timestamp: number }> {
  const b = (await p.request({ method: 'eth_getBlockByNumber', params: [`0x${n.toString(16)}`, false] })) as {
    number: string;
    timestamp: string;
  };
  return { number: toNum(b.number), timestamp: toNum(b.timestamp) };
}

/** Start a Hardhat 2 JSON-RPC chain in this process. See the file comment. */
export async function startLocalChain(opts: StartLocalChainOptions = {}): Promise<LocalChain> {
  const started = Date.now();
  const host = opts.host ?? '127.0.0.1';
  const chainId = opts.chainId ?? LOCAL_CHAIN_ID;
  const journalPath = opts.dataDir ? join(resolve(opts.dataDir), 'chain', 'journal.jsonl') : undefined;
  let releaseLock = (): void => undefined;
  if (journalPath) {
    mkdirSync(dirname(journalPath), { recursive: true });
    releaseLock = lockJournal(`${journalPath}.lock`);
  }
  try {
    return await start(opts, host, chainId, started, journalPath, releaseLock);
  } catch (err) {
    releaseLock();
    throw err;
  }
}

async function start(
  opts: StartLocalChainOptions,
  host: string,
  chainId: number,
  started: number,
  journalPath: string | undefined,
  releaseLock: () => void,
): Promise<LocalChain> {
  const hh = hardhat();
  let header: JournalHeader | undefined;
  let entries: JournalEntry[] = [];
  if (journalPath) {
    if (opts.reset) rmSync(journalPath, { force: true });
    if (existsSync(journalPath)) ({ header, entries } = readJournal(journalPath, chainId));
  }

  const userConfig = {
    networks: {
      hardhat: {
        chainId,
        hardfork: LOCAL_HARDFORK,
        loggingEnabled: false,
        ...(header ? { initialDate: new Date(header.genesisTimestamp * 1000).toISOString() } : {}),
      },
    },
  };
  const config = hh.resolveConfig(HARDHAT_CONFIG_PATH, userConfig);
  const inner = await hh.createProvider(config, 'hardhat');

  let replayed = 0;
  if (journalPath) {
    if (header) {
      replayed = await replay(inner, entries, journalPath);
      // Replayed blocks carry their original timestamps, which leaves the chain clock behind by the downtime.
      // Move it forward to the wall clock (never backwards) without mining a block.
      const last = await latestBlock(inner);
      const lag = Math.floor(Date.now() / 1000) - last.timestamp;
      if (lag > 0) await inner.request({ method: 'evm_increaseTime', params: [lag] });
    } else {
      const genesis = await latestBlock(inner);
      header = {
        v: 1,
        kind: 'sigma-local-chain-journal',
        chainId,
        hardhat: hh.version,
        hardfork: LOCAL_HARDFORK,
        genesisTimestamp: genesis.timestamp,
      };
      writeFileSync(journalPath, JSON.stringify(header) + '\n');
      entries = [];
    }
  }
  const provider = journalPath ? journaling(inner, journalPath, header!, entries) : inner;

  // Hardhat's JSON-RPC handler (the one `hardhat node` uses) on our own HTTP server, so listen errors surface as
  // rejections and stop() can drop keep-alive connections.
  const handler = new hh.JsonRpcHandler(provider);
  const server = createServer((req, res) => void handler.handleHttp(req, res));
  const wss = new hh.WebSocketServer({ server });
  wss.on('connection', (ws) => void handler.handleWs(ws));
  // ws re-emits the HTTP server's errors on itself; they are handled through the server below.
  wss.on('error', () => undefined);
  const port = opts.port ?? 0;
  try {
    await new Promise<void>((resolveListen, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolveListen();
      });
    });
  } catch (err) {
    wss.close(() => undefined);
    throw new ContractsError(
      'CHAIN_START_FAILED',
      `local chain could not listen on ${host}:${port}: ${(err as Error).message}`,
      { host, port },
      { cause: err },
    );
  }
  const actualPort = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  let stopped: Promise<void> | undefined;
  const stop = async (): Promise<void> => {
    try {
      await new Promise<void>((r) => wss.close(() => r()));
      await new Promise<void>((r, reject) => {
        server.close((err) => (err ? reject(err) : r()));
        server.closeAllConnections();
      });
    } finally {
      releaseLock();
    }
  };
  return {
    rpcUrl: `http://${urlHost}:${actualPort}`,
    wsUrl: `ws://${urlHost}:${actualPort}`,
    chainId,
    host,
    port: actualPort,
    provider,
    replayed,
    startupMs: Date.now() - started,
    stop: () => (stopped ??= stop()),
  };
}

/**
 * One chain per data directory: two chains appending to one journal would corrupt it. The lock file holds the
 * owner's pid; a lock whose process is gone is taken over.
 */
function lockJournal(lockPath: string): () => void {
  const take = (): boolean => {
    try {
      writeFileSync(lockPath, String(process.pid), { flag: 'wx' });
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      return false;
    }
  };
  if (!take()) {
    const pid = Number(readFileSync(lockPath, 'utf8').trim());
    let alive = false;
    if (Number.isInteger(pid) && pid > 0) {
      try {
        process.kill(pid, 0);
        alive = true;
      } catch (err) {
        alive = (err as NodeJS.ErrnoException).code === 'EPERM';
      }
    }
    if (alive) {
      throw new ContractsError('CHAIN_START_FAILED', `another local chain (pid ${pid}) is using ${dirname(lockPath)}`, { lockPath, pid });
    }
    rmSync(lockPath, { force: true });
    if (!take()) throw new ContractsError('CHAIN_START_FAILED', `could not lock ${lockPath}`, { lockPath });
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    rmSync(lockPath, { force: true });
  };
}

function readJournal(path: string, chainId: number): { header: JournalHeader; entries: JournalEntry[] } {
  const lines = readFileSync(path, 'utf8').split('\n');
  // A crash can leave a torn last line; everything before it is complete (each entry is one appendFileSync).
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  let header: JournalHeader;
  try {
    header = JSON.parse(lines[0] ?? '') as JournalHeader;
  } catch (err) {
    throw new ContractsError('CHAIN_REPLAY_FAILED', `chain journal ${path} has no valid header; start with reset to discard it`, { path }, { cause: err });
  }
  if (header.kind !== 'sigma-local-chain-journal' || header.v !== 1) {
    throw new ContractsError('CHAIN_REPLAY_FAILED', `${path} is not a SIGMA chain journal`, { path });
  }
  if (header.chainId !== chainId) {
    throw new ContractsError('CHAIN_REPLAY_FAILED', `chain journal ${path} is for chain ${header.chainId}, not ${chainId}`, { path });
  }
  const entries: JournalEntry[] = [];
  for (let i = 1; i < lines.length; i++) {
    try {
      entries.push(JSON.parse(lines[i]!) as JournalEntry);
    } catch (err) {
      if (i === lines.length - 1) break; // torn tail
      throw new ContractsError('CHAIN_REPLAY_FAILED', `chain journal ${path} line ${i + 1} is corrupt`, { path, line: i + 1 }, { cause: err });
    }
  }
  return { header, entries };
}

async function replay(p: Eip1193Provider, entries: JournalEntry[], path: string): Promise<number> {
  let n = 0;
  for (const e of entries) {
    if (e.ts !== undefined) await p.request({ method: 'evm_setNextBlockTimestamp', params: [e.ts] });
    try {
      await p.request({ method: e.m, params: e.p as unknown[] });
    } catch {
      // A transaction that reverted was still mined; the block-number check below catches anything else.
    }
    const bn = (await latestBlock(p)).number;
    if (bn !== e.bn) {
      throw new ContractsError(
        'CHAIN_REPLAY_FAILED',
        `replaying ${path} diverged at entry ${n + 1} (${e.m}): block ${bn}, journal says ${e.bn}. ` +
          'The journal was written by another Hardhat version or edited; start with reset to discard it.',
        { path, entry: n + 1 },
      );
    }
    n++;
  }
  return n;
}

function journaling(inner: Eip1193Provider, path: string, header: JournalHeader, entries: JournalEntry[]): Eip1193Provider {
  const snapshots = new Map<string, number>(); // snapshot id → journal length at the snapshot
  // Rewrite once so the file holds exactly the replayed entries (drops a torn tail).
  const rewrite = (): void => writeFileSync(path, [header, ...entries].map((x) => JSON.stringify(x)).join('\n') + '\n');
  rewrite();
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = queue.then(fn, fn);
    queue = run.catch(() => undefined);
    return run;
  };

  const request = async (args: RpcRequest): Promise<unknown> => {
    const { method } = args;
    if (method === 'evm_snapshot') {
      return serial(async () => {
        const id = await inner.request(args);
        snapshots.set(String(id), entries.length);
        return id;
      });
    }
    if (method === 'evm_revert') {
      return serial(async () => {
        const ok = await inner.request(args);
        const id = String((args.params as unknown[] | undefined)?.[0]);
        const len = snapshots.get(id);
        if (ok === true && len !== undefined) {
          entries.length = len;
          for (const [k, v] of snapshots) if (v > len) snapshots.delete(k);
          snapshots.delete(id);
          rewrite();
        }
        return ok;
      });
    }
    if (method === 'hardhat_reset') {
      return serial(async () => {
        const r = await inner.request(args);
        const genesis = await latestBlock(inner);
        header.genesisTimestamp = genesis.timestamp;
        entries.length = 0;
        snapshots.clear();
        rewrite();
        return r;
      });
    }
    if (!JOURNALED.has(method)) return inner.request(args);
    return serial(async () => {
      const before = await latestBlock(inner);
      let result: unknown;
      let error: unknown;
      try {
        result = await inner.request(args);
      } catch (err) {
        error = err;
      }
      const after = await latestBlock(inner);
      const mined = after.number !== before.number;
      if (error === undefined || mined) {
        const entry: JournalEntry = { m: method, p: args.params, bn: after.number };
        if (mined) entry.ts = after.number === before.number + 1 ? after.timestamp : (await blockAt(inner, before.number + 1)).timestamp;
        entries.push(entry);
        appendFileSync(path, JSON.stringify(entry) + '\n');
      }
      if (error !== undefined) throw error;
      return result;
    });
  };

  return new Proxy(inner, {
    get(target, prop, receiver) {
      if (prop === 'request') return request;
      const v: unknown = Reflect.get(target, prop, receiver);
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}
