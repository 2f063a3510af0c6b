// The local chain for `npm start` and tests: a Hardhat 2 network (EDR) created in-process through Hardhat's
// programmatic provider API and served over HTTP/WebSocket JSON-RPC by Hardhat's own JSON-RPC handler, so viem talks
// to it with plain `http(rpcUrl)` exactly as it would to Monad. Offline, no `hardhat node` CLI, no telemetry, no
// config file lookup from the caller's cwd (the config path is absolute), several chains per process allowed.
//
// Persistence: Hardhat 2 keeps state in memory only. With `dataDir`, every state-changing request that succeeded
// (or mined a block) is appended to <dataDir>/chain/journal.jsonl with the timestamp of the block it produced; the
// next start replays the journal against a chain with the same genesis time, so addresses, balances, commitments,
// transaction hashes and block numbers survive restarts. evm_revert truncates the journal to the snapshot point.
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { journaling, readJournal, replay, type JournalEntry, type JournalHeader } from './chain-journal.js';
import { lockJournal } from './chain-lock.js';
import { ContractsError } from './errors.js';
import { hardhat, latestBlock, type Eip1193Provider } from './hardhat-provider.js';
import { LOCAL_CHAIN_ID } from './network.js';

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** The Hardhat config of this package (also usable with `npx hardhat node --config <this file>`). */
export const HARDHAT_CONFIG_PATH = join(packageDir, 'hardhat.config.cjs');
/** The EVM hardfork of the local chain; matches the `evmVersion` the contracts are compiled for. */
export const LOCAL_HARDFORK = 'cancun';

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
