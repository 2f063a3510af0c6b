// DNS wire format for the loopback sink (sink.mjs): the first question of a query, and an answer.
// Everything is bounds-checked: the bytes come from the code under test.
export const QTYPES = { 1: 'A', 2: 'NS', 5: 'CNAME', 6: 'SOA', 12: 'PTR', 15: 'MX', 16: 'TXT', 28: 'AAAA', 33: 'SRV', 65: 'HTTPS', 255: 'ANY' };

/** Parses the first question of a DNS query; null when it is not one. */
export function parseQuery(buf) {
  if (buf.length < 12) return null;
  const flags = buf.readUInt16BE(2);
  if (flags & 0x8000) return null; // a response, not a query
  if (buf.readUInt16BE(4) < 1) return null;
  const labels = [];
  let off = 12;
  for (let guard = 0; guard < 128; guard++) {
    if (off >= buf.length) return null;
    const len = buf[off];
    if (len === 0) {
      off++;
      break;
    }
    if (len > 63 || off + 1 + len > buf.length) return null; // no compression in questions
    labels.push(buf.subarray(off + 1, off + 1 + len).toString('latin1'));
    off += 1 + len;
  }
  if (off + 4 > buf.length) return null;
  const qtype = buf.readUInt16BE(off);
  const qclass = buf.readUInt16BE(off + 2);
  return { id: buf.readUInt16BE(0), name: labels.join('.').toLowerCase(), qtype, qclass, questionEnd: off + 4 };
}

/** An answer: A records get the name's sinkhole address (`sinkholeFor(name)`), every other type an empty NOERROR. */
export function answer(buf, q, sinkholeFor) {
  const question = buf.subarray(12, q.questionEnd);
  const isA = q.qtype === 1 && q.qclass === 1;
  const header = Buffer.alloc(12);
  header.writeUInt16BE(q.id, 0);
  header.writeUInt16BE(0x8180 | (buf.readUInt16BE(2) & 0x0100), 2); // response, RD copied, RA
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(isA ? 1 : 0, 6);
  const parts = [header, question];
  let answeredWith = null;
  if (isA) {
    answeredWith = sinkholeFor(q.name);
    const rr = Buffer.alloc(16);
    rr.writeUInt16BE(0xc00c, 0); // pointer to the question name
    rr.writeUInt16BE(1, 2);
    rr.writeUInt16BE(1, 4);
    rr.writeUInt32BE(5, 6); // TTL 5 s
    rr.writeUInt16BE(4, 10);
    answeredWith.split('.').forEach((o, i) => rr.writeUInt8(Number(o), 12 + i));
    parts.push(rr);
  }
  return { reply: Buffer.concat(parts), answeredWith };
}
