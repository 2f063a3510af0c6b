// Preloaded into the server by `BENCH_QUERY_PROFILE=1 npm run bench -- pipeline`: times each protocol
// message PGlite runs, by the statement it belongs to, and prints the 30 costliest statements to
// stderr when the server exits. A development aid: it wraps a PGlite method that is not public API.
import { PGlite } from '@electric-sql/pglite';

const original = PGlite.prototype.execProtocolRawSync;
if (typeof original === 'function') {
  const stats = new Map();
  const text = new TextDecoder();
  let current = '(start-up)';
  // A Parse message ('P') names its statement text; a simple Query ('Q') carries it directly.
  const statementOf = (m) => {
    if (m[0] === 0x50) {
      let i = 5;
      while (m[i] !== 0) i++;
      const start = ++i;
      while (m[i] !== 0) i++;
      return text.decode(m.subarray(start, i));
    }
    if (m[0] === 0x51) return text.decode(m.subarray(5, m.length - 1));
    return null;
  };
  PGlite.prototype.execProtocolRawSync = function (message, ...rest) {
    const statement = statementOf(message);
    if (statement !== null) current = statement.replace(/\s+/g, ' ').trim().slice(0, 150);
    const started = performance.now();
    try {
      return original.call(this, message, ...rest);
    } finally {
      const s = stats.get(current) ?? { calls: 0, ms: 0 };
      s.calls++;
      s.ms += performance.now() - started;
      stats.set(current, s);
    }
  };
  process.on('exit', () => {
    const total = [...stats.values()].reduce((a, s) => a + s.ms, 0);
    const rows = [...stats].sort((a, b) => b[1].ms - a[1].ms).slice(0, 30);
    process.stderr.write(
      `\nPGlite time by statement (total ${total.toFixed(0)} ms; calls are protocol messages):\n${rows.map(([q, s]) => `${s.ms.toFixed(0).padStart(7)} ms ${String(s.calls).padStart(7)}  ${q}`).join('\n')}\n`,
    );
  });
}
