import { useEffect, type ReactNode } from 'react';
import { ErrorMessage, Loading } from '../components/ui';
import { ApiError, api, type Get } from '../lib/api';
import { useApi } from '../lib/hooks';
import { Link, navigate, useLocation } from '../lib/router';

/** The signed-in developer (`GET /api/v1/dev/me`). */
export type Me = Get<'/api/v1/dev/me'>;

/** Dashboard pages: the signed-in developer, or a redirect to /login?next=… */
export function RequireDeveloper({ children }: { children: (me: Me) => ReactNode }) {
  const me = useApi('/api/v1/dev/me');
  const { pathname, search } = useLocation();
  const unauthenticated = me.error instanceof ApiError && me.error.status === 401;
  useEffect(() => {
    if (unauthenticated) navigate(`/login?next=${encodeURIComponent(pathname + search)}`, { replace: true });
  }, [unauthenticated, pathname, search]);
  if (me.loading || unauthenticated) {
    return (
      <main className="page" id="main">
        <Loading what="your account" />
      </main>
    );
  }
  if (me.error || !me.data) {
    return (
      <main className="page" id="main">
        <ErrorMessage error={me.error} title="Could not load your account" />
      </main>
    );
  }
  return <>{children(me.data)}</>;
}

export async function signOut(): Promise<void> {
  await api.post('/api/v1/dev/auth/logout').catch(() => undefined);
  navigate('/login');
}

/** The dashboard's own navigation, under the site header. */
export function DashboardNav({ me }: { me: Me }) {
  const items: Array<[string, string]> = [
    ['/dashboard', 'Submissions'],
    ['/dashboard/new', 'New submission'],
    ['/dashboard/keys', 'API keys'],
    ['/dashboard/credits', 'Credits'],
  ];
  return (
    <nav aria-label="Dashboard" className="card">
      <div className="actions">
        {items.map(([to, label]) => (
          <Link key={to} to={to}>
            {label}
          </Link>
        ))}
        <span className="muted">
          Signed in as <strong>{me.email}</strong>
        </span>
        <button type="button" className="secondary" onClick={() => void signOut()}>
          Sign out
        </button>
      </div>
    </nav>
  );
}
