#!/usr/bin/env node
'use strict';
const fs = require('fs');
const { balance, call } = require('./rpc');

const ADDRESS = { eth: /^0x[0-9a-fA-F]{40}$/, base: /^0x[0-9a-fA-F]{40}$/, sol: /^[1-9A-HJ-NP-Za-km-z]{32,44}$/ };

async function main() {
  const cfg = JSON.parse(fs.readFileSync('watch.json', 'utf8'));
  const recent = process.argv.includes('--recent');
  for (const [chain, addrs] of Object.entries(cfg)) {
    for (const a of addrs) {
      if (!ADDRESS[chain] || !ADDRESS[chain].test(a)) {
        console.log(`skip ${chain}:${a} (not a public address)`);
        continue;
      }
      const b = await balance(chain, a);
      console.log(`${chain.padEnd(5)} ${a}  ${b.toFixed(6)}`);
      if (recent && chain === 'sol') {
        const sigs = await call('sol', 'getSignaturesForAddress', [a, { limit: 10 }]);
        for (const s of sigs) console.log(`      ${new Date(s.blockTime * 1000).toISOString()} ${s.signature.slice(0, 20)}…`);
      }
    }
  }
}

main().catch((e) => {
  console.error(e.message);
  process.exit(1);
});
