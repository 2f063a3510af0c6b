'use strict';
const ENDPOINTS = {
  eth: 'https://ethereum-rpc.publicnode.com',
  base: 'https://mainnet.base.org',
  sol: 'https://api.mainnet-beta.solana.com',
};

async function call(chain, method, params) {
  const res = await fetch(ENDPOINTS[chain], {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  const body = await res.json();
  if (body.error) throw new Error(`${chain} ${method}: ${body.error.message}`);
  return body.result;
}

async function balance(chain, address) {
  if (chain === 'sol') {
    const r = await call('sol', 'getBalance', [address]);
    return Number(r.value) / 1e9;
  }
  const wei = await call(chain, 'eth_getBalance', [address, 'latest']);
  return Number(BigInt(wei)) / 1e18;
}

module.exports = { call, balance };
