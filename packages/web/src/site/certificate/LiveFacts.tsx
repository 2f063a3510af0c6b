import { Badge, Facts, Mono } from '../../components/ui';
import type { CertificateRecord } from './types';

/** Endpoint validation, monitoring, site proof and the on-chain commitment of a certificate. */
export function LiveFacts({ rec }: { rec: CertificateRecord }) {
  const snap = rec.snapshot;
  return (
    <section className="card" aria-labelledby="live">
      <h2 id="live">Endpoint validation, monitoring and site proof</h2>
      <Facts
        items={[
          [
            'Endpoint validation',
            snap.endpointReview ? (
              <span key="e">
                <Badge value={snap.endpointReview.endpointStatus} /> {snap.endpointReview.analysisMode}, {snap.endpointReview.declaredEndpoints.length} declared
                endpoint(s){snap.endpointReview.approvalBlocked ? ', approval blocked' : ''}
              </span>
            ) : (
              'Not applicable: this certificate covers no HTTP endpoints.'
            ),
          ],
          ['Monitoring', rec.live.monitoring ? <Mono key="m">{JSON.stringify(rec.live.monitoring)}</Mono> : 'No scheduled monitoring for this certificate.'],
          ['Site proof', rec.live.siteProof ? <Mono key="sp">{JSON.stringify(rec.live.siteProof)}</Mono> : 'No homepage has been proven for this certificate.'],
          [
            'On chain',
            rec.onChain.committed ? (
              <span key="oc">
                committed on {rec.onChain.network} (chain {rec.onChain.chainId}), block {rec.onChain.blockNumber}
                {rec.onChain.explorerUrl ? (
                  <>
                    {' '}
                    —{' '}
                    <a href={rec.onChain.explorerUrl} rel="noopener noreferrer" target="_blank">
                      view transaction
                    </a>
                  </>
                ) : (
                  <>
                    {' '}
                    — tx <Mono>{rec.onChain.txHash}</Mono>
                  </>
                )}
              </span>
            ) : (
              (rec.onChain.note ?? 'Not committed.')
            ),
          ],
          ['Registry', rec.onChain.registryAddress ? <Mono key="ra">{rec.onChain.registryAddress}</Mono> : '—'],
        ]}
      />
    </section>
  );
}
