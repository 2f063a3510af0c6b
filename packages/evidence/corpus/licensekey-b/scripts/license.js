#!/usr/bin/env node
'use strict';
// Offline licence check: SLIDEKIT_LICENSE = base64url(payload) + "." + base64url(ed25519 signature).
const crypto = require('crypto');

const PUBLIC_KEY = `-----BEGIN PUBLIC KEY-----
MCowBQYDK2VwAyEAq7m1v0m8l9oQ5b3xQf7n3w2Yk0rVw8z1xH2pG6s4JtE=
-----END PUBLIC KEY-----`;

function check(key) {
  if (!key || !key.includes('.')) return { ok: false, reason: 'no licence key set (SLIDEKIT_LICENSE)' };
  const [body, sig] = key.split('.');
  const payload = Buffer.from(body, 'base64url');
  let valid = false;
  try {
    valid = crypto.verify(null, payload, PUBLIC_KEY, Buffer.from(sig, 'base64url'));
  } catch {
    valid = false;
  }
  if (!valid) return { ok: false, reason: 'signature does not match' };
  const data = JSON.parse(payload.toString('utf8'));
  if (data.exp && Date.parse(data.exp) < Date.now()) return { ok: false, reason: `expired on ${data.exp}` };
  return { ok: true, plan: data.plan, seats: data.seats };
}

const res = check(process.env.SLIDEKIT_LICENSE);
console.log(JSON.stringify(res));
process.exit(res.ok ? 0 : 1);
