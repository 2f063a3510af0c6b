import { BarChart } from '../../components/Chart';
import { Badge, ErrorMessage, Loading, Mono, PageTitle, TableWrap, Waiting } from '../../components/ui';
import { useApi, useTitle } from '../../lib/hooks';
import type { ValidatorView } from '../types';

export function ValidatorsPage() {
  useTitle('Validators');
  const v = useApi<{ validators: ValidatorView[] }>('/api/v1/operator/validators');
  const list = v.data?.validators ?? [];
  const name = (x: ValidatorView) => `${x.modelFamily} ${x.validatorId.slice(0, 6)}`;
  return (
    <main className="page" id="main">
      <PageTitle>Validators</PageTitle>
      {v.loading && <Loading what="validators" />}
      <ErrorMessage error={v.error} title="Could not load validators" />
      {list.length > 0 && (
        <>
          <div className="two-col">
            <BarChart
              title="Reputation now (0–1000)"
              description={`Current reputation of ${list.length} validators; below 200 a validator leaves selection.`}
              bars={list.map((x) => ({ label: name(x), value: x.reputation }))}
            />
            <BarChart
              title="Governance weight now"
              description="Selection weight: √(stake/min) × reputation/1000 × (0.5 + accuracy)."
              bars={list.map((x) => ({ label: name(x), value: x.governanceWeight }))}
              format={(n) => n.toFixed(2)}
            />
          </div>
          <TableWrap label="Validators">
            <table>
              <thead>
                <tr>
                  <th scope="col">Validator</th>
                  <th scope="col">Status</th>
                  <th scope="col">Model</th>
                  <th scope="col">Reputation</th>
                  <th scope="col">Accuracy</th>
                  <th scope="col">Weight</th>
                  <th scope="col">Stake</th>
                  <th scope="col">Owner</th>
                </tr>
              </thead>
              <tbody>
                {list.map((x) => (
                  <tr key={x.validatorId}>
                    <td className="mono">{x.validatorId}</td>
                    <td>
                      <Badge value={x.status} />
                    </td>
                    <td>
                      {x.modelFamily}
                      <div className="mono muted">{x.modelId}</div>
                    </td>
                    <td>{x.reputation}</td>
                    <td>{x.auditAccuracy.toFixed(3)}</td>
                    <td>{x.governanceWeight.toFixed(3)}</td>
                    <td className="mono">{x.stake}</td>
                    <td>
                      <Mono>{x.ownerAddress}</Mono>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </>
      )}
      <h2>Standing history, sanctions and canaries</h2>
      <Waiting what="The standing-history chart, sanctions and canaries" api="GET /api/v1/operator/validators/:id/standing and POST …/sanctions (assemblies/standing work)" />
    </main>
  );
}
