/**
 * The execution sandbox (SPEC §4 "Execution", issue 14 items 3–4): runs a submission's entry
 * point under bubblewrap with strace and a loopback sink recording what it tries. See docs/sandbox.md.
 */
export { runInSandbox, sandboxAvailable, inferRuntime, DEFAULT_SANDBOX_LIMITS, SandboxRequest } from './run.js';
export type { SandboxEnvironment, SandboxAvailability } from './run.js';
export { SANDBOX_VERSION, skippedRecord } from './record.js';
export { describeRecord } from './describe.js';
