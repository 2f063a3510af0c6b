// The local chain's journal: which requests are recorded, reading and replaying <dataDir>/chain/journal.jsonl, and
// the journaling provider wrapper that appends to it (see local-chain.ts for the persistence model).
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { ContractsError } from './errors.js';
import { blockAt, latestBlock, type Eip1193Provider, type RpcRequest } from './hardhat-provider.js';

export interface JournalHeader {
  v: 1;
  kind: 'sigma-local-chain-journal';
  chainId: number;
  hardhat: string;
  hardfork: string;
  genesisTimestamp: number;
}
export interface JournalEntry {
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

export function readJournal(path: string, chainId: number): { header: JournalHeader; entries: JournalEntry[] } {
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

export async function replay(p: Eip1193Provider, entries: JournalEntry[], path: string): Promise<number> {
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

export function journaling(inner: Eip1193Provider, path: string, header: JournalHeader, entries: JournalEntry[]): Eip1193Provider {
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
