import { Badge, Facts, Mono } from '../../components/ui';
import { formatDate, plural, shortHash } from '../../lib/format';
import type { CertificateRecord } from './types';

type Live = CertificateRecord['live'];

function Monitoring({ m }: { m: NonNullable<Live['monitoring']> }) {
  const last = m.last;
  return (
    <span>
      {m.checksDone} {plural(m.checksDone, 'check')} done, {m.checksRemaining} remaining, every {m.intervalSeconds} s
      {m.nextCheckAt ? `; next ${formatDate(m.nextCheckAt)}` : ''}.{' '}
      {last ? (
        <>
          Last check {formatDate(last.checkedAt)}: <Badge value={last.ok ? 'PASSED' : 'FAILED'} />
          {last.failures.length ? ` ${plural(last.failures.length, 'failure')}` : ''}
          {last.drift.length ? ` ${plural(last.drift.length, 'change')} from the certified behaviour` : ''}
          {m.flagId ? (
            <>
              {' '}
              — flag <Mono>{m.flagId}</Mono> opened for review
            </>
          ) : null}
        </>
      ) : (
        'No check has run yet.'
      )}
    </span>
  );
}

function SiteProof({ p }: { p: NonNullable<Live['siteProof']> }) {
  return (
    <span>
      <Mono>{p.homepageUrl}</Mono>{' '}
      {p.check ? (
        <>
          <Badge value={p.check.verified ? 'VERIFIED' : 'NOT VERIFIED'} /> {p.check.reason} (checked {formatDate(p.check.checkedAt)})
        </>
      ) : (
        `named ${formatDate(p.requestedAt)}, not checked yet`
      )}
    </span>
  );
}

function SourceDrift({ d }: { d: NonNullable<Live['sourceDrift']> }) {
  if (d.stale === null) return <span>The git source could not be read at its default branch (checked {formatDate(d.checkedAt)}).</span>;
  return (
    <span>
      <Badge value={d.stale ? 'STALE' : 'CURRENT'} />{' '}
      {d.stale
        ? `The default branch${d.currentCommit ? ` (commit ${shortHash(d.currentCommit)})` : ''} no longer has the certified SKILL.md`
        : 'The default branch still has the certified SKILL.md'}{' '}
      (checked {formatDate(d.checkedAt)}).
    </span>
  );
}

/** Endpoint validation, monitoring, site proof and the on-chain commitment of a certificate. */
export function LiveFacts({ rec }: { rec: CertificateRecord }) {
  const snap = rec.snapshot;
  return (
    <section className="card" aria-labelledby="live">
      <h2 id="live">Endpoint validation, monitoring, site proof and source drift</h2>
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
          ['Monitoring', rec.live.monitoring ? <Monitoring key="m" m={rec.live.monitoring} /> : 'No scheduled monitoring for this certificate.'],
          ['Site proof', rec.live.siteProof ? <SiteProof key="sp" p={rec.live.siteProof} /> : 'No homepage has been named for this certificate.'],
          [
            'Source drift',
            rec.live.sourceDrift ? <SourceDrift key="sd" d={rec.live.sourceDrift} /> : 'Not checked: only git sources are compared with their default branch.',
          ],
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
