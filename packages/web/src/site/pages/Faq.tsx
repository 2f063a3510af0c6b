import type { ReactNode } from 'react';
import { PageTitle } from '../../components/ui';
import { useTitle } from '../../lib/hooks';
import { Link } from '../../lib/router';

const QA: Array<[string, ReactNode]> = [
  [
    'What does a SIGMA certificate say?',
    'That a specific version of a skill — bound by the SHA-256 of its SKILL.md and a keccak256 payload hash over the whole sealed record — was analysed by the evidence engine and reviewed by a council of validators, and what they found. It is not a promise that remote services the skill calls will behave the same tomorrow.',
  ],
  [
    'How is a skill reviewed?',
    'Deterministic evidence first (front matter and manifest, hidden Unicode, instruction overrides, fetch-then-execute chains, credential access, secrets, declared versus observed hosts). A blocking finding rejects before any validator is paid. Then two phases of independent validators with different emphases return verdicts; a written consensus policy merges them with the evidence; disagreements go to a larger escalation assembly and, if still unresolved, to an operator who must give a reason.',
  ],
  [
    'Can I check a certificate without trusting this website?',
    <>
      Yes. The snapshot is returned exactly as hashed; recompute the payload hash (keccak256 over RFC 8785 canonical JSON) and recover the signer of the EIP-191
      signature. The CLI does it with <code>sigma certificate &lt;id&gt; --verify</code>, and the certificate pages do it in your browser.
    </>,
  ],
  [
    'What makes a certificate invalid?',
    'A status other than APPROVED (suspended after an upheld flag, revoked, expired, superseded by a newer version), an escalated flag that is still open, expiry, or a stored snapshot that no longer hashes to its payload hash.',
  ],
  [
    'I think a certified skill is unsafe. What do I do?',
    <>Open its certificate page and use “Flag this certificate”. Operators triage every flag; an upheld flag suspends the certificate.</>,
  ],
  [
    'How do I sign in as a developer?',
    <>
      With your email: <Link to="/login">request a one-time code</Link>, enter it, and you are in. For the CLI, create an API key in the dashboard.
    </>,
  ],
  [
    'Are my developer notes trusted?',
    'No. Notes are shown to validators as a claim to check, never as a fact, and appear on the certificate as what you said.',
  ],
  [
    'Can I run SIGMA myself?',
    'Yes: it is open and self-hostable. `npm start` brings up the API, workers, this site and the operator console on an embedded database with offline reviewers.',
  ],
];

export function FaqPage() {
  useTitle('FAQ');
  return (
    <main className="page" id="main">
      <PageTitle>Frequently asked questions</PageTitle>
      {QA.map(([q, a]) => (
        <section key={q} className="card">
          <h2>{q}</h2>
          <p>{a}</p>
        </section>
      ))}
    </main>
  );
}
