/** Error codes raised by @sigma/contracts. Callers match on `code`, never on the message. */
export type ContractsErrorCode =
  | 'INVALID_ID' // a submission or plugin id that does not follow the documented key scheme
  | 'COMMITMENT_CONFLICT' // the key is already committed with a different payload hash
  | 'DEPLOYMENT_INVALID' // deployment.json is unreadable or does not match the expected shape
  | 'DEPLOYMENT_FAILED' // a deployment or role-grant transaction failed
  | 'CHAIN_START_FAILED' // the local chain could not start (port in use, bad options)
  | 'CHAIN_REPLAY_FAILED' // the local chain journal could not be replayed to the recorded state
  | 'TX_FAILED'; // a transaction was mined but reverted

export class ContractsError extends Error {
  readonly code: ContractsErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ContractsErrorCode, message: string, details?: Record<string, unknown>, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ContractsError';
    this.code = code;
    this.details = details;
  }
}

export function isContractsError(err: unknown, code?: ContractsErrorCode): err is ContractsError {
  return err instanceof ContractsError && (code === undefined || err.code === code);
}
