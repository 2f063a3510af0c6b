// Run the local chain by hand with the contracts deployed (development aid; `npm start` uses the library directly).
//   npx tsx packages/contracts/scripts/chain.ts [--port 8545] [--data-dir .sigma] [--reset]
// Roles use the public Hardhat dev accounts: deployer/admin #0, issuer #1, governance #2. Local use only.
import { privateKeyToAccount } from 'viem/accounts';
import { parseArgs } from 'node:util';
import { deployAll, ensureDeployment, localDevKey, startLocalChain } from '../src/index.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8545' },
    host: { type: 'string', default: '127.0.0.1' },
    'data-dir': { type: 'string' },
    reset: { type: 'boolean', default: false },
  },
});

const dataDir = values['data-dir'];
const chain = await startLocalChain({
  port: Number(values.port),
  host: values.host,
  ...(dataDir ? { dataDir, reset: values.reset } : {}),
});
const roles = {
  deployerKey: localDevKey(0),
  issuer: privateKeyToAccount(localDevKey(1)).address,
  governance: privateKeyToAccount(localDevKey(2)).address,
};
const deployment = dataDir ? await ensureDeployment({ rpcUrl: chain.rpcUrl, dataDir, ...roles }) : await deployAll({ rpcUrl: chain.rpcUrl, ...roles });
console.log(JSON.stringify({ rpcUrl: chain.rpcUrl, replayed: chain.replayed, startupMs: chain.startupMs, deployment }, null, 2));
console.log('local chain running; Ctrl-C to stop');
const stop = (): void => {
  void chain.stop().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
