import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { CliError, EXIT, type CliConfig } from '../config.js';
import type { Io } from '../io.js';
import { createMcpServer } from './server.js';

/** `sigma mcp` on stdio: serves until the client closes stdin. Nothing but protocol goes to stdout. */
export async function serveStdio(cfg: CliConfig): Promise<number> {
  const server = createMcpServer(cfg);
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => {
    transport.onclose = () => resolve();
    process.stdin.once('end', () => resolve());
  });
  await server.connect(transport);
  await closed;
  await server.close();
  return EXIT.ok;
}

/**
 * `sigma mcp --http <port>`: streamable HTTP at `/mcp`, stateless (a server and transport per
 * request, no session), on loopback unless `host` says otherwise.
 */
export async function startHttp(cfg: CliConfig, port: number, host = '127.0.0.1'): Promise<{ server: Server; url: string }> {
  const http = createServer((req, res) => {
    if ((req.url ?? '').split('?')[0] !== '/mcp') {
      res
        .writeHead(404, { 'content-type': 'application/json' })
        .end(JSON.stringify({ error: { code: 'SIGMA_E_ROUTE_NOT_FOUND', message: 'MCP is served at /mcp' } }));
      return;
    }
    const mcp = createMcpServer(cfg);
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    res.on('close', () => {
      void transport.close();
      void mcp.close();
    });
    void mcp.connect(transport).then(() => transport.handleRequest(req, res));
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', (err) => reject(new CliError(`cannot listen on ${host}:${port}: ${err.message}`, EXIT.usage)));
    http.listen(port, host, resolve);
  });
  return { server: http, url: `http://${host}:${(http.address() as AddressInfo).port}/mcp` };
}

/** Serve HTTP until the process is told to stop. */
export async function serveHttp(cfg: CliConfig, port: number, host: string, io: Io): Promise<number> {
  const { server, url } = await startHttp(cfg, port, host);
  io.err(`sigma mcp: streamable HTTP at ${url} (SIGMA service ${cfg.apiUrl})`);
  await new Promise<void>((resolve) => {
    const stop = () => server.close(() => resolve());
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return EXIT.ok;
}
