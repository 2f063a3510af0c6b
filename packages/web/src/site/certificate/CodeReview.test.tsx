import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { CodeReview, type CertificateCodeReview } from './CodeReview';

const review: CertificateCodeReview = {
  schemaVersion: 'sigma.code-review.v1',
  entry: 'src/index.js',
  languages: ['javascript'],
  summary: {
    processCalls: 1,
    evalCalls: 0,
    envReads: 2,
    fileAccesses: 3,
    networkCalls: 1,
    flows: 1,
    manifestDelta: 1,
    findings: 1,
    highestSeverity: 'MEDIUM',
    blocking: false,
  },
  findings: [
    {
      ruleId: 'CODE_MANIFEST_DELTA',
      title: 'The code contacts a host SKILL.md does not declare',
      severity: 'MEDIUM',
      file: 'src/index.js',
      line: 7,
      detail: 'Host api.x.example is used.',
      blocking: false,
    },
  ],
  manifestDelta: [{ direction: 'in-code-not-declared', kind: 'host', value: 'api.x.example', file: 'src/index.js', line: 7, severity: 'MEDIUM' }],
  execution: {
    outcome: 'COMPLETED',
    reasonCode: null,
    reason: null,
    runtime: 'node',
    exitCode: 0,
    timedOut: false,
    durationMs: 1300,
    limitsHit: [],
    sandboxVersion: 'sigma-sandbox/1.0.0',
    counts: {
      attemptedConnections: 1,
      dnsQueries: 1,
      processes: 1,
      writtenFiles: 0,
      writtenOutsideTmp: 0,
      deniedOperations: 0,
      signalsSent: 0,
      mockValuesSent: 0,
    },
    attemptedConnections: [{ protocol: 'tcp', host: 'api.x.example', address: '198.18.0.1', port: 443, blocked: true, containsMock: [] }],
    processes: ['/usr/bin/wc'],
    writtenFiles: [],
    description: 'Ran src/index.js with Node.js in the sandbox for 1.3 s; it exited with code 0.',
  },
};

describe('certificate page: code review', () => {
  it('shows the findings, the execution outcome and what the code attempted', () => {
    const html = renderToStaticMarkup(<CodeReview review={review} />);
    expect(html).toContain('Code review');
    expect(html).toContain('src/index.js:7');
    expect(html).toContain('CODE_MANIFEST_DELTA');
    expect(html).toMatch(/data-testid="execution-outcome">COMPLETED</);
    expect(html).toContain('1 connection(s) (all blocked)');
    expect(html).toContain('api.x.example');
    expect(html).toContain('/usr/bin/wc');
    expect(html).toContain('exited with code 0');
  });

  it('says why the run was skipped', () => {
    const skipped = {
      ...review,
      execution: { ...review.execution, outcome: 'SKIPPED' as const, reasonCode: 'SANDBOX_UNAVAILABLE' as const, reason: 'bwrap is not installed' },
    };
    expect(renderToStaticMarkup(<CodeReview review={skipped} />)).toMatch(/SKIPPED \(bwrap is not installed\)/);
  });
});
