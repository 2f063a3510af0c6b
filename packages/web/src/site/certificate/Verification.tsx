import { verifyCertificate, type VerifyResult } from '@sigma/core';
import { useEffect, useState } from 'react';
import { Facts, Mono, Progress } from '../../components/ui';
import type { CertificateRecord, VerifyResponse } from './types';

/** Recompute the payload hash and check the signature in this browser, with @sigma/core. */
function useBrowserVerification(record: CertificateRecord | null, trustedIssuer: string | null) {
  const [result, setResult] = useState<VerifyResult | null>(null);
  useEffect(() => {
    if (!record) return;
    let live = true;
    setResult(null);
    void verifyCertificate(
      { snapshot: record.snapshot, payloadHash: record.payloadHash, hashScheme: record.hashScheme, signature: record.signature, issuer: record.issuer },
      trustedIssuer ? { trustedIssuer } : {},
    ).then((r) => live && setResult(r));
    return () => {
      live = false;
    };
  }, [record, trustedIssuer]);
  return result;
}

export function VerificationPanel({ record, verify, issuer }: { record: CertificateRecord; verify: VerifyResponse | null; issuer: string | null }) {
  const result = useBrowserVerification(record, issuer);
  const hashCheck = result?.checks.find((c) => c.name === 'payloadHash');
  return (
    <section className="card" aria-labelledby="verification">
      <h2 id="verification">Verification</h2>
      {verify && (
        <p className={verify.valid ? 'verify-ok' : 'verify-bad'} data-testid="validity">
          {verify.valid ? '✔' : '✘'} {verify.summary}
        </p>
      )}
      {verify && !verify.valid && verify.invalidReasons.length > 0 && (
        <ul>
          {verify.invalidReasons.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      )}
      <h3>Checked in your browser</h3>
      {!result && <Progress label="Recomputing the payload hash in your browser…" />}
      {result && (
        <>
          <p className={hashCheck?.ok ? 'verify-ok' : 'verify-bad'} data-testid="payload-hash-check" role="status">
            {hashCheck?.ok ? '✔ payload hash matches' : '✘ payload hash does not match'}
          </p>
          <ul className="checks" aria-label="Verification checks">
            {result.checks.map((c) => (
              <li key={c.name}>
                {c.ok ? '✔' : '✘'} <strong>{c.name}</strong>: <span className="mono">{c.detail}</span>
              </li>
            ))}
          </ul>
          <p className="muted">
            keccak256 over the RFC 8785 canonical JSON of the snapshot below, recomputed by <code>@sigma/core</code> in this page; the signature is recovered
            locally and compared with the issuer published at <a href="/.well-known/sigma-issuer">/.well-known/sigma-issuer</a>.
          </p>
        </>
      )}
      <Facts
        items={[
          ['Payload hash', <Mono key="h">{record.payloadHash}</Mono>],
          ['Hash scheme', <Mono key="s">{record.hashScheme}</Mono>],
          ['Recomputed here', <Mono key="r">{result?.recomputedPayloadHash ?? '…'}</Mono>],
          ['Issuer', <Mono key="i">{record.issuer}</Mono>],
          ['Signature', <Mono key="sig">{record.signature}</Mono>],
        ]}
      />
    </section>
  );
}
