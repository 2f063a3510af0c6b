import { PageTitle } from '../../components/ui';
import { useTitle } from '../../lib/hooks';
import { Link } from '../../lib/router';
import { Books } from '../payments/Books';
import { CreditGrant } from '../payments/CreditGrant';
import { MethodSwitches } from '../payments/Methods';
import { Overrides } from '../payments/Overrides';
import { Vouchers } from '../payments/Vouchers';
import { Wallets } from '../payments/Wallets';

/** Payments: the books, method switches, free routes and grants, each section in `console/payments/`. */
export function PaymentsPage() {
  useTitle('Payments');
  return (
    <main className="page" id="main">
      <PageTitle>Payments</PageTitle>
      <p>
        Methods, free routes and grants; prices are on the <Link to="/console/pricing">pricing catalogue</Link>. Every change is in the audit log.
      </p>
      <Books />
      <MethodSwitches />
      <Vouchers />
      <Wallets />
      <Overrides />
      <CreditGrant />
    </main>
  );
}
