/**
 * TEST-ONLY helpers for the probe tests: real HTTP/HTTPS servers on loopback that count what reaches
 * them, and X.509 certificates made on the fly (node-forge, a dev dependency). Not exported by the package.
 */
import { generateKeyPairSync } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import forge from 'node-forge';
import type { Resolver } from './policy.js';

export interface SeenRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
}

export interface TestServer {
  port: number;
  origin: string;
  requests: SeenRequest[];
  close: () => Promise<void>;
}

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

export async function startServer(handler: Handler, tlsOpts?: { key: string; cert: string }, host = '127.0.0.1'): Promise<TestServer> {
  const requests: SeenRequest[] = [];
  const wrapped: Handler = (req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    handler(req, res);
  };
  const server = tlsOpts ? https.createServer(tlsOpts, wrapped) : http.createServer(wrapped);
  const sockets = new Set<Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, host, r));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    origin: `${tlsOpts ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}`,
    requests,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

export interface TestCert {
  certPem: string;
  keyPem: string;
  cert: forge.pki.Certificate;
  key: forge.pki.rsa.PrivateKey;
}

let serial = 1;

/** A certificate for `names` (DNS names and IPs), signed by `ca` or self-signed; `ca: true` makes a CA. */
export function makeCert(opts: { names: string[]; ca?: TestCert; isCa?: boolean; notBefore?: Date; notAfter?: Date } = { names: ['localhost'] }): TestCert {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey);
  cert.serialNumber = (serial++).toString(16).padStart(2, '0');
  cert.validity.notBefore = opts.notBefore ?? new Date(Date.now() - 86_400_000);
  cert.validity.notAfter = opts.notAfter ?? new Date(Date.now() + 30 * 86_400_000);
  const subject = [{ name: 'commonName', value: opts.isCa ? 'SIGMA test CA' : (opts.names[0] ?? 'test') }];
  cert.setSubject(subject);
  cert.setIssuer(opts.ca ? opts.ca.cert.subject.attributes : subject);
  const ipRe = /^[\d.]+$|:/;
  cert.setExtensions([
    { name: 'basicConstraints', cA: opts.isCa === true },
    ...(opts.isCa ? [{ name: 'keyUsage', keyCertSign: true, cRLSign: true }] : []),
    ...(opts.names.length ? [{ name: 'subjectAltName', altNames: opts.names.map((n) => (ipRe.test(n) ? { type: 7, ip: n } : { type: 2, value: n })) }] : []),
  ]);
  const key = forge.pki.privateKeyFromPem(privateKey);
  cert.sign(opts.ca ? opts.ca.key : key, forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert), keyPem: privateKey, cert, key };
}

/** A resolver that answers from a table and counts its calls; unknown names fail like NXDOMAIN. */
export function tableResolver(table: Record<string, string[]>): Resolver & { calls: string[] } {
  const calls: string[] = [];
  const fn = (async (host: string) => {
    calls.push(host);
    const a = table[host];
    if (!a) throw Object.assign(new Error(`ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return a;
  }) as Resolver & { calls: string[] };
  fn.calls = calls;
  return fn;
}
