import { verifyCertificate, type CertificateRecord, type VerifyResponse, type VerifyResult } from '@sigma/core';
import { useEffect, useState } from 'react';
import { Badge, ErrorMessage, Facts, Field, Loading, Mono, PageTitle, Progress, TableWrap } from '../../components/ui';
import { api } from '../../lib/api';
import { bySeverity, formatDate, groupBy, phaseName } from '../../lib/format';
import { useApi, useTitle } from '../../lib/hooks';

type Snapshot = CertificateRecord['snapshot'];

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

function VerificationPanel({ record, verify, issuer }: { record: CertificateRecord; verify: VerifyResponse | null; issuer: string | null }) {
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

function FlagForm({ id, onFiled }: { id: string; onFiled: () => void }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [evidence, setEvidence] = useState('');
  const [contact, setContact] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  if (!open) {
    return (
      <button type="button" className="secondary" onClick={() => setOpen(true)}>
        Flag this certificate
      </button>
    );
  }
  return (
    <form
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        try {
          const r = await api<{ flagId: string }>(`/api/v1/public/certificates/${id}/flags`, {
            body: { reason, evidence, ...(contact.trim() ? { contact } : {}) },
          });
          setDone(r.flagId);
          onFiled();
        } catch (err) {
          setError(err);
        } finally {
          setBusy(false);
        }
      }}
    >
      <h3>Flag this certificate</h3>
      <Field label="Reason" hint="A few words: what is wrong?">
        {(p) => <input {...p} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={200} required />}
      </Field>
      <Field label="Evidence" hint="What you observed; at least 10 characters.">
        {(p) => <textarea {...p} value={evidence} onChange={(e) => setEvidence(e.target.value)} maxLength={4000} required />}
      </Field>
      <Field label="Contact (optional)" hint="Seen by operators only.">
        {(p) => <input {...p} value={contact} onChange={(e) => setContact(e.target.value)} maxLength={200} />}
      </Field>
      <ErrorMessage error={error} title="The flag was not filed" />
      {done && (
        <div className="alert alert-ok" role="status">
          Thank you: flag {done} is open for operators to triage.
        </div>
      )}
      <div className="actions">
        <button type="submit" disabled={busy || !!done}>
          {busy ? 'Filing…' : 'File the flag'}
        </button>
        <button type="button" className="secondary" onClick={() => setOpen(false)}>
          Close
        </button>
      </div>
    </form>
  );
}

