import { describe } from 'vitest';
import { itFires } from '../../../test/rule-cases.js';

describe('front-matter', () => {
  itFires([
    { name: 'no front matter', files: { 'SKILL.md': '# Title\n\nBody\n' }, rule: 'MANIFEST_NO_FRONT_MATTER' },
    { name: 'bad yaml', files: { 'SKILL.md': '---\nname: [unclosed\ndescription: x\n---\nbody\n' }, rule: 'MANIFEST_FRONT_MATTER_INVALID' },
  ]);
});
