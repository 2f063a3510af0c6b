// Hardhat 2 internals behind the local chain: the lazily loaded provider/JSON-RPC API and block-reading helpers.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export interface RpcRequest {
  method: string;
  params?: unknown[] | object;
}
export interface Eip1193Provider {
  request(args: RpcRequest): Promise<unknown>;
}
export interface HardhatInternals {
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
export function hardhat(): HardhatInternals {
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

const toNum = (hex: unknown): number => Number(BigInt(hex as string));

export async function latestBlock(p: Eip1193Provider): Promise<{ number: number; timestamp: number }> {
  const b = (await p.request({ method: 'eth_getBlockByNumber', params: ['latest', false] })) as {
    number: string;
    timestamp: string;
  };
  return { number: toNum(b.number), timestamp: toNum(b.timestamp) };
}

export async function blockAt(p: Eip1193Provider, n: number): Promise<{ number: number; timestamp: number }> {
  const b = (await p.request({ method: 'eth_getBlockByNumber', params: [`0x${n.toString(16)}`, false] })) as {
    number: string;
    timestamp: string;
  };
  return { number: toNum(b.number), timestamp: toNum(b.timestamp) };
}
