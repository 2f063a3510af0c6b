// The loopback sink: a tiny DNS server and TCP listener that lives in the sandbox's network
// namespace, so that code which tries to reach the network meets something that answers and
// records what it was sent. It is started by SIGMA as root through `nsenter --net`, binds its
// sockets, then drops to an unprivileged uid of its own. It shares nothing with the sandboxed code
// but that network namespace: another pid namespace (the code cannot signal or trace it), another
// mount namespace, another uid. Everything it reports is what the code chose to send, which is
// exactly what is being recorded; it never forwards anything anywhere.
//
// Protocol with SIGMA: one JSON config in argv[2]; JSON lines on stdout (`ready`, `dns`, `tcp`,
// `end`); it stops when stdin closes or on SIGTERM, flushing open connections first.
// Plain JavaScript (not TypeScript) so it starts in ~50 ms with the bare runtime.
import { execFileSync } from 'node:child_process';
import dgram from 'node:dgram';
import net from 'node:net';
import { answer, parseQuery, QTYPES } from './sink-dns.mjs';
import { httpComplete, httpOf, sniOf } from './sink-sniff.mjs';

const cfg = JSON.parse(process.argv[2] ?? '{}');
const maxConnections = cfg.maxConnections ?? 200;
const maxBytesPerConnection = cfg.maxBytesPerConnection ?? 65536;
const maxQueries = cfg.maxQueries ?? 500;
const resolver = cfg.resolver ?? '127.0.0.53';

let emitted = 0;
let droppedConnections = 0;
let droppedQueries = 0;
let stopping = false;

function emit(obj) {
  process.stdout.write(JSON.stringify(obj) + '\n');
}

// --- network set-up (as root, before dropping privileges) ---------------------------------------
// With `ip` present, every IPv4/IPv6 address becomes local to this namespace ("AnyIP"), so a
// connection to a raw public address reaches this sink (and is recorded with its original
// destination) instead of failing with ENETUNREACH. Without it only loopback is local.
if (cfg.ip) {
  // One `ip` run for everything (loopback up when the namespace is our own, then the AnyIP
  // routes); -force goes on past a failing line, e.g. IPv6 switched off.
  const batch = [...(cfg.loopbackUp ? ['link set lo up'] : []), 'route add local 0.0.0.0/0 dev lo', 'route add local ::/0 dev lo'].join('\n');
  try {
    execFileSync(cfg.ip, ['-force', '-batch', '-'], { input: batch + '\n', stdio: ['pipe', 'ignore', 'ignore'] });
  } catch {
    // judged below by what can be bound
  }
}
/** Whether a local bind to `address` works (AnyIP: any address is local; without it only loopback). */
function canBind(address) {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen({ port: 0, host: address }, () => s.close(() => resolve(true)));
  });
}
if (!(await canBind('127.0.0.1'))) {
  process.stderr.write('loopback is not up in this namespace\n');
  process.exit(1);
}
const anyAddress = cfg.ip ? await canBind('198.18.255.254') : false;

// Names resolve to addresses of a range that means "the sink": 198.18.0.0/15 (RFC 2544,
// benchmarking, never routed) with AnyIP, else 127.128.0.0/16 on loopback.
const sinkholes = new Map();
function sinkholeFor(name) {
  let a = sinkholes.get(name);
  if (!a) {
    const n = sinkholes.size + 1;
    a = anyAddress ? `198.18.${(n >> 8) & 255}.${n & 255}` : `127.128.${(n >> 8) & 255}.${n & 255}`;
    sinkholes.set(name, a);
  }
  return a;
}

function recordQuery(q, answeredWith, transport, dst) {
  if (emitted >= maxQueries) {
    droppedQueries++;
    return;
  }
  emitted++;
  emit({ t: 'dns', name: q.name.slice(0, 253), type: QTYPES[q.qtype] ?? String(q.qtype), answeredWith, transport, dst });
}

// --- TCP ------------------------------------------------------------------------------------------
const open = new Set();
let connections = 0;

function normalise(addr) {
  return typeof addr === 'string' && addr.startsWith('::ffff:') ? addr.slice(7) : (addr ?? '');
}

function dnsOverTcp(sock, rec) {
  // Two-byte length framing; answer every complete query.
  let pending = Buffer.alloc(0);
  return (chunk) => {
    pending = Buffer.concat([pending, chunk]);
    while (pending.length >= 2) {
      const len = pending.readUInt16BE(0);
      if (pending.length < 2 + len) break;
      const msg = pending.subarray(2, 2 + len);
      pending = pending.subarray(2 + len);
      const q = parseQuery(msg);
      if (!q) continue;
      const { reply, answeredWith } = answer(msg, q, sinkholeFor);
      recordQuery(q, answeredWith, 'tcp', rec.dst);
      const framed = Buffer.alloc(2);
      framed.writeUInt16BE(reply.length, 0);
      sock.write(Buffer.concat([framed, reply]));
    }
  };
}

