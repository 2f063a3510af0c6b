// Hardhat 2 config of @sigma/contracts. startLocalChain (src/local-chain.ts) passes the same network settings
// programmatically; this file also lets you run the chain by hand from any cwd:
//   HARDHAT_DISABLE_TELEMETRY_PROMPT=true npx hardhat node --config packages/contracts/hardhat.config.cjs
// Contracts are compiled by scripts/build.ts (solc-js), not by `hardhat compile`.
module.exports = {
  networks: {
    hardhat: { chainId: 31337, hardfork: 'cancun' },
  },
};
