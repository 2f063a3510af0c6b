import type { ReactNode } from 'react';
import { ErrorBoundary } from '../components/ErrorBoundary';
import { PageTitle } from '../components/ui';
import { Link, Routes, useLocation } from '../lib/router';
import { AgentsPage } from './pages/Agents';
import { CertificatePage } from './pages/Certificate';
import { DashboardPage } from './pages/Dashboard';
import { FaqPage } from './pages/Faq';
import { KeysPage } from './pages/Keys';
import { LandingPage } from './pages/Landing';
import { LoginPage } from './pages/Login';
import { OutboxPage } from './pages/Outbox';
import { SearchPage } from './pages/Search';
import { StudioPage } from './pages/Studio';
import { SubmissionPage } from './pages/Submission';
import { CreditsPage } from './pages/Credits';

function Header() {
  const nav: Array<[string, string]> = [
    ['/certificates', 'Certificates'],
    ['/agents', 'For agents'],
    ['/faq', 'FAQ'],
    ['/dashboard', 'Dashboard'],
  ];
  return (
    <header className="site-header">
      <div className="inner">
        <Link to="/" className="brand">
          Σ SIGMA
        </Link>
        <nav aria-label="Main">
          <ul>
            {nav.map(([to, label]) => (
              <li key={to}>
                <Link to={to}>{label}</Link>
              </li>
            ))}
          </ul>
        </nav>
      </div>
    </header>
  );
}

export function NotFound() {
  return (
    <main className="page" id="main">
      <PageTitle>Page not found</PageTitle>
      <p>
        There is no page here. <Link to="/">Go to the home page</Link> or <Link to="/certificates">search certificates</Link>.
      </p>
    </main>
  );
}

export function SiteApp() {
  const { pathname } = useLocation();
  const page = (node: ReactNode) => (
    // A new boundary per path: an error on one page does not stick to the next.
    <ErrorBoundary key={pathname}>{node}</ErrorBoundary>
  );
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <Header />
      <Routes
        routes={[
          { path: '/', render: () => page(<LandingPage />) },
          { path: '/certificates', render: () => page(<SearchPage />) },
          { path: '/certificate/:id', render: (p) => page(<CertificatePage id={p.id!} />) },
          // Older feeds and mails linked the plural form.
          { path: '/certificates/:id', render: (p) => page(<CertificatePage id={p.id!} />) },
          { path: '/agents', render: () => page(<AgentsPage />) },
          { path: '/faq', render: () => page(<FaqPage />) },
          { path: '/login', render: () => page(<LoginPage />) },
          { path: '/dev/outbox', render: () => page(<OutboxPage />) },
          { path: '/dashboard', render: () => page(<DashboardPage />) },
          { path: '/dashboard/new', render: () => page(<StudioPage />) },
          { path: '/dashboard/submissions/:id', render: (p) => page(<SubmissionPage id={p.id!} />) },
          { path: '/dashboard/keys', render: () => page(<KeysPage />) },
          { path: '/dashboard/credits', render: () => page(<CreditsPage />) },
        ]}
        fallback={<NotFound />}
      />
      <footer className="site-footer">
        <p>
          SIGMA — open verification and certificates for AI-agent skills. <a href="/skill.md">Agent guide (skill.md)</a> · <a href="/openapi.json">OpenAPI</a> ·{' '}
          <a href="/.well-known/sigma-issuer">Issuer address</a> · <a href="/console">Operator console</a>
        </p>
      </footer>
    </>
  );
}
