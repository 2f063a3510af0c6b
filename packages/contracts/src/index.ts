// @sigma/contracts — SIGMA's Solidity contracts as typed viem ABIs + bytecode, the local chain, deployment, and the
// chain helpers the server and CLI use. See docs/contracts.md.
export * from '../generated/index.js';
export { ContractsError, isContractsError, type ContractsErrorCode } from './errors.js';
export { ROLES } from './roles.js';
export { submissionKey, pluginKey, refKey, localDevKey, LOCAL_DEV_MNEMONIC } from './keys.js';
export {
  LOCAL_CHAIN_ID,
  MONAD_CHAIN_ID,
  MONAD_TESTNET_CHAIN_ID,
  chainFromConfig,
  localChain,
  explorerTxUrl,
  explorerAddressUrl,
  defaultExplorerUrl,
  networkName,
  type ChainConfig,
} from './network.js';
export { startLocalChain, HARDHAT_CONFIG_PATH, LOCAL_HARDFORK, type StartLocalChainOptions, type LocalChain } from './local-chain.js';
export {
  deployAll,
  ensureDeployment,
  isDeploymentLive,
  expectedAddresses,
  BUILD_HASH,
  DEPLOY_ORDER,
  DEFAULT_MARKETPLACE_FEE_BPS,
  DEFAULT_UNSTAKE_COOLDOWN_SECONDS,
  type DeployOptions,
  type DeployResult,
} from './deploy.js';
export { writeDeployment, readDeployment, parseDeployment, deploymentPath, type Deployment, type DeployedContracts } from './deployment-file.js';
export {
  commitCertificate,
  revokeCertificate,
  readCommitment,
  findCommitTx,
  verifyOnChain,
  revertErrorName,
  type Commitment,
  type CommitResult,
  type VerifyOnChainResult,
} from './certificates.js';
export { readStake, slash, type ValidatorStake, type SlashResult } from './validators.js';
export { httpPublicClient, serialiseSender, type SigningClient, type ReadClient } from './tx.js';