function Findings({ title, items }: { title: string; items: Snapshot['review']['retainedWarnings'] }) {
  if (items.length === 0) return <p>{title}: none.</p>;
  return (
    <TableWrap label={title}>
      <table>
        <caption className="muted">{title}</caption>
        <thead>
          <tr>
            <th scope="col">Severity</th>
            <th scope="col">Rule</th>
            <th scope="col">Title</th>
            <th scope="col">Where</th>
          </tr>
        </thead>
        <tbody>
          {bySeverity(items).map((f, i) => (
            <tr key={`${f.ruleId}-${i}`}>
              <td>
                <Badge value={f.severity} />
              </td>
              <td className="mono">{f.ruleId}</td>
              <td className="wrap">{f.title}</td>
              <td className="mono">{f.file ? `${f.file}${f.line ? `:${f.line}` : ''}` : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

function Verdicts({ verdicts }: { verdicts: Snapshot['verdicts'] }) {
  return (
    <>
      {groupBy(verdicts, (v) => v.phase).map((g) => (
        <section key={g.key} aria-labelledby={`phase-${g.key}`}>
          <h3 id={`phase-${g.key}`}>
            {phaseName(g.key)} ({g.items.length} validator{g.items.length === 1 ? '' : 's'})
          </h3>
          {g.items.map((v, i) => (
            <article key={`${v.sessionAddress}-${i}`} className={`verdict ${v.verdict === 'SAFE' ? 'safe' : v.verdict === 'UNSAFE' ? 'unsafe' : ''}`}>
              <div className="actions">
                <Badge value={v.verdict ?? v.status} />
                {v.blocking && <Badge value="BLOCKING" />}
                <span>
                  severity <Badge value={v.severity} />
                </span>
                <span>
                  model family <strong>{v.modelFamily}</strong>
                </span>
              </div>
              <Facts
                items={[
                  ['Validator (owner)', <Mono key="o">{v.ownerAddress}</Mono>],
                  ['Session key', <Mono key="s">{v.sessionAddress}</Mono>],
                  ['Seat', v.status],
                  ['Blocking', v.blocking ? 'yes' : 'no'],
                ]}
              />
              <p className="rationale">{v.rationale}</p>
            </article>
          ))}
        </section>
      ))}
    </>
  );
}

export function CertificatePage({ id }: { id: string }) {
  const record = useApi<CertificateRecord>(`/api/v1/public/certificates/${encodeURIComponent(id)}`);
  const [verifyTick, setVerifyTick] = useState(0);
  const verify = useApi<VerifyResponse>(record.data ? `/api/v1/public/certificates/${encodeURIComponent(id)}/verify?t=${verifyTick}` : null);
  const issuer = useApi<{ address: string }>('/.well-known/sigma-issuer');
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
  const m = snap.manifest;
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
      {m.description && <p className="lead">{m.description}</p>}
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
        <FlagForm id={rec.certificateId} onFiled={() => setVerifyTick((n) => n + 1)} />
      </section>

      <section className="card" aria-labelledby="live">
        <h2 id="live">Endpoint validation, monitoring and site proof</h2>
        <Facts
          items={[
            [
              'Endpoint validation',
              snap.endpointReview ? (
                <span key="e">
                  <Badge value={snap.endpointReview.endpointStatus} /> {snap.endpointReview.analysisMode}, {snap.endpointReview.declaredEndpoints.length}{' '}
                  declared endpoint(s){snap.endpointReview.approvalBlocked ? ', approval blocked' : ''}
                </span>
              ) : (
                'Not applicable: this certificate covers no HTTP endpoints.'
              ),
            ],
            ['Monitoring', rec.live.monitoring ? <Mono key="m">{JSON.stringify(rec.live.monitoring)}</Mono> : 'No scheduled monitoring for this certificate.'],
            [
              'Site proof',
              rec.live.siteProof ? <Mono key="sp">{JSON.stringify(rec.live.siteProof)}</Mono> : 'No homepage has been proven for this certificate.',
            ],
            [
              'On chain',
              rec.onChain.committed ? (
                <span key="oc">
                  committed on {rec.onChain.network} (chain {rec.onChain.chainId}), block {rec.onChain.blockNumber}
                  {rec.onChain.explorerUrl ? (
                    <>
                      {' '}
                      —{' '}
                      <a href={rec.onChain.explorerUrl} rel="noopener noreferrer" target="_blank">
                        view transaction
                      </a>
                    </>
                  ) : (
                    <>
                      {' '}
                      — tx <Mono>{rec.onChain.txHash}</Mono>
                    </>
                  )}
                </span>
              ) : (
                (rec.onChain.note ?? 'Not committed.')
              ),
            ],
            ['Registry', rec.onChain.registryAddress ? <Mono key="ra">{rec.onChain.registryAddress}</Mono> : '—'],
          ]}
        />
      </section>

      <section className="card" aria-labelledby="what">
        <h2 id="what">What was certified</h2>
        <Facts
          items={[
            ['Product type', snap.productType],
            ['Source', `${snap.source.sourceType}${snap.source.sourceUrl ? ` ${snap.source.sourceUrl}` : ''}`],
            ['Source ref', snap.source.sourceRef ? <Mono key="sr">{snap.source.sourceRef}</Mono> : '—'],
            ['Entry point', snap.source.entry ?? '—'],
            ['skillHash (SHA-256 of SKILL.md, LF)', snap.skillHash ? <Mono key="sh">{snap.skillHash}</Mono> : '—'],
            ['codeHash', snap.codeHash ? <Mono key="ch">{snap.codeHash}</Mono> : '—'],
            ['Network', m.safety.network],
            ['File system', m.safety.filesystem],
            ['Capabilities', m.capabilities.length ? m.capabilities.join(', ') : 'none declared'],
            ['Hosts in the text', m.hosts.length ? m.hosts.join(', ') : 'none'],
            ['Packages', snap.packages.length ? String(snap.packages.length) : 'none'],
          ]}
        />
        {m.externalCalls.length > 0 && (
          <TableWrap label="Declared external calls">
            <table>
              <caption className="muted">Declared external calls</caption>
              <thead>
                <tr>
                  <th scope="col">Method</th>
                  <th scope="col">URL</th>
                  <th scope="col">Auth</th>
                  <th scope="col">Reason</th>
                </tr>
              </thead>
              <tbody>
                {m.externalCalls.map((c, i) => (
                  <tr key={i}>
                    <td>{c.method}</td>
                    <td className="mono">{c.url}</td>
                    <td>{c.auth}</td>
                    <td className="wrap">{c.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
        <Findings title="Retained warnings" items={snap.review.retainedWarnings} />
        <Findings title="Retained errors" items={snap.review.retainedErrors} />
      </section>

      <section className="card" aria-labelledby="notes">
        <h2 id="notes">Developer notes</h2>
        <p className="muted">The developer's own claim, shown to validators as something to check — not a finding.</p>
        {snap.devNotes ? <div className="user-text">{snap.devNotes}</div> : <p>None.</p>}
      </section>

      <section className="card" aria-labelledby="rounds">
        <h2 id="rounds">Audit rounds</h2>
        <Facts
          items={[
            ['Round', `${snap.round.roundType} #${snap.round.roundNumber}`],
            ['Triggered by', snap.round.triggerSource],
            ['Outcome', <Badge key="o" value={snap.round.outcome} />],
            ['Decided by', snap.round.decidedBy],
          ]}
        />
        {rec.rounds.map((r) => (
          <div key={r.roundId}>
            <h3>
              Round {r.roundNumber}: {r.roundType} <Badge value={r.outcome} />
            </h3>
            <p className="muted">
              Opened {formatDate(r.openedAt)}, closed {formatDate(r.closedAt)}. Seed <span className="mono">{r.seed}</span>.
            </p>
            {r.outcomeReasons.length > 0 && (
              <ul>
                {r.outcomeReasons.map((x, i) => (
                  <li key={i}>{x}</li>
                ))}
              </ul>
            )}
            {r.diversityNotes.map((x, i) => (
              <p key={i} className="muted">
                {x}
              </p>
            ))}
          </div>
        ))}
        <h3>Council verdicts (sealed in the certificate)</h3>
        <Verdicts verdicts={snap.verdicts} />
      </section>

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
