// Certificate commitments on CertificateRegistry: idempotent commit, revoke, read, find the commit transaction,
// and the CLI's straight-to-chain check (verifyOnChain).
import { BaseError, ContractFunctionRevertedError, isHex, type Address, type Hash, type Hex } from 'viem';
import { getChainId, getContractEvents, readContract, writeContract } from 'viem/actions';
import { certificateRegistryAbi } from '../generated/index.js';
import { ContractsError } from './errors.js';
import { submissionKey } from './keys.js';
import { httpPublicClient, serialiseSender, waitOk, type ReadClient, type SigningClient } from './tx.js';

export interface Commitment {
  key: Hex;
  committed: boolean;
  /** The committed payload hash, or null when not committed. */
  payloadHash: Hex | null;
  /** Address that committed (holder of ISSUER_ROLE at the time). */
  issuer: Address | null;
  /** Block of the commit transaction (use findCommitTx for the hash). */
  blockNumber: bigint | null;
  /** Block timestamp of the commit, unix seconds. */
  committedAt: number | null;
  revoked: boolean;
  revokedAt: number | null;
  revokedBlockNumber: bigint | null;
  revocationReason: string | null;
}

export interface CommitResult {
  key: Hex;
  payloadHash: Hex;
  txHash: Hash;
  blockNumber: bigint;
  /** True when the key was already committed with this hash and no transaction was sent. */
  alreadyCommitted: boolean;
  revoked: boolean;
}

function assertHash32(value: Hex, what: string): void {
  if (!isHex(value, { strict: true }) || value.length !== 66 || /^0x0{64}$/.test(value)) {
    throw new ContractsError('INVALID_ID', `${what} must be a non-zero 32-byte hex string`, { value });
  }
}

const sameHash = (a: Hex, b: Hex): boolean => a.toLowerCase() === b.toLowerCase();

/** Read the commitment under `key` (all fields null/false when never committed). */
export async function readCommitment(client: ReadClient, registry: Address, key: Hex): Promise<Commitment> {
  assertHash32(key, 'key');
  const c = await readContract(client, { address: registry, abi: certificateRegistryAbi, functionName: 'getCommitment', args: [key] });
  const committed = !/^0x0{64}$/.test(c.payloadHash);
  const revoked = c.revokedAt !== 0n;
  return {
    key,
    committed,
    payloadHash: committed ? c.payloadHash : null,
    issuer: committed ? c.issuer : null,
    blockNumber: committed ? c.blockNumber : null,
    committedAt: committed ? Number(c.committedAt) : null,
    revoked,
    revokedAt: revoked ? Number(c.revokedAt) : null,
    revokedBlockNumber: revoked ? c.revokedBlockNumber : null,
    revocationReason: revoked ? c.revocationReason : null,
  };
}

/**
 * The transaction that committed `key`: one getLogs for CertificateCommitted filtered by the indexed key at the
 * block number stored in the contract. Null when not committed (or the node pruned the logs).
 */
export async function findCommitTx(
  client: ReadClient,
  registry: Address,
  key: Hex,
  blockNumber?: bigint,
): Promise<{ txHash: Hash; blockNumber: bigint; logIndex: number; issuer: Address } | null> {
  let bn = blockNumber;
  if (bn === undefined) {
    const c = await readCommitment(client, registry, key);
    if (!c.committed || c.blockNumber === null) return null;
    bn = c.blockNumber;
  }
  const logs = await getContractEvents(client, {
    address: registry,
    abi: certificateRegistryAbi,
    eventName: 'CertificateCommitted',
    args: { key },
    fromBlock: bn,
    toBlock: bn,
    strict: true,
  });
  const log = logs[0];
  if (!log || !log.transactionHash || log.blockNumber === null || log.logIndex === null) return null;
  return { txHash: log.transactionHash, blockNumber: log.blockNumber, logIndex: log.logIndex, issuer: log.args.issuer };
}

/**
 * The Solidity custom error name a viem error carries (e.g. 'AccessControlUnauthorizedAccount', 'AlreadyCommitted'),
 * or undefined. Decoded against the ABI the call used; errors raised inside another contract may not decode.
 */
export function revertErrorName(err: unknown): string | undefined {
  if (err instanceof BaseError) {
    const r = err.walk((e) => e instanceof ContractFunctionRevertedError);
    if (r instanceof ContractFunctionRevertedError) return r.data?.errorName;
  }
  return undefined;
}

/**
 * Commit `payloadHash` under `key`, idempotently:
 * - not committed → send `commit`, wait for it, return the new commitment;
 * - committed with the same hash → return the existing commitment (alreadyCommitted: true), no transaction;
 * - committed with a different hash → throw ContractsError COMMITMENT_CONFLICT (never overwritten on chain either).
 * A concurrent commit of the same key (AlreadyCommitted revert) resolves to the same three cases.
 */