function flush(rec) {
  if (rec.flushed) return;
  rec.flushed = true;
  open.delete(rec);
  const data = Buffer.concat(rec.chunks);
  const text = data.toString('latin1');
  const tls = data.length > 0 && data[0] === 0x16;
  const http = tls ? null : httpOf(text);
  emit({
    t: 'tcp',
    dst: rec.dst,
    port: rec.port,
    bytes: rec.bytes,
    truncated: rec.bytes > data.length,
    kind: rec.port === 53 ? 'dns' : tls ? 'tls' : http ? 'http' : rec.bytes === 0 ? 'empty' : 'raw',
    sni: tls ? sniOf(data) : null,
    http,
    data: data.toString('base64'),
  });
}

function onConnection(sock) {
  if (stopping || connections >= maxConnections) {
    droppedConnections++;
    sock.destroy();
    return;
  }
  connections++;
  const rec = { dst: normalise(sock.localAddress), port: sock.localPort, bytes: 0, chunks: [], kept: 0, answered: false, flushed: false, sock };
  open.add(rec);
  const dns = rec.port === 53 ? dnsOverTcp(sock, rec) : null;
  let idle = null;
  sock.on('data', (chunk) => {
    rec.bytes += chunk.length;
    if (rec.kept < maxBytesPerConnection) {
      const part = chunk.subarray(0, maxBytesPerConnection - rec.kept);
      rec.chunks.push(part);
      rec.kept += part.length;
    }
    if (dns) return dns(chunk);
    const head = Buffer.concat(rec.chunks);
    if (head[0] === 0x16) {
      // TLS: the ClientHello names the host (SNI); nothing after it can be read, so close.
      if (head.length >= 5 && head.length >= 5 + head.readUInt16BE(3)) sock.destroy();
      return;
    }
    if (!rec.answered && httpOf(head.toString('latin1'))) {
      clearTimeout(idle);
      const respond = () => {
        if (rec.answered) return;
        rec.answered = true;
        sock.end('HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: 0\r\nconnection: close\r\n\r\n');
      };
      if (httpComplete(head) || rec.kept >= maxBytesPerConnection) respond();
      else idle = setTimeout(respond, 300);
    }
  });
  sock.on('error', () => {});
  sock.on('close', () => {
    clearTimeout(idle);
    flush(rec);
  });
}

// --- sockets, then privileges ---------------------------------------------------------------------
const listening = [];
function bindTcp(port) {
  return new Promise((resolve) => {
    const srv = net.createServer({ allowHalfOpen: false }, onConnection);
    srv.on('error', () => resolve(null));
    srv.listen({ port, host: '::', ipv6Only: false, backlog: 64 }, () => resolve(srv));
  }).then(
    (srv) =>
      srv ??
      new Promise((resolve) => {
        const v4 = net.createServer({ allowHalfOpen: false }, onConnection);
        v4.on('error', () => resolve(null));
        v4.listen({ port, host: '0.0.0.0', backlog: 64 }, () => resolve(v4));
      }),
  );
}

/** One UDP DNS socket; `reuseAddr` lets the resolver's own address and the wildcard coexist. */
function bindUdp(type, host) {
  return new Promise((resolve) => {
    const s = dgram.createSocket({ type, reuseAddr: true, ipv6Only: false });
    s.on('error', () => resolve(null));
    s.on('message', (msg, rinfo) => {
      const q = parseQuery(msg);
      if (!q) return;
      const { reply, answeredWith } = answer(msg, q, sinkholeFor);
      recordQuery(q, answeredWith, 'udp', host === resolver ? resolver : null);
      s.send(reply, rinfo.port, rinfo.address);
    });
    s.bind({ port: 53, address: host }, () => resolve(s));
  });
}

// The resolver address gets a socket of its own so that replies come from the address the
// client asked (resolvers drop answers from any other source); the wildcard catches DNS sent
// anywhere else (a hard-coded 8.8.8.8), which is recorded even if the client ignores the reply.
const udp = (await bindUdp('udp4', resolver)) ?? null;
const udpAny = (await bindUdp('udp6', '::')) ?? (await bindUdp('udp4', '0.0.0.0'));
const ports = [];
for (const p of cfg.tcpPorts ?? []) {
  const srv = await bindTcp(p);
  if (srv) {
    listening.push(srv);
    ports.push(p);
  }
}

if (cfg.uid !== undefined) {
  process.setgroups([]);
  process.setgid(cfg.gid ?? cfg.uid);
  process.setuid(cfg.uid);
}
emit({ t: 'ready', anyAddress, udp: udp !== null && udpAny !== null, ports, resolver, uid: process.getuid() });

function stop() {
  if (stopping) return;
  stopping = true;
  for (const rec of [...open]) {
    flush(rec);
    rec.sock.destroy();
  }
  emit({ t: 'end', droppedConnections, droppedQueries });
  process.stdout.write('', () => process.exit(0));
}
process.stdin.on('end', stop);
process.stdin.on('error', stop);
process.stdin.resume();
process.on('SIGTERM', stop);
