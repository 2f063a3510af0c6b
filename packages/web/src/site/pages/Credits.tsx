import { PageTitle, Waiting } from '../../components/ui';
import { useTitle } from '../../lib/hooks';
import { DashboardNav, RequireDeveloper } from '../session';

export function CreditsPage() {
  useTitle('Credits');
  return (
    <RequireDeveloper>
      {(me) => (
        <main className="page" id="main">
          <PageTitle>Credits</PageTitle>
          <DashboardNav me={me} />
          <Waiting what="Credits (balance, top-ups, ledger)" api="GET /api/v1/dev/credits (payments work)" />
          <p>Until payments arrive, submissions on this deployment are free.</p>
        </main>
      )}
    </RequireDeveloper>
  );
}
