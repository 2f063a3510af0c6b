import { expectedBinaryForExt } from '../../classify.js';
import { fileRule } from '../rule.js';
import type { ClassifiedFile } from '../rule.js';
import { checkPyc } from './pyc.js';

/**
 * Binary and undecodable files: executables and unidentified binaries block, bytecode blocks
 * unless it matches its shipped source, media and documents are opaque (not analysed), and a file
 * whose magic bytes contradict its extension blocks. Identification is by magic bytes, never by
 * name alone.
 */
export const BINARY_FILES = fileRule({
  name: 'binary-files',
  meta: [
    {
      id: 'UNANALYZABLE_BINARY',
      title: 'Opaque executable or unknown binary',
      category: 'ingest',
      severity: 'CRITICAL',
      confidence: 'HIGH',
      blocking: true,
      signal: 'none',
      owasp: ['OWASP-AST08', 'OWASP-AST02'],
      why: 'Executables and unidentified binary blobs cannot be reviewed statically; what they do is unknown.',
      remediation: 'Ship source code instead of binaries, or remove the file.',
    },
    {
      id: 'UNANALYZABLE_BYTECODE',
      title: 'Compiled bytecode without matching source',
      category: 'ingest',
      severity: 'CRITICAL',
      confidence: 'HIGH',
      blocking: true,
      signal: 'none',
      owasp: ['OWASP-AST08', 'OWASP-AST01'],
      why: 'Bytecode (.pyc, .class, .wasm) runs instead of, or in addition to, the source a reviewer reads; bytecode that differs from its source is a known scanner bypass.',
      remediation: 'Remove compiled files; ship the source only.',
    },
    {
      id: 'UNANALYZABLE_ENCODING',
      title: 'Text that cannot be decoded',
      category: 'ingest',
      severity: 'CRITICAL',
      confidence: 'MEDIUM',
      blocking: true,
      signal: 'none',
      owasp: ['OWASP-AST08'],
      why: 'A file that looks like text but is not valid UTF-8/UTF-16 may be read differently by an agent and by a reviewer.',
      remediation: 'Save text files as UTF-8.',
    },
    {
      id: 'OPAQUE_ASSET',
      title: 'Opaque media asset (not analysed)',
      category: 'ingest',
      severity: 'LOW',
      confidence: 'HIGH',
      blocking: false,
      signal: 'none',
      owasp: ['OWASP-AST08'],
      why: 'Images, fonts and audio are listed and hashed but their content is not analysed.',
      remediation: 'Keep assets to what the skill needs.',
    },
    {
      id: 'OPAQUE_DOCUMENT',
      title: 'Opaque document (not analysed)',
      category: 'ingest',
      severity: 'MEDIUM',
      confidence: 'HIGH',
      blocking: false,
      signal: 'none',
      owasp: ['OWASP-AST08'],
      why: 'PDF and similar documents can carry text or scripts an agent reads but this engine does not.',
      remediation: 'Ship the document as Markdown or plain text.',
    },
    {
      id: 'BYTECODE_WITH_SOURCE',
      title: 'Compiled bytecode shipped next to its source',
      category: 'ingest',
      severity: 'MEDIUM',
      confidence: 'MEDIUM',
      blocking: false,
      signal: 'none',
      owasp: ['OWASP-AST08'],
      why: 'The bytecode appears to match the shipped source (same size and names), but it is what actually runs.',
      remediation: 'Remove compiled files (__pycache__, *.pyc) from the skill.',
    },
  ],
  alsoReports: ['UNANALYZABLE_ARCHIVE_CORRUPT'],
  run(f, ctx) {
    if (f.expandedArchive || f.bytes.length === 0) return;
    const file = f.path;
    const size = f.bytes.length;
    if (f.binary === null) {
      if (f.text !== null) return;
      ctx.hits.push(
        f.textProblem === 'invalid-utf8'
          ? { ruleId: 'UNANALYZABLE_ENCODING', file, line: null, excerpt: 'not valid UTF-8' }
          : { ruleId: 'UNANALYZABLE_BINARY', file, line: null, excerpt: `unidentified binary (${size} bytes)` },
      );
      return;
    }
    switch (f.binary) {
      case 'zip':
      case 'gzip':
      case 'tar':
      case 'unsupported-archive':
        // Not expanded: ingest already reported why (depth, corruption, size).
        if (!ctx.ingest.problems.some((p) => p.file === file)) {
          ctx.hits.push({ ruleId: 'UNANALYZABLE_ARCHIVE_CORRUPT', file, line: null, excerpt: `${f.binary} archive was not opened` });
        }
        break;
      case 'pyc': {
        const check = checkPyc(file, f.bytes, pythonSources(ctx.files));
        ctx.hits.push({
          ruleId: check.matching ? 'BYTECODE_WITH_SOURCE' : 'UNANALYZABLE_BYTECODE',
          file,
          line: null,
          excerpt: check.reason,
          detail: check.reason,
        });
        break;
      }
      case 'java-class':
      case 'wasm':
        ctx.hits.push({ ruleId: 'UNANALYZABLE_BYTECODE', file, line: null, excerpt: `${f.binary} (${size} bytes)` });
        break;
      case 'executable':
        ctx.hits.push({ ruleId: 'UNANALYZABLE_BINARY', file, line: null, excerpt: `executable (${size} bytes)` });
        break;
      case 'image':
      case 'font':
      case 'audio-video': {
        const expected = expectedBinaryForExt(file);
        if (expected !== null && expected !== f.binary) {
          ctx.hits.push({ ruleId: 'UNANALYZABLE_BINARY', file, line: null, excerpt: `content is ${f.binary} but the name says ${expected}` });
        } else ctx.hits.push({ ruleId: 'OPAQUE_ASSET', file, line: null, excerpt: `${f.binary} (${size} bytes)` });
        break;
      }
      case 'pdf':
        ctx.hits.push({ ruleId: 'OPAQUE_DOCUMENT', file, line: null, excerpt: `PDF (${size} bytes)` });
        break;
      default:
        ctx.hits.push({ ruleId: 'UNANALYZABLE_BINARY', file, line: null, excerpt: `unidentified binary (${size} bytes)` });
    }
  },
});

/** Decoded `.py` sources by path (the bytecode check compares against them). */
function pythonSources(files: readonly ClassifiedFile[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of files) if (f.text !== null && /\.py$/i.test(f.path)) out.set(f.path, f.text);
  return out;
}
