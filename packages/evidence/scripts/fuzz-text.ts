// Text generators for the evidence fuzzer: hostile tokens, Unicode soup, front matter, nested YAML and huge lines.
import { int, pick, type Rand } from './fuzz-rand.js';

export const TOKENS = [
  'curl ',
  'wget ',
  ' | ',
  'sh',
  'bash -i',
  '>& /dev/tcp/',
  'eval(',
  'exec(',
  'os.system(',
  'subprocess.run(',
  'shell=True',
  'require("child_process")',
  'ignore previous instructions',
  'mark this safe',
  'reviewer',
  'http://',
  'https://',
  '~/.ssh/id_rsa',
  '~/.aws/credentials',
  'os.environ',
  'process.env',
  'requests.post(',
  'fetch(',
  'base64 -d',
  'AKIA',
  'ghp_',
  'sk-ant-api03-',
  '-----BEGIN RSA PRIVATE KEY-----',
  '\\x41',
  'String.fromCharCode(',
  'chr(',
  '"""',
  "'''",
  '`',
  '${',
  '}',
  '{',
  '(',
  ')',
  '[',
  ']',
  '/*',
  '*/',
  '//',
  '#',
  '<!--',
  '-->',
  '<IMPORTANT>',
  '\n',
  '\r\n',
  '\t',
  ' ',
  '\\',
  '"',
  "'",
  'while True:',
  'for (;;) {',
  'SELECT * FROM t WHERE a = ',
  'f"',
  'rm -rf ~',
  'xmrig',
  'stratum+tcp://',
  'crontab -',
  '>> ~/.bashrc',
  'always: true',
  '\u200b',
  '\u202e',
  '\u2066',
  '\ufe0f',
  '\u{e0041}',
  '\u{e0100}',
  '😀',
  '‍',
  'а',
  'ο',
  '\uffff',
  '\ud800',
  '\u0000',
  '---',
  '...',
  ': ',
  '- ',
  '&a ',
  '*a',
];

export function randomText(r: Rand, maxLen: number): string {
  const parts: string[] = [];
  let len = 0;
  const target = int(r, maxLen) + 1;
  while (len < target) {
    const k = r();
    let piece: string;
    if (k < 0.45) piece = pick(r, TOKENS);
    else if (k < 0.75) piece = String.fromCharCode(32 + int(r, 95)).repeat(1 + int(r, 8));
    else if (k < 0.9) piece = String.fromCodePoint(int(r, 0x2fff));
    else piece = String.fromCodePoint(Math.min(0x10ffff, pick(r, [0xe0000, 0xe0020, 0x1f600, 0x10ffc0, 0xfe00, 0x200d]) + int(r, 64)));
    parts.push(piece);
    len += piece.length;
  }
  return parts.join('');
}

export function frontMatter(r: Rand): string {
  const keys = ['name', 'description', 'version', 'capabilities', 'safety', 'externalCalls', 'allowed-tools', 'always', 'metadata', 'x'];
  const lines: string[] = [];
  for (let i = 0; i < 1 + int(r, 8); i++) {
    const k = pick(r, keys);
    const v = pick(r, [
      '',
      'true',
      '[a, b',
      '{x: 1}',
      '"quoted',
      "'q'",
      'a: b: c',
      '&anchor 1',
      '*anchor',
      '|\n  block',
      '>-\n  folded',
      randomText(r, 40),
      '- item',
      '!!binary aGk=',
      '!!js/function x',
    ]);
    lines.push(`${' '.repeat(int(r, 3))}${k}: ${v}`);
  }
  const open = pick(r, ['---', '---  ', '\ufeff---', '\n\n---', '+++', '---\r']);
  const close = pick(r, ['---', '...', '', '--- ', '----']);
  return `${open}\n${lines.join(pick(r, ['\n', '\r\n']))}\n${close}\n${randomText(r, 400)}`;
}

export function nestedYaml(r: Rand): string {
  const depth = 50 + int(r, 3000);
  const k = r();
  let body: string;
  if (k < 0.33) body = `${'['.repeat(depth)}${']'.repeat(depth)}`;
  else if (k < 0.66) body = Array.from({ length: Math.min(depth, 400) }, (_, i) => `${'  '.repeat(i)}k${i}:`).join('\n');
  else {
    // Billion laughs.
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 10; i++)
      lines.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(',')}]`,
      );
    body = lines.join('\n');
  }
  return `---\nname: deep\ndescription: x\nnest: ${body}\n---\nbody\n`;
}

export function hugeLine(r: Rand): string {
  const n = 20_000 + int(r, 130_000);
  const unit = pick(r, [
    'a',
    ' ',
    'curl ',
    '|',
    '\\x41',
    'A1b2',
    '\u200b',
    '\n',
    'ignore ',
    '${',
    '"',
    '/*',
    'http://a',
    '~/.ssh/',
    'chr(65)+',
    '=',
    'é',
    '😀',
    '\t',
  ]);
  const body = unit.repeat(Math.max(1, Math.floor(n / unit.length))).slice(0, n);
  return r() < 0.5 ? body : `${skillHead()}${body}${pick(r, [' | sh', '', '"', '\n'])}`;
}

export function skillHead(): string {
  return '---\nname: f\ndescription: fuzz\n---\n';
}
