import { Badge, ErrorMessage, Facts, Loading, Mono, PageTitle } from '../../components/ui';
import { formatDate } from '../../lib/format';
import { useApi, useTitle } from '../../lib/hooks';
import { Certified } from '../certificate/Certified';
import { CodeReview } from '../certificate/CodeReview';
import { FlagForm } from '../certificate/FlagForm';
import { LiveFacts } from '../certificate/LiveFacts';
import { Rounds } from '../certificate/Rounds';
import { VerificationPanel } from '../certificate/Verification';

/** A certificate, every field of SPEC §6, checked in the browser; its sections are in `site/certificate/`. */
export function CertificatePage({ id }: { id: string }) {
  const record = useApi('/api/v1/public/certificates/{id}', { path: { id } });
  const verify = useApi(record.data ? '/api/v1/public/certificates/{id}/verify' : null, { path: { id } });
  const issuer = useApi('/.well-known/sigma-issuer');
  const rec = record.data;
  const snap = rec?.snapshot;
  useTitle(snap ? `Certificate: ${snap.skillName ?? id}` : 'Certificate');

  if (record.loading) {
    return (
      <main className="page" id="main">
        <Loading what="the certificate" />
      </main>
    );
  }
  if (record.error || !rec || !snap) {
    return (
      <main className="page" id="main">
        <PageTitle>Certificate {id}</PageTitle>
        <ErrorMessage error={record.error ?? new Error('No certificate data.')} title="Could not load this certificate" />
      </main>
    );
  }
  const v = verify.data;
  return (
    <main className="page" id="main">
      <PageTitle>
        {snap.skillName ?? '(unnamed skill)'} {snap.skillVersion && <span className="muted">v{snap.skillVersion}</span>}
      </PageTitle>
      <div className="actions">
        <Badge value={rec.live.status} />
        <Badge value={snap.review.securityLevel} />
        <span>{snap.productType}</span>
        <span className="muted">certificate {rec.certificateId}</span>
      </div>
      {snap.manifest.description && <p className="lead">{snap.manifest.description}</p>}
      <ErrorMessage error={verify.error} title="Live verification failed" />

      <VerificationPanel record={rec} verify={v} issuer={issuer.data?.address ?? null} />

      <section className="card" aria-labelledby="status">
        <h2 id="status">Status and validity</h2>
        <Facts
          items={[
            ['Status', <Badge key="s" value={rec.live.status} />],
            ['Valid now', v ? (v.valid ? 'yes' : `no — ${v.invalidReasons.join('; ')}`) : '…'],
            ['Issued', formatDate(snap.certificateIssuedAt)],
            ['Expires', formatDate(snap.expiresAt)],
            ['Open flags', String(v?.activeFlagCount ?? rec.live.activeFlagCount)],
            ['Views', String(v?.views ?? rec.live.views)],
            ['Version', snap.skillVersion ?? '—'],
            ['Security level', snap.review.securityLevel],
            ['Sandbox risk', <Badge key="r" value={snap.review.sandboxRiskLevel} />],
            ['Analysed at', formatDate(snap.review.sandboxAnalyzedAt)],
            ['Engine version', <Mono key="e">{snap.engineVersion}</Mono>],
            ['Policy version', <Mono key="p">{snap.policyVersion}</Mono>],
          ]}
        />
        {v?.apiDisclaimer && <div className="alert alert-warn">{v.apiDisclaimer}</div>}
        <FlagForm id={rec.certificateId} onFiled={verify.reload} />
      </section>

      <LiveFacts rec={rec} />

      <Certified snap={snap} />

      {snap.codeReview && <CodeReview review={snap.codeReview} />}

      <section className="card" aria-labelledby="notes">
        <h2 id="notes">Developer notes</h2>
        <p className="muted">The developer's own claim, shown to validators as something to check — not a finding.</p>
        {snap.devNotes ? <div className="user-text">{snap.devNotes}</div> : <p>None.</p>}
      </section>

      <Rounds rec={rec} />

      {v && (
        <section className="card" aria-labelledby="pin">
          <h2 id="pin">Pin for agents</h2>
          <p>Store this with the skill and compare it with a fresh verify before each use.</p>
          <pre>{JSON.stringify(v.pin, null, 2)}</pre>
        </section>
      )}

      <section className="card" aria-labelledby="snapshot">
        <h2 id="snapshot">Sealed snapshot</h2>
        <details>
          <summary>Show the snapshot exactly as hashed (JSON)</summary>
          <pre>{JSON.stringify(snap, null, 2)}</pre>
        </details>
      </section>
    </main>
  );
}
