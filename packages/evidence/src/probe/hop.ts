import http from 'node:http';
import https from 'node:https';
import { rootCertificates } from 'node:tls';
import type { TLSSocket } from 'node:tls';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import type { ProbeError, TlsFacts } from '@sigma/core';
import type { GuardPolicy, VettedUrl } from './policy.js';
import { refusal } from './policy.js';

/**
 * One HTTP exchange with an address the guard already vetted: the socket goes to `ip` (never a
 * fresh DNS answer), while the Host header and TLS SNI/identity check use the URL's name.
 */

export interface HopRequest {
  vetted: VettedUrl;
  ip: string;
  method: string;
  headers: Record<string, string>;
  policy: GuardPolicy;
  /** Epoch ms by which everything (all hops, bodies) must be done. */
  deadline: number;
  maxBodyBytes: number;
  now: () => number;
}

export type HopResult =
  | { ok: true; status: number; headers: Record<string, string>; body: Uint8Array; tls: TlsFacts | null; latencyMs: number }
  | { ok: false; error: ProbeError; status: number | null; headers: Record<string, string> | null; tls: TlsFacts | null };

class HopFailure extends Error {
  constructor(readonly error: ProbeError) {
    super(error.reason);
  }
}

const TLS_CODE = /CERT|SSL|TLS|UNABLE_TO_|SELF_SIGNED|HOSTNAME|ALTNAME|ERR_SSL/i;

function tlsInvalid(code: string): TlsFacts {
  return { valid: false, error: code, protocol: null, subject: null, issuer: null, validFrom: null, validTo: null, daysRemaining: null };
}

function tlsFacts(socket: TLSSocket, nowMs: number): TlsFacts {
  const cert = socket.getPeerCertificate(false);
  const name = (o: unknown): string | null => {
    if (!o || typeof o !== 'object') return null;
    const r = o as Record<string, unknown>;
    const v = r['CN'] ?? r['O'];
    return typeof v === 'string' ? v : Array.isArray(v) ? String(v[0]) : null;
  };
  const validTo = cert && cert.valid_to ? new Date(cert.valid_to) : null;
  const validFrom = cert && cert.valid_from ? new Date(cert.valid_from) : null;
  const iso = (d: Date | null) => (d && !Number.isNaN(d.getTime()) ? d.toISOString() : null);
  return {
    valid: socket.authorized,
    error: socket.authorized ? null : String(socket.authorizationError ?? 'UNAUTHORIZED'),
    protocol: socket.getProtocol() ?? null,
    subject: name(cert?.subject),
    issuer: name(cert?.issuer),
    validFrom: iso(validFrom),
    validTo: iso(validTo),
    daysRemaining: validTo && !Number.isNaN(validTo.getTime()) ? Math.floor((validTo.getTime() - nowMs) / 86_400_000) : null,
  };
}

function headerRecord(res: http.IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(res.headers)) {
    if (v === undefined || k === 'set-cookie') continue;
    out[k] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

function decode(body: Buffer, encoding: string | undefined, max: number): Buffer {
  const e = (encoding ?? '').trim().toLowerCase();
  if (e === '' || e === 'identity') return body;
  const opts = { maxOutputLength: max };
  try {
    if (e === 'gzip' || e === 'x-gzip') return gunzipSync(body, opts);
    if (e === 'deflate') return inflateSync(body, opts);
    if (e === 'br') return brotliDecompressSync(body, opts);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError)
      throw new HopFailure(refusal('SIGMA_E_PROBE_TOO_LARGE', `the ${e} body inflates past ${max} bytes`));
    throw new HopFailure(refusal('SIGMA_E_PROBE_PROTOCOL', `the ${e} body cannot be decoded`));
  }
  throw new HopFailure(refusal('SIGMA_E_PROBE_PROTOCOL', `unsupported content-encoding ${JSON.stringify(e.slice(0, 40))}`));
}

