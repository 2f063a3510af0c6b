import type { Get } from '../../lib/api';

/** `GET /api/v1/public/certificates/{id}`: the sealed snapshot, its hash and signature, live status and rounds. */
export type CertificateRecord = Get<'/api/v1/public/certificates/{id}'>;
export type Snapshot = CertificateRecord['snapshot'];
/** `GET /api/v1/public/certificates/{id}/verify`: validity now, with reasons, and the pin for agents. */
export type VerifyResponse = Get<'/api/v1/public/certificates/{id}/verify'>;