export async function commitCertificate(wallet: SigningClient, registry: Address, key: Hex, payloadHash: Hex): Promise<CommitResult> {
  assertHash32(key, 'key');
  assertHash32(payloadHash, 'payloadHash');

  const resolveExisting = async (): Promise<CommitResult | null> => {
    const c = await readCommitment(wallet, registry, key);
    if (!c.committed || !c.payloadHash || c.blockNumber === null) return null;
    if (!sameHash(c.payloadHash, payloadHash)) {
      throw new ContractsError('COMMITMENT_CONFLICT', `key ${key} is already committed with payload hash ${c.payloadHash}, not ${payloadHash}`, {
        key,
        committedPayloadHash: c.payloadHash,
        requestedPayloadHash: payloadHash,
        blockNumber: c.blockNumber,
      });
    }
    const tx = await findCommitTx(wallet, registry, key, c.blockNumber);
    if (!tx) throw new ContractsError('TX_FAILED', `key ${key} is committed at block ${c.blockNumber} but its event was not found`);
    return { key, payloadHash: c.payloadHash, txHash: tx.txHash, blockNumber: c.blockNumber, alreadyCommitted: true, revoked: c.revoked };
  };

  const existing = await resolveExisting();
  if (existing) return existing;
  let hash: Hash;
  try {
    hash = await serialiseSender(wallet, () =>
      writeContract(wallet, {
        address: registry,
        abi: certificateRegistryAbi,
        functionName: 'commit',
        args: [key, payloadHash],
        account: wallet.account,
        chain: wallet.chain,
      }),
    );
  } catch (err) {
    if (revertErrorName(err) === 'AlreadyCommitted') {
      const raced = await resolveExisting();
      if (raced) return raced;
    }
    throw err;
  }
  try {
    const receipt = await waitOk(wallet, hash, `commit ${key}`);
    return { key, payloadHash, txHash: hash, blockNumber: receipt.blockNumber, alreadyCommitted: false, revoked: false };
  } catch (err) {
    // Lost a race between the read and the mined transaction: report the winner's commitment (or its conflict).
    const raced = await resolveExisting();
    if (raced) return raced;
    throw err;
  }
}

/** Revoke the commitment under `key` with a non-empty reason. Idempotent: an already revoked key returns its data. */
export async function revokeCertificate(
  wallet: SigningClient,
  registry: Address,
  key: Hex,
  reason: string,
): Promise<{ txHash: Hash | null; blockNumber: bigint; alreadyRevoked: boolean }> {
  const c = await readCommitment(wallet, registry, key);
  if (c.revoked && c.revokedBlockNumber !== null) return { txHash: null, blockNumber: c.revokedBlockNumber, alreadyRevoked: true };
  const hash = await serialiseSender(wallet, () =>
    writeContract(wallet, {
      address: registry,
      abi: certificateRegistryAbi,
      functionName: 'revoke',
      args: [key, reason],
      account: wallet.account,
      chain: wallet.chain,
    }),
  );
  const receipt = await waitOk(wallet, hash, `revoke ${key}`);
  return { txHash: hash, blockNumber: receipt.blockNumber, alreadyRevoked: false };
}

export interface VerifyOnChainResult {
  chainId: number;
  key: Hex;
  committed: boolean;
  /** True when a commitment exists and equals `payloadHash` (compare with `revoked` separately). */
  matches: boolean;
  onChainHash: Hex | null;
  revoked: boolean;
  revocationReason: string | null;
  blockNumber: bigint | null;
}

/**
 * For the CLI: check a certificate's commitment straight on chain, with no SIGMA server involved.
 * `submissionId` is the 24-hex id; the key is derived with submissionKey().
 */
export async function verifyOnChain(opts: {
  rpcUrl: string;
  registry: Address;
  submissionId: string;
  payloadHash: Hex;
  timeoutMs?: number;
}): Promise<VerifyOnChainResult> {
  const key = submissionKey(opts.submissionId);
  assertHash32(opts.payloadHash, 'payloadHash');
  const client = httpPublicClient(opts.rpcUrl, opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {});
  const [chainId, c] = await Promise.all([getChainId(client), readCommitment(client, opts.registry, key)]);
  return {
    chainId,
    key,
    committed: c.committed,
    matches: c.committed && c.payloadHash !== null && sameHash(c.payloadHash, opts.payloadHash),
    onChainHash: c.payloadHash,
    revoked: c.revoked,
    revocationReason: c.revocationReason,
    blockNumber: c.blockNumber,
  };
}
