import { count as countRows } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submissionFiles, submissions } from '../src/db/schema/index.js';
import { b64, startTestServer, type TestServer } from './harness.js';
import { BENIGN_SKILL } from './skills.js';

// Uploads that cannot be read are refused at upload (before a quote or a payment), with a stable
// code and the file or line at fault; nothing of them is stored. Runs on PGlite and, under
// `npm run test:db`, on PostgreSQL.
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ workers: false });
});
afterAll(async () => t?.close());

const auth = () => ({ authorization: `Bearer ${t.devKey}` });
const upload = (files: Array<{ path: string; text: string }>) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/dev/submissions',
    headers: auth(),
    payload: { category: 'SKILL', source: { type: 'upload', files: files.map((f) => ({ path: f.path, contentBase64: b64(f.text) })) }, devNotes: '' },
  });
const count = async () => {
  const [a] = await t.s.db.select({ n: countRows() }).from(submissions);
  const [b] = await t.s.db.select({ n: countRows() }).from(submissionFiles);
  return `${a!.n}/${b!.n}`;
};

const body = '\n# Converter\n\nConverts text between formats.\n';
const aliasBomb = [
  '---',
  'name: bomb',
  'description: expands',
  'a: &a ["x","x","x","x","x","x","x","x","x"]',
  'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
  'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
  'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
  'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
  'f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
  'g: [*f,*f,*f,*f,*f,*f,*f,*f,*f]',
  '---',
  body,
].join('\n');

describe('unreadable uploads fail closed at upload', () => {
  it.each([
    [
      'front matter that is not YAML',
      [{ path: 'SKILL.md', text: `---\nname: [unclosed\ndescription: x\n---\n${body}` }],
      'SIGMA_E_SUBMISSION_FRONT_MATTER_INVALID',
      /SKILL\.md, line \d+/,
    ],
    [
      'front matter never closed',
      [{ path: 'SKILL.md', text: `---\nname: open\ndescription: never closed\n${body}` }],
      'SIGMA_E_SUBMISSION_FRONT_MATTER_INVALID',
      /SKILL\.md/,
    ],
    [
      'SKILL.md and skill.md together',
      [
        { path: 'SKILL.md', text: BENIGN_SKILL },
        { path: 'skill.md', text: BENIGN_SKILL },
      ],
      'SIGMA_E_SUBMISSION_FILE_NAME_INVALID',
      /skill\.md|SKILL\.md/i,
    ],
    [
      'a file name with a bidi override',
      [
        { path: 'SKILL.md', text: BENIGN_SKILL },
        { path: 'scripts/run\u202Egpj.sh', text: 'echo hi\n' },
      ],
      'SIGMA_E_SUBMISSION_FILE_NAME_INVALID',
      /U\+202E|\\u202e|202e/i,
    ],
    ['a YAML alias bomb', [{ path: 'SKILL.md', text: aliasBomb }], 'SIGMA_E_SUBMISSION_FRONT_MATTER_INVALID', /alias|large|deep/i],
  ])('%s → 400 with a code, nothing stored', async (_name, files, code, where) => {
    const before = await count();
    const res = await upload(files);
    expect(res.statusCode).toBe(400);
    const err = res.json().error;
    expect(err.code).toBe(code);
    expect(err.field).toBe('source.files');
    expect(err.message).toMatch(where);
    expect(err.details.refusals.length).toBeGreaterThan(0);
    expect(await count()).toBe(before);
  });

  it('a readable skill still goes through', async () => {
    const res = await upload([{ path: 'SKILL.md', text: BENIGN_SKILL }]);
    expect(res.statusCode).toBe(201);
  });
});
