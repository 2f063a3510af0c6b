/**
 * The one catalogue of error codes a client can see. Every code is stable: clients and tests
 * match on `code`, never on `message`. Codes are `SIGMA_E_<AREA>_<WHAT>`.
 */
export interface ErrorSpec {
  readonly status: number;
  readonly message: string;
}

export const ERROR_CATALOGUE = {
  // Request shape and transport
  SIGMA_E_REQUEST_INVALID: { status: 400, message: 'The request is invalid.' },
  SIGMA_E_REQUEST_MALFORMED_JSON: { status: 400, message: 'The request body is not valid JSON.' },
  SIGMA_E_REQUEST_UNSUPPORTED_MEDIA: { status: 415, message: 'The request content type is not supported.' },
  SIGMA_E_REQUEST_TOO_LARGE: { status: 413, message: 'The request body is larger than the limit.' },
  SIGMA_E_REQUEST_TOO_DEEP: { status: 400, message: 'The request JSON nests deeper than the limit.' },
  SIGMA_E_REQUEST_TOO_MANY_KEYS: { status: 400, message: 'The request JSON has more object keys than the limit.' },
  SIGMA_E_RATE_LIMITED: { status: 429, message: 'Too many requests; slow down and retry later.' },
  SIGMA_E_ROUTE_NOT_FOUND: { status: 404, message: 'No such route.' },
  SIGMA_E_INTERNAL: { status: 500, message: 'An internal error occurred.' },
  SIGMA_E_UNAVAILABLE: { status: 503, message: 'The service is shutting down or not ready.' },

  // Authentication, per plane
  SIGMA_E_AUTH_MISSING: { status: 401, message: 'Credentials are required for this plane.' },
  SIGMA_E_AUTH_INVALID: { status: 401, message: 'The credentials are not valid for this plane.' },
  SIGMA_E_AUTH_EXPIRED: { status: 401, message: 'The session or key has expired.' },
  SIGMA_E_AUTH_FORBIDDEN: { status: 403, message: 'This account may not perform this action.' },
  SIGMA_E_AUTH_CODE_INVALID: { status: 401, message: 'The sign-in code is wrong or has expired; request a new one.' },
  SIGMA_E_AUTH_CODE_ATTEMPTS: { status: 429, message: 'Too many wrong codes for this sign-in code; request a new one.' },
  SIGMA_E_AUTH_CSRF: {
    status: 403,
    message: 'A request authenticated by a session cookie must come from this site and send the header x-sigma-csrf: 1.',
  },
  SIGMA_E_MAIL_UNAVAILABLE: { status: 503, message: 'The email could not be sent; try again later.' },

  // Submissions
  SIGMA_E_SUBMISSION_NOT_FOUND: { status: 404, message: 'No submission with this id is visible to you.' },
  SIGMA_E_SUBMISSION_CATEGORY_UNSUPPORTED: {
    status: 422,
    message: 'This category is not accepted by this deployment yet.',
  },
  SIGMA_E_SUBMISSION_SOURCE_INVALID: { status: 400, message: 'The submission source is invalid.' },
  SIGMA_E_SUBMISSION_LIMIT_EXCEEDED: { status: 413, message: 'The submission exceeds a size or file-count limit.' },
  SIGMA_E_SUBMISSION_SKILL_MD_MISSING: { status: 400, message: 'A SKILL category submission needs a SKILL.md.' },
  SIGMA_E_SUBMISSION_ENTRY_INVALID: {
    status: 400,
    message: 'A CODE submission needs an entry point: a repo-relative path (no .., no leading /) to one of its files.',
  },
  SIGMA_E_SUBMISSION_SANDBOX_URL_INVALID: {
    status: 400,
    message: 'The sandbox base URL is refused: only API categories take one, and it must be an http(s) URL without credentials, query or fragment.',
  },
  SIGMA_E_SUBMISSION_FILE_NAME_INVALID: {
    status: 400,
    message:
      'A file name is refused: it clashes with another on case-insensitive file systems, holds control, bidi or invisible characters, or is a reserved device name.',
  },
  SIGMA_E_SUBMISSION_FRONT_MATTER_INVALID: {
    status: 400,
    message:
      "SKILL.md's front matter cannot be read: it is not closed, not valid YAML, over a size, alias or nesting limit, or hides characters in a key, the name or the description.",
  },
  SIGMA_E_SUBMISSION_NOT_ESCALATED: {
    status: 409,
    message: 'The submission is not waiting for an operator decision.',
  },

  // Validators
  SIGMA_E_VALIDATOR_NOT_FOUND: { status: 404, message: 'No validator with this id.' },
  SIGMA_E_VALIDATOR_STATE: { status: 409, message: 'The validator is not in a state that allows this.' },

  // Payments and pricing (SPEC §8)
  SIGMA_E_PAYMENT_REQUIRED: { status: 402, message: 'This action needs a valid payment.' },
  SIGMA_E_PAYMENT_INSUFFICIENT_CREDITS: { status: 402, message: 'The credit balance does not cover the price.' },
  SIGMA_E_PAYMENT_METHOD_DISABLED: { status: 403, message: 'This payment method is switched off on this deployment.' },
  SIGMA_E_PAYMENT_CHAIN_UNAVAILABLE: { status: 503, message: 'No chain is configured, so on-chain payments are not available.' },
  SIGMA_E_PAYMENT_NO_PRICE: { status: 422, message: 'The catalogue has no active price for this category.' },
  SIGMA_E_PAYMENT_QUOTE_NOT_FOUND: { status: 404, message: 'No quote with this id is visible to you.' },
  SIGMA_E_PAYMENT_QUOTE_EXPIRED: { status: 409, message: 'The quote has expired; ask for a new one.' },
  SIGMA_E_PAYMENT_QUOTE_USED: { status: 409, message: 'The quote has already paid for a submission.' },
  SIGMA_E_PAYMENT_QUOTE_MISMATCH: { status: 409, message: 'The quote was made for other content or another category.' },
  SIGMA_E_PAYMENT_VOUCHER_INVALID: { status: 404, message: 'No usable voucher with this code (unknown, expired or retired).' },
  SIGMA_E_PAYMENT_VOUCHER_EXHAUSTED: { status: 409, message: 'The voucher has reached its use limit.' },
  SIGMA_E_PAYMENT_WALLET_NOT_ALLOWED: { status: 403, message: 'The wallet is not allow-listed or its signature is invalid.' },
  SIGMA_E_PAYMENT_OVERRIDE_NOT_FOUND: { status: 404, message: 'No unused operator free override for you.' },
  SIGMA_E_PAYMENT_INTENT_NOT_FOUND: { status: 404, message: 'No payment intent with this id is visible to you.' },
  SIGMA_E_PAYMENT_INTENT_STATE: { status: 409, message: 'The payment intent is not in a state that allows this.' },
  SIGMA_E_PAYMENT_INTENT_EXPIRED: { status: 409, message: 'The payment intent has expired.' },
  SIGMA_E_PAYMENT_TX_REUSED: { status: 409, message: 'This transaction hash has already been used for a payment.' },
  SIGMA_E_PAYMENT_TX_INVALID: { status: 422, message: 'The transaction does not pay this intent.' },
  SIGMA_E_PAYMENT_TX_UNCONFIRMED: { status: 409, message: 'The transaction does not have enough confirmations yet.' },
  SIGMA_E_PAYMENT_X402_INVALID: { status: 402, message: 'The x402 payment could not be verified or settled.' },
  SIGMA_E_PAYMENT_NONCE_REUSED: { status: 409, message: 'This x402 authorization was already used by another account.' },
  SIGMA_E_PRICING_NOT_FOUND: { status: 404, message: 'No such catalogue entry.' },
  SIGMA_E_PRICING_CONFLICT: { status: 409, message: 'The catalogue change conflicts with an active entry.' },

  // Rounds
  SIGMA_E_ROUND_NOT_FOUND: { status: 404, message: 'No round with this id.' },

  // Certificates
  SIGMA_E_CERTIFICATE_NOT_FOUND: { status: 404, message: 'No certificate with this id.' },
  SIGMA_E_CERTIFICATE_UNREADABLE: {
    status: 500,
    message: 'The stored certificate cannot be read, so it cannot be verified; treat it as not valid. The operator is alerted.',
  },

  // Renewal and new versions of a certificate (the owner's)
  SIGMA_E_CERTIFICATE_NOT_RENEWABLE: {
    status: 409,
    message: 'This certificate cannot be renewed now: only an APPROVED certificate, before it expires, with no renewal already under way.',
  },
  SIGMA_E_CERTIFICATE_NOT_REPLACEABLE: {
    status: 409,
    message: 'A new version cannot replace this certificate: it is revoked or superseded, or a replacement is already under way.',
  },
  SIGMA_E_CERTIFICATE_NOT_CURRENT: {
    status: 409,
    message: 'Only an APPROVED certificate can be given a domain proof.',
  },
  SIGMA_E_SITE_PROOF_URL_INVALID: {
    status: 400,
    message: 'The homepage must be an absolute http(s) URL of at most 2048 characters, without credentials or fragment.',
  },
  SIGMA_E_CERTIFICATE_SAME_CONTENT: {
    status: 409,
    message: 'The new version has the same content hash as the certificate it replaces; renew the certificate instead.',
  },

  // Flags against certificates
  SIGMA_E_FLAG_NOT_FOUND: { status: 404, message: 'No flag with this id.' },
  SIGMA_E_FLAG_TRANSITION_INVALID: { status: 409, message: 'The flag cannot move to that status from its current one.' },

  // Outbound requests SIGMA makes for a submitter (endpoint probes, monitoring, domain proof, source drift)
  SIGMA_E_PROBE_URL_INVALID: {
    status: 422,
    message: 'The URL is not fetched: only http(s) URLs without credentials in them are allowed.',
  },
  SIGMA_E_PROBE_PORT_FORBIDDEN: { status: 422, message: 'SIGMA does not connect to this port.' },
  SIGMA_E_PROBE_METHOD_FORBIDDEN: {
    status: 422,
    message: 'Only GET, HEAD and OPTIONS are sent, except to a sandbox base URL the developer named.',
  },
  SIGMA_E_PROBE_ADDRESS_FORBIDDEN: {
    status: 422,
    message: 'The host is or resolves to a private, loopback, link-local or otherwise non-public address; SIGMA does not connect to it.',
  },
  SIGMA_E_PROBE_RESOLVE_FAILED: { status: 502, message: 'The host name could not be resolved.' },
  SIGMA_E_PROBE_CONNECT_FAILED: { status: 502, message: 'The connection to the host failed.' },
  SIGMA_E_PROBE_TLS_INVALID: { status: 502, message: 'The TLS certificate of the host is not valid for its name.' },
  SIGMA_E_PROBE_REDIRECT_FORBIDDEN: {
    status: 422,
    message: 'A redirect was refused: too many, a downgrade to http, off the allowed host, or to a target SIGMA does not connect to.',
  },
  SIGMA_E_PROBE_TIMEOUT: { status: 504, message: 'The host did not answer within the time limit.' },
  SIGMA_E_PROBE_TOO_LARGE: { status: 502, message: 'The response (headers or body) is larger than the limit; it was aborted.' },
  SIGMA_E_PROBE_PROTOCOL: { status: 502, message: 'The response is not valid HTTP.' },
  SIGMA_E_PROBE_SOURCE_UNREADABLE: { status: 502, message: 'The git source could not be read at its default branch.' },

  // Local certificate verification (used by @sigma/core, the CLI and the web page)
  SIGMA_E_VERIFY_SNAPSHOT_INVALID: { status: 422, message: 'The certificate snapshot is missing or malformed.' },
  SIGMA_E_VERIFY_SCHEME_UNSUPPORTED: { status: 422, message: 'The hash scheme is not supported.' },
  SIGMA_E_VERIFY_HASH_MISMATCH: {
    status: 422,
    message: 'The payload hash recomputed from the snapshot differs from the stated payload hash.',
  },
  SIGMA_E_VERIFY_SIGNATURE_INVALID: {
    status: 422,
    message: 'The signature does not recover to the stated issuer.',
  },
  SIGMA_E_VERIFY_ISSUER_MISMATCH: { status: 422, message: 'The issuer is not the trusted issuer.' },
  SIGMA_E_VERIFY_CERTIFICATE_ID_MISMATCH: { status: 422, message: 'The certificate id outside the snapshot is not the one signed inside it.' },
  SIGMA_E_VERIFY_CHAIN_PROOF_MISMATCH: {
    status: 422,
    message: 'The chain proof does not match the certificate: another registry key or another payload hash.',
  },
  SIGMA_E_VERIFY_EXPIRED: { status: 422, message: 'The certificate has expired.' },

  // Offline bundles and pins (the CLI's `certificate --bundle` and `pin`)
  SIGMA_E_BUNDLE_INVALID: { status: 422, message: 'The file is not a SIGMA certificate bundle (sigma.bundle.v1).' },
  SIGMA_E_PIN_LOCK_INVALID: { status: 422, message: 'The lock file is missing, not JSON, or not a sigma.lock.json (version 1).' },
  SIGMA_E_PIN_CONTENT_MISMATCH: { status: 422, message: 'The local files do not hash to what the pinned certificate certified.' },
  SIGMA_E_PIN_CERTIFICATE_NOT_VALID: {
    status: 409,
    message: 'The pinned certificate is not valid any more (suspended, revoked, superseded, expired or flagged).',
  },
  SIGMA_E_PIN_SERVICE_UNREACHABLE: { status: 503, message: 'The SIGMA service could not be asked for the live status.' },

  // Validators (agent plane)
  SIGMA_E_VALIDATOR_ALREADY_REGISTERED: { status: 409, message: 'This owner wallet already has a validator.' },
  SIGMA_E_VALIDATOR_SESSION_KEY_IN_USE: { status: 409, message: 'This session key belongs to another validator or owner.' },
  SIGMA_E_VALIDATOR_SESSION_PROOF_INVALID: {
    status: 422,
    message: 'The session-key signature over the registration message is invalid or stale.',
  },
  SIGMA_E_VALIDATOR_MODEL_UNAVAILABLE: {
    status: 422,
    message: 'The model is not in the model catalogue or its provider is not configured on this server.',
  },
  SIGMA_E_VALIDATOR_NOT_ELIGIBLE: { status: 409, message: 'The validator is not eligible; see details.reasons.' },

  // Panel seats and self-hosted commit–reveal
  SIGMA_E_SEAT_NOT_FOUND: { status: 404, message: 'No self-hosted seat with this id belongs to your validator.' },
  SIGMA_E_SEAT_CLOSED: { status: 409, message: 'The seat is no longer waiting for a verdict.' },
  SIGMA_E_COMMIT_EXISTS: { status: 409, message: 'A commitment for this seat was already recorded.' },
  SIGMA_E_COMMIT_LATE: { status: 409, message: 'The commit deadline has passed; the seat counts as a miss.' },
  SIGMA_E_REVEAL_NOT_COMMITTED: { status: 409, message: 'Nothing was committed for this seat.' },
  SIGMA_E_REVEAL_TOO_EARLY: { status: 409, message: 'Reveals are accepted only after the commit deadline.' },
  SIGMA_E_REVEAL_LATE: { status: 409, message: 'The reveal deadline has passed; the seat counts as a miss.' },
  SIGMA_E_REVEAL_MISMATCH: {
    status: 422,
    message: 'The revealed verdict and salt do not hash to the commitment; the seat counts as a miss.',
  },
  SIGMA_E_REVEAL_SIGNATURE_INVALID: {
    status: 422,
    message: "The reveal is not signed by the validator's session key; the seat counts as a miss.",
  },
  SIGMA_E_REVEAL_VERDICT_INVALID: {
    status: 422,
    message: 'The revealed verdict does not match the strict verdict schema; the seat counts as a miss.',
  },

  // Lifecycle (submissions, rounds, certificates: domain/lifecycle/transitions.ts)
  SIGMA_E_LIFECYCLE_ILLEGAL_TRANSITION: { status: 409, message: 'This change of status is not allowed by the lifecycle.' },

  // Model providers and the model catalogue
  SIGMA_E_MODEL_PROVIDER_UNKNOWN: { status: 404, message: 'No model provider with this name is configured.' },

  // Packages (*PACKAGES): dependency manifests, registries, the Package Trust Registry (docs/packages.md)
  SIGMA_E_PACKAGE_MANIFEST_INVALID: { status: 422, message: 'A dependency manifest or lockfile cannot be parsed.' },
  SIGMA_E_PACKAGE_SPEC_INVALID: { status: 422, message: 'A dependency line or package name is not valid.' },
  SIGMA_E_PACKAGE_SPEC_UNPINNED: {
    status: 422,
    message: 'A dependency is not pinned: `*`, `latest`, a dist-tag, a bare name or a range matching every version cannot be certified.',
  },
  SIGMA_E_PACKAGE_SPEC_VCS: { status: 422, message: 'A dependency comes from a version-control URL (git+, github:, -e); only registry packages are accepted.' },
  SIGMA_E_PACKAGE_SPEC_URL: { status: 422, message: 'A dependency is a direct URL to an archive; only registry packages are accepted.' },
  SIGMA_E_PACKAGE_SPEC_PATH: { status: 422, message: 'A dependency is a local path (file:, link:, ./dir); only registry packages are accepted.' },
  SIGMA_E_PACKAGE_SPEC_UNSUPPORTED: { status: 422, message: 'A manifest option or dependency form is not supported.' },
  SIGMA_E_PACKAGE_PRIVATE_REGISTRY: {
    status: 422,
    message: 'A manifest or lockfile points at a registry other than the configured official one.',
  },
  SIGMA_E_PACKAGE_LOCK_MISMATCH: { status: 422, message: 'The lockfile does not agree with the manifest.' },
  SIGMA_E_PACKAGE_NOT_FOUND: { status: 422, message: 'The registry has no package with this name.' },
  SIGMA_E_PACKAGE_VERSION_NOT_FOUND: {
    status: 422,
    message: 'The registry has no version (or no usable distribution) that satisfies the spec.',
  },
  SIGMA_E_PACKAGE_TOO_MANY: {
    status: 422,
    message: 'The dependency tree has more packages than the limit; it cannot be certified as a whole.',
  },
  SIGMA_E_PACKAGE_INTEGRITY_MISSING: { status: 502, message: 'The registry declares no usable digest (sha512/sha256) for the distribution.' },
  SIGMA_E_PACKAGE_DIGEST_MISMATCH: {
    status: 502,
    message: 'The downloaded distribution does not match the digest the registry (or the lockfile) declares.',
  },
  SIGMA_E_PACKAGE_FOREIGN_HOST: {
    status: 502,
    message: 'The registry pointed at another host (a tarball URL or a redirect); only the configured registry is contacted.',
  },
  SIGMA_E_PACKAGE_TOO_LARGE: { status: 413, message: 'A registry response or distribution is larger than the limit.' },
  SIGMA_E_PACKAGE_REGISTRY_UNAVAILABLE: { status: 502, message: 'The package registry could not be reached or timed out.' },
  SIGMA_E_PACKAGE_REGISTRY_INVALID: { status: 502, message: 'The package registry answered with something that is not a valid response.' },
  SIGMA_E_PACKAGE_ADVISORIES_INVALID: { status: 500, message: 'The advisory snapshot (OSV) cannot be read.' },

  // Process and configuration (not HTTP, but stable for logs and exit messages)
  SIGMA_E_CONFIG_INVALID: { status: 500, message: 'The configuration is invalid.' },
  SIGMA_E_DATA_DIR_LOCKED: {
    status: 500,
    message: 'Another SIGMA process owns this embedded data directory.',
  },
} as const satisfies Record<string, ErrorSpec>;
