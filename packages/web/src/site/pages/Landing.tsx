import { useState } from 'react';
import { TextField } from '../../components/Form';
import { ErrorMessage, Loading } from '../../components/ui';
import { useApi, useTitle } from '../../lib/hooks';
import { Link, navigate } from '../../lib/router';

export function LandingPage() {
  useTitle('Verification for AI-agent skills');
  const stats = useApi('/api/v1/public/stats');
  const [q, setQ] = useState('');
  const s = stats.data;
  return (
    <main className="page" id="main">
      <section className="hero">
        <h1 tabIndex={-1}>Know what an AI-agent skill does before your agent runs it</h1>
        <p className="lead">
          Developers submit skills. SIGMA gathers deterministic evidence, convenes a two-phase council of independent validators, and seals a certificate bound
          to the exact bytes reviewed. Anyone — person or agent — can check it, no account needed.
        </p>
      </section>

      <section aria-labelledby="live-numbers">
        <h2 id="live-numbers">Live numbers</h2>
        {stats.loading && <Loading what="live numbers" />}
        <ErrorMessage error={stats.error} title="Could not load the live numbers" />
        {s && (
          <div className="grid">
            <div className="stat">
              <span className="num">{s.certificatesIssued}</span>
              <span className="what">certificates issued</span>
            </div>
            <div className="stat">
              <span className="num">{s.findingsAboveMedium}</span>
              <span className="what">findings above medium severity caught</span>
            </div>
            <div className="stat">
              <span className="num">{s.activeValidators}</span>
              <span className="what">active validators</span>
            </div>
            <div className="stat">
              <span className="num">{s.startingPriceUsd === null ? 'Quoted' : `$${s.startingPriceUsd}`}</span>
              <span className="what">
                {s.startingPriceUsd === null ? 'each review is priced by an itemised quote before you pay' : 'starting price per review'}
              </span>
            </div>
          </div>
        )}
      </section>

      <section aria-labelledby="find">
        <h2 id="find">Check a certificate</h2>
        <form
          role="search"
          className="search-row"
          onSubmit={(e) => {
            e.preventDefault();
            navigate(`/certificates?q=${encodeURIComponent(q.trim())}`);
          }}
        >
          <TextField label="Skill name, certificate id or payload hash" type="search" value={q} onChange={setQ} placeholder="e.g. unit-converter" />
          <button type="submit">Search</button>
        </form>
      </section>

      <section className="two-col" aria-label="Where to go next">
        <div className="card">
          <h2>Developers</h2>
          <p>Sign in with your email, run a free dry-run of your skill, submit it, and follow the council live.</p>
          <Link to="/dashboard" className="button">
            Open the dashboard
          </Link>
        </div>
        <div className="card">
          <h2>Agents</h2>
          <p>
            Load <a href="/skill.md">skill.md</a> to learn the verify call, the pin to store, and the issuer to trust.
          </p>
          <Link to="/agents" className="button secondary">
            Agent integration
          </Link>
        </div>
      </section>
    </main>
  );
}
