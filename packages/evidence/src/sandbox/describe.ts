import type { ExecutionConnection, ExecutionRecord } from '@sigma/core';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const list = (xs: string[], max = 5) => (xs.length <= max ? xs.join(', ') : `${xs.slice(0, max).join(', ')} and ${xs.length - max} more`);
const RUNTIME = { node: 'Node.js', python: 'Python' } as const;

function endpoint(c: ExecutionConnection): string {
  if (c.protocol === 'unix') return `the local socket ${c.address}`;
  const where = c.host ? `${c.host}:${c.port}` : `${c.address}:${c.port}`;
  return c.protocol === 'udp' ? `${where} (UDP)` : where;
}

function connectionSentence(c: ExecutionConnection): string {
  let s = `tried to reach ${endpoint(c)} (blocked`;
  if (c.reachedSink) {
    s += `; the sandbox's loopback sink took ${plural(c.bytesSent, 'byte')}`;
    if (c.http) s += `: an HTTP ${c.http.method} ${c.http.path.slice(0, 80)}`;
    else if (c.tlsServerName) s += `: a TLS handshake for ${c.tlsServerName}, contents encrypted`;
  } else if (c.protocol === 'udp' && c.bytesSent > 0) s += `; ${plural(c.bytesSent, 'byte')} were sent into nowhere`;
  s += ')';
  if (c.containsMock.length > 0) s += `, and what it sent contained the mock value of ${list(c.containsMock)}`;
  return s;
}

/** One paragraph a person can read: what ran, how it ended, and what it tried. */
export function describeRecord(r: ExecutionRecord): string {
  if (r.outcome === 'SKIPPED') return `Not run: ${r.reason ?? 'no reason given'}. Nothing is known about what the code does when it runs.`;
  if (r.outcome === 'ERROR') return `The sandbox failed (${r.reason ?? 'no reason given'}), so nothing can be said about what the code does when it runs.`;
  const parts: string[] = [];
  const secs = (r.durationMs / 1000).toFixed(1);
  const how = r.timedOut
    ? `it was stopped at the ${(r.limits.timeoutMs / 1000).toFixed(1)} s limit`
    : r.signal
      ? `it was killed by ${r.signal}`
      : `it exited with code ${r.exitCode ?? 'unknown'}`;
  parts.push(`Ran ${r.entry} with ${r.runtime ? RUNTIME[r.runtime] : 'its runtime'} in the sandbox for ${secs} s; ${how}.`);
  const sentences: string[] = [];
  if (r.attemptedConnections.length > 0) {
    const shown = r.attemptedConnections.slice(0, 4).map(connectionSentence);
    const more = r.attemptedConnections.length - shown.length;
    sentences.push(`It ${shown.join('; it ')}${more > 0 ? `; and ${plural(more, 'other destination')}` : ''}.`);
  } else sentences.push('It made no network connections.');
  if (r.dnsQueries.length > 0) {
    const names = [...new Set(r.dnsQueries.map((q) => q.name))];
    const mocked = [...new Set(r.dnsQueries.flatMap((q) => q.containsMock))];
    sentences.push(`It looked up ${plural(names.length, 'name')} (${list(names)})${mocked.length > 0 ? `, carrying the mock value of ${list(mocked)}` : ''}.`);
  }
  if (r.processes.length > 0) {
    const ran = r.processes.map((p) => `${p.argv.slice(0, 3).join(' ') || p.path}${p.ok ? '' : ` (${p.error ?? 'failed'})`}`);
    sentences.push(`It started ${plural(r.processes.length, 'program')}: ${list(ran, 4)}.`);
  }
  if (r.writtenFiles.length > 0) {
    const outside = r.counts.writtenOutsideTmp;
    sentences.push(
      `It changed ${plural(r.writtenFiles.length, 'file')}, ${outside === 0 ? 'all inside its temporary directory' : `${outside} outside its temporary directory`}.`,
    );
  }
  if (r.deniedOperations.length > 0) {
    const shown = r.deniedOperations.slice(0, 4).map((d) => `${d.operation} ${d.target} (${d.error}${d.count > 1 ? ` ×${d.count}` : ''})`);
    sentences.push(`The sandbox refused ${plural(r.counts.deniedOperations, 'operation')}: ${list(shown, 4)}.`);
  }
  if (r.signalsSent.length > 0) {
    sentences.push(
      `It sent signals to other processes (${list(r.signalsSent.map((s) => `${s.signal} to pid ${s.target}`))}); pids are those of its own sandbox, which cannot name anything outside it.`,
    );
  }
  if (r.limitsHit.length > 0) sentences.push(`Limits reached: ${r.limitsHit.join(', ')}.`);
  if (r.stdout.truncated || r.stderr.truncated)
    sentences.push(`Output was cut at ${r.limits.maxOutputBytes} bytes (it wrote ${r.stdout.bytes + r.stderr.bytes} in total).`);
  if (r.recording.truncated) sentences.push('The recording reached one of its caps, so counts are lower bounds.');
  if (!r.recording.sink) sentences.push('The loopback sink was not running, so names looked up and bytes sent are not known.');
  return [...parts, ...sentences].join(' ');
}
