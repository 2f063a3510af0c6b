import { useState } from 'react';
import { ErrorMessage, Loading, PageTitle } from '../../components/ui';
import { useApi, useTitle } from '../../lib/hooks';
import { loadedAs } from '../../lib/open-responses';
import type { Catalogue } from '../lib/pricing';
import { Campaigns } from '../pricing/Campaigns';
import { Categories } from '../pricing/Categories';
import { PackageFee } from '../pricing/PackageFee';
import { Rules } from '../pricing/Rules';

/** The pricing catalogue: categories, rules, the package fee and campaigns, each section in `console/pricing/`. */
export function PricingPage() {
  useTitle('Pricing catalogue');
  const [all, setAll] = useState(false);
  // The document leaves this answer open; its shape is in lib/open-responses.ts.
  const cat = loadedAs<Catalogue>(useApi('/api/v1/operator/pricing/catalogue', { query: { all: all ? 'true' : 'false' } }));
  return (
    <main className="page" id="main">
      <PageTitle>Pricing catalogue</PageTitle>
      <p>Prices are in credits (1 USDC = 100 credits). Every quote is priced from these entries and explains itself; every change is in the audit log.</p>
      <label className="checkbox">
        <input type="checkbox" checked={all} onChange={(e) => setAll(e.target.checked)} /> Show retired entries too
      </label>
      {cat.loading && !cat.data && <Loading what="the catalogue" />}
      <ErrorMessage error={cat.error} title="Could not load the catalogue" />
      {cat.data && (
        <>
          <Categories cat={cat.data} reload={cat.reload} />
          <Rules cat={cat.data} reload={cat.reload} />
          <PackageFee cat={cat.data} reload={cat.reload} />
          <Campaigns cat={cat.data} reload={cat.reload} />
        </>
      )}
    </main>
  );
}
