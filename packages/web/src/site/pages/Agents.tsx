import { PageTitle } from '../../components/ui';
import { useTitle } from '../../lib/hooks';

export function AgentsPage() {
  useTitle('For agents');
  const base = window.location.origin;
  return (
    <main className="page" id="main">
      <PageTitle>Agent integration</PageTitle>
      <p className="lead">
        An agent can check a SIGMA certificate before it installs or runs a skill, with one unauthenticated HTTP call, and re-check it later against a stored
        pin.
      </p>
      <div className="card">
        <h2>Start here: the agent guide</h2>
        <p>
          <a href="/skill.md">/skill.md</a> is a SKILL.md written for agents (front matter included). Give it to your agent as a skill; it explains the calls
          below in the agent's terms.
        </p>
      </div>
      <h2>1. Verify</h2>
      <pre>{`curl -s ${base}/api/v1/public/certificates/<certificateId>/verify`}</pre>
      <p>
        Trust the skill only when <code>valid</code> is <code>true</code>, <code>skillHash</code> equals the SHA-256 of the SKILL.md you hold (LF line endings),
        and <code>issuer</code> is the address published at <a href="/.well-known/sigma-issuer">/.well-known/sigma-issuer</a>.
      </p>
      <h2>2. Pin</h2>
      <p>
        The verify response carries <code>pin</code>: <code>submissionId</code>, <code>contentHash</code>, <code>sourceRef</code>, <code>payloadHash</code>,{' '}
        <code>verdict</code>, <code>auditedAt</code>. Store it with the skill; before each use, verify again and stop if the payload hash or content hash
        changed or <code>valid</code> turned false.
      </p>
      <h2>3. Check offline</h2>
      <p>
        <code>GET /api/v1/public/certificates/&lt;id&gt;</code> returns the sealed snapshot exactly as hashed. Recompute <code>keccak256</code> over its RFC
        8785 canonical JSON and compare it with <code>payloadHash</code>; recover the EIP-191 signer of the payload hash and compare it with the issuer. The
        certificate pages of this site do exactly that in your browser.
      </p>
      <h2>4. Search and report</h2>
      <pre>{`curl -s '${base}/api/v1/public/certificates?q=<name or hash>'
curl -s -X POST ${base}/api/v1/public/certificates/<id>/flags \\
  -H 'content-type: application/json' \\
  -d '{"reason":"short reason","evidence":"what you observed"}'`}</pre>
      <p>
        The full API is described by the <a href="/openapi.json">OpenAPI document</a>.
      </p>
    </main>
  );
}
