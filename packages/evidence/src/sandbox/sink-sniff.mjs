// What the loopback sink (sink.mjs) reads from a TCP stream: a TLS ClientHello's server name, an HTTP request line.
// Everything is bounds-checked: the bytes come from the code under test.
/** SNI from a TLS ClientHello, or null. */
export function sniOf(b) {
  try {
    if (b.length < 43 || b[0] !== 0x16 || b[5] !== 0x01) return null;
    let o = 9 + 2 + 32; // record header(5) + handshake header(4) + version(2) + random(32)
    o += 1 + b[o]; // session id
    o += 2 + b.readUInt16BE(o); // cipher suites
    o += 1 + b[o]; // compression methods
    const end = o + 2 + b.readUInt16BE(o);
    o += 2;
    while (o + 4 <= end && o + 4 <= b.length) {
      const type = b.readUInt16BE(o);
      const len = b.readUInt16BE(o + 2);
      if (type === 0 && o + 9 <= b.length) {
        const nameLen = b.readUInt16BE(o + 7);
        return b
          .subarray(o + 9, o + 9 + nameLen)
          .toString('latin1')
          .toLowerCase();
      }
      o += 4 + len;
    }
  } catch {
    return null;
  }
  return null;
}

const HTTP_METHOD = /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|CONNECT|TRACE) (\S{1,2048}) HTTP\/1\.[01]\r?\n/;

export function httpOf(text) {
  const m = HTTP_METHOD.exec(text);
  if (!m) return null;
  const host = /\r?\nhost:[ \t]*([^\r\n]{1,255})/i.exec(text);
  return { method: m[1], path: m[2].slice(0, 512), host: host ? host[1].trim().toLowerCase() : null };
}

/** True once a whole HTTP request (headers and a Content-Length or chunked body) has arrived. */
export function httpComplete(buf) {
  const text = buf.toString('latin1');
  const end = text.indexOf('\r\n\r\n');
  if (end < 0) return false;
  const cl = /\r\ncontent-length:[ \t]*(\d{1,9})/i.exec(text.slice(0, end));
  if (cl) return buf.length >= end + 4 + Number(cl[1]);
  if (/\r\ntransfer-encoding:[^\r\n]*chunked/i.test(text.slice(0, end))) return text.endsWith('0\r\n\r\n');
  return true;
}
