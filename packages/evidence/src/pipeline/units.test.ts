import { describe, expect, it } from 'vitest';
import { run, skillMd } from '../../test/helpers.js';

describe('time cap', () => {
  it('a file that exceeds the per-file time cap is reported and blocks', async () => {
    const r = await run({ 'SKILL.md': skillMd('x'.repeat(1000)) }, { perFileTimeMs: -1 });
    const f = r.findings.find((x) => x.ruleId === 'UNANALYZABLE_TIMEOUT')!;
    expect(f.file).toBe('SKILL.md');
    expect(r.blocked).toBe(true);
    expect(r.sourceFacts.files[0]!.analyzed).toBe(false);
  });
});
