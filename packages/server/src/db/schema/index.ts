export * from './common.js';
export * from './accounts.js';
export * from './submissions.js';
export * from './assembly.js';
export * from './certificates.js';
export * from './ledger.js';
export * from './portal.js';
export * from './usage.js';
