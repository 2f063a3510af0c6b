import { useEffect, type ReactNode } from 'react';
import { ErrorBoundary } from '../components/ErrorBoundary';
import { ErrorMessage, Loading, PageTitle, Waiting } from '../components/ui';
import { ApiError, api, type Get } from '../lib/api';
import { useApi, useTitle } from '../lib/hooks';
import { Link, navigate, Routes, useLocation } from '../lib/router';
import { AuditPage } from './pages/Audit';
import { FeatureFlagsPage } from './pages/FeatureFlags';
import { FlagsPage } from './pages/Flags';
import { LoginPage } from './pages/Login';
import { PaymentsPage } from './pages/Payments';
import { PricingPage } from './pages/Pricing';
import { QueuePage } from './pages/Queue';
import { ReviewPage } from './pages/Review';
import { UsagePage } from './pages/Usage';
import { ValidatorPage } from './pages/Validator';
import { ValidatorsPage } from './pages/Validators';

export type Operator = Get<'/api/v1/operator/me'>;

const NAV: Array<[string, string]> = [
  ['/console', 'Queue'],
  ['/console/flags', 'Flags'],
  ['/console/validators', 'Validators'],
  ['/console/pricing', 'Pricing'],
  ['/console/payments', 'Payments'],
  ['/console/usage', 'LLM usage'],
  ['/console/plugins', 'Plugins'],
  ['/console/feature-flags', 'Feature flags'],
  ['/console/audit', 'Audit log'],
];

function Header({ op }: { op: Operator | null }) {
  return (
    <header className="site-header">
      <div className="inner">
        <Link to="/console" className="brand">
          Σ SIGMA <span className="console-tag">operator console</span>
        </Link>
        {op && op.stage === 'full' && (
          <nav aria-label="Console">
            <ul>
              {NAV.map(([to, label]) => (
                <li key={to}>
                  <Link to={to}>{label}</Link>
                </li>
              ))}
              <li>
                <a
                  href="/console/login"
                  onClick={async (e) => {
                    e.preventDefault();
                    await api.post('/api/v1/operator/auth/logout').catch(() => undefined);
                    navigate('/console/login');
                  }}
                >
                  Sign out ({op.email})
                </a>
              </li>
            </ul>
          </nav>
        )}
      </div>
    </header>
  );
}

function WaitingPage({ title, what, apiName }: { title: string; what: string; apiName: string }) {
  useTitle(title);
  return (
    <main className="page" id="main">
      <PageTitle>{title}</PageTitle>
      <Waiting what={what} api={apiName} />
    </main>
  );
}

function Authenticated({ children }: { children: (op: Operator) => ReactNode }) {
  const me = useApi('/api/v1/operator/me');
  const needsLogin = (me.error instanceof ApiError && me.error.status === 401) || me.data?.stage === 'enroll';
  useEffect(() => {
    if (needsLogin) navigate('/console/login', { replace: true });
  }, [needsLogin]);
  if (me.loading || needsLogin) {
    return (
      <>
        <Header op={null} />
        <main className="page" id="main">
          <Loading what="your operator session" />
        </main>
      </>
    );
  }
  if (!me.data) {
    return (
      <>
        <Header op={null} />
        <main className="page" id="main">
          <ErrorMessage error={me.error} title="Could not load your operator session" />
        </main>
      </>
    );
  }
  return (
    <>
      <Header op={me.data} />
      {children(me.data)}
    </>
  );
}

export function ConsoleApp() {
  const { pathname } = useLocation();
  const page = (node: ReactNode) => <ErrorBoundary key={pathname}>{node}</ErrorBoundary>;
  if (pathname === '/console/login') {
    return (
      <>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <Header op={null} />
        {page(<LoginPage />)}
      </>
    );
  }
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <Authenticated>
        {(op) => (
          <Routes
            routes={[
              { path: '/console', render: () => page(<QueuePage />) },
              { path: '/console/submissions/:id', render: (p) => page(<ReviewPage id={p.id!} />) },
              { path: '/console/flags', render: () => page(<FlagsPage />) },
              { path: '/console/validators', render: () => page(<ValidatorsPage />) },
              { path: '/console/validators/:id', render: (p) => page(<ValidatorPage id={p.id!} />) },
              { path: '/console/pricing', render: () => page(<PricingPage />) },
              { path: '/console/payments', render: () => page(<PaymentsPage />) },
              { path: '/console/usage', render: () => page(<UsagePage />) },
              { path: '/console/feature-flags', render: () => page(<FeatureFlagsPage />) },
              { path: '/console/audit', render: () => page(<AuditPage />) },
              {
                path: '/console/plugins',
                render: () =>
                  page(
                    <WaitingPage
                      title="Plugins"
                      what="Plugin administration (screening results, scores and overrides, listings)"
                      apiName="GET /api/v1/operator/plugins (plugins work)"
                    />,
                  ),
              },
            ]}
            fallback={
              <main className="page" id="main">
                <PageTitle>Not found</PageTitle>
                <p>
                  No console page here, {op.email}. <Link to="/console">Back to the queue</Link>.
                </p>
              </main>
            }
          />
        )}
      </Authenticated>
    </>
  );
}