function mapError(err: unknown, https: boolean): ProbeError {
  if (err instanceof HopFailure) return err.error;
  const e = err as NodeJS.ErrnoException;
  const code = typeof e?.code === 'string' ? e.code : '';
  if (code === 'HPE_HEADER_OVERFLOW') return refusal('SIGMA_E_PROBE_TOO_LARGE', 'the response headers are larger than the limit');
  if (code.startsWith('HPE_')) return refusal('SIGMA_E_PROBE_PROTOCOL', `invalid HTTP response (${code})`);
  if (https && TLS_CODE.test(code)) return refusal('SIGMA_E_PROBE_TLS_INVALID', `TLS verification failed (${code})`);
  return refusal('SIGMA_E_PROBE_CONNECT_FAILED', `connection failed (${code || (e?.message ?? 'error').slice(0, 80)})`);
}

export function hop(req: HopRequest): Promise<HopResult> {
  const { vetted, policy } = req;
  const started = req.now();
  return new Promise<HopResult>((resolve) => {
    let status: number | null = null;
    let headers: Record<string, string> | null = null;
    let tls: TlsFacts | null = null;
    let settled = false;
    const timers: NodeJS.Timeout[] = [];
    const finish = (r: HopResult): void => {
      if (settled) return;
      settled = true;
      for (const t of timers) clearTimeout(t);
      resolve(r);
    };
    const options: https.RequestOptions = {
      host: req.ip,
      port: vetted.port,
      method: req.method,
      path: `${vetted.url.pathname}${vetted.url.search}`,
      headers: req.headers,
      agent: false,
      maxHeaderSize: policy.maxHeaderBytes,
      ...(vetted.https
        ? {
            rejectUnauthorized: true,
            // An IP literal gets no SNI (TLS forbids it) and is checked against the certificate's IP names.
            servername: vetted.literal ? '' : vetted.host,
            ...(policy.extraCaPem.length ? { ca: [...rootCertificates, ...policy.extraCaPem] } : {}),
          }
        : {}),
    };
    const cr = (vetted.https ? https : http).request(options);
    const fail = (err: unknown): void => {
      const error = mapError(err, vetted.https);
      if (error.code === 'SIGMA_E_PROBE_TLS_INVALID') tls = tlsInvalid(String((err as NodeJS.ErrnoException).code));
      cr.destroy();
      finish({ ok: false, error, status, headers, tls });
    };
    const kill = (error: ProbeError) => () => {
      const e = new HopFailure(error);
      cr.destroy(e);
      fail(e);
    };
    timers.push(
      setTimeout(
        kill(refusal('SIGMA_E_PROBE_TIMEOUT', `no answer within the total limit of ${policy.totalTimeoutMs} ms`)),
        Math.max(0, req.deadline - started),
      ),
    );
    const connectTimer = setTimeout(kill(refusal('SIGMA_E_PROBE_TIMEOUT', `no connection within ${policy.connectTimeoutMs} ms`)), policy.connectTimeoutMs);
    timers.push(connectTimer);
    cr.on('socket', (s) => s.once(vetted.https ? 'secureConnect' : 'connect', () => clearTimeout(connectTimer)));
    cr.on('error', fail);
    cr.on('response', (res) => {
      const latencyMs = Math.max(0, Math.round(req.now() - started));
      status = res.statusCode ?? 0;
      headers = headerRecord(res);
      if (vetted.https) tls = tlsFacts(res.socket as TLSSocket, req.now());
      const declared = Number(res.headers['content-length']);
      if (Number.isFinite(declared) && declared > req.maxBodyBytes)
        return kill(refusal('SIGMA_E_PROBE_TOO_LARGE', `content-length ${declared} is over the limit of ${req.maxBodyBytes} bytes`))();
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > req.maxBodyBytes) return kill(refusal('SIGMA_E_PROBE_TOO_LARGE', `the body passed the limit of ${req.maxBodyBytes} bytes; aborted`))();
        chunks.push(c);
      });
      res.on('error', fail);
      res.on('aborted', () => fail(new HopFailure(refusal('SIGMA_E_PROBE_PROTOCOL', 'the response ended early'))));
      res.on('end', () => {
        try {
          const body = decode(Buffer.concat(chunks), res.headers['content-encoding'], req.maxBodyBytes);
          finish({ ok: true, status: status!, headers: headers!, body: new Uint8Array(body), tls, latencyMs });
        } catch (err) {
          fail(err);
        }
      });
    });
    cr.end();
  });
}
