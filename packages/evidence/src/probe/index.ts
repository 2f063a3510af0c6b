export { probeEndpoints } from './probe.js';
export type { EndpointProbeReport, ProbeInput, ProbeOptions } from './probe.js';
export { createGuardPolicy, GuardConfig } from './policy.js';
export type { GuardPolicy, Resolver } from './policy.js';
export { apiDisclaimer, outboundHttpEvident } from './disclaimer.js';
export type { DisclaimerInput } from './disclaimer.js';
export { monitorEndpoints } from './monitor.js';
export { checkDomainProof } from './domain.js';
