import { performance } from 'node:perf_hooks';
import { EVIDENCE_SCHEMA_VERSION, SEVERITY_RANK, skillHash as coreSkillHash } from '@sigma/core';
import type { EvidenceReport, FileEntry, FileKind, Finding, RiskLevel } from '@sigma/core';
import { decodeText, expectedBinaryForExt, extOf, kindOf, langOf, sniffBinary } from './classify.js';
import type { Lang } from './classify.js';
import { dedupeFindings, hitToFinding } from './findings.js';
import { parseFrontMatter } from './frontmatter.js';
import { ingestFiles, resolveLimits, sha256 } from './ingest/ingest.js';
import { isRootSkillMd } from './ingest/paths.js';
import { lex } from './lex/lex.js';
import type { Lexed } from './lex/lex.js';
import { deriveManifest, readDeclared } from './manifest.js';
import { ruleMeta } from './rules/catalogue.js';
import { scanCode, scanSnippet } from './rules/code.js';
import { CRED_PATH, WALLET_PATH } from './rules/patterns.js';
import { scanCommands } from './rules/commands.js';
import { fencedBlocks, scanInstructions } from './rules/instructions.js';
import { scanNetwork } from './rules/network.js';
import { decodedLooksActive, findBlobs } from './rules/obfuscation.js';
import { scanPadding } from './rules/padding.js';
import { scanProse } from './rules/prose.js';
import { findSecrets } from './rules/secrets.js';
import { scanUnicode } from './rules/unicode.js';
import { makeUnit } from './rules/unit.js';
import type { Facts, Unit } from './rules/unit.js';
import { newFacts } from './rules/unit.js';
import type { Hit, IngestResult, InputFile, Limits } from './types.js';
import { ENGINE_VERSION } from './version.js';

export interface AnalyzeOptions {
  limits?: Partial<Limits>;
  /** Clock for `sandboxAnalyzedAt` (the only field that may differ between runs). */
  now?: () => Date;
  /** The developer's advisory note: screened like any other text (it is a claim, not a fact). */
  devNotes?: string;
  productType?: string;
  /** Per-file analysis time cap; reaching it is itself a blocking finding. */
  perFileTimeMs?: number;
}

export const DEFAULT_PER_FILE_TIME_MS = 2000;
const MAX_DECODE_DEPTH = 3;

class TimeCap extends Error {}

interface FileState {
  entry: FileEntry;
}

function lexLang(lang: Lang): 'python' | 'js' | 'shell' | 'powershell' | null {
  return lang === 'python' || lang === 'js' || lang === 'shell' || lang === 'powershell' ? lang : null;
}

function roleOf(kind: FileKind, lang: Lang): Unit['role'] {
  if (kind === 'script' || kind === 'minified' || lang === 'python' || lang === 'js' || lang === 'shell' || lang === 'powershell') return 'code';
  if (kind === 'config' || lang === 'json' || lang === 'yaml') return 'config';
  return 'prose';
}

/** Scans one unit with every text rule; decoded blobs become child units scanned the same way. */
function scanUnit(u: Unit, facts: Facts, hits: Hit[], deadline: number): void {
  const check = (): void => {
    if (performance.now() > deadline) throw new TimeCap();
  };
  if (u.depth === 0) {
    scanUnicode(u, hits);
    check();
    scanPadding(u, hits);
    check();
  }
  scanSecrets(u, hits);
  check();
  scanCommands(u, facts, hits);
  check();
  scanProse(u, facts, hits);
  check();
  if (!(u.lexed && (u.lang === 'python' || u.lang === 'js'))) scanInstructions(u, facts, hits);
  check();
  if (u.lexed && (u.lang === 'python' || u.lang === 'js') && u.depth === 0) scanCode(u, facts, hits);
  if (u.lang === 'markdown' && u.depth === 0) {
    for (const b of fencedBlocks(u.text)) {
      const lang = /^(?:py|python3?)$/.test(b.lang) ? 'python' : /^(?:js|javascript|ts|typescript|node|mjs|jsx|tsx)$/.test(b.lang) ? 'js' : null;
      if (!lang || b.end - b.start > 100_000) continue;
      const body = u.text.slice(b.start, b.end);
      scanSnippet(makeUnit(u.file, lang, 'code', body, lex(lang, body), null, 0, u.lines.lineOf(b.start) - 1), hits);
    }
  }
  check();
  scanNetwork(u, u.lexed ? u.lexed.noComments : u.text, facts, hits);
  check();
  if (u.depth < MAX_DECODE_DEPTH) {
    for (const blob of findBlobs(u)) {
      const line = u.decodedFrom ? u.decodedFrom.line : u.lines.lineOf(blob.offset);
      const child = makeUnit(u.file, 'text', 'prose', blob.decoded, null, { line, encoding: blob.encoding }, u.depth + 1);
      const before = hits.length;
      scanUnit(child, facts, hits, deadline);
      const found = hits.slice(before).some((h) => SEVERITY_RANK[h.severity ?? ruleMeta(h.ruleId).severity] >= SEVERITY_RANK.MEDIUM);
      const active = decodedLooksActive(blob.decoded);
      if (found || active !== 'none') {
        hits.push({
          ruleId: 'OBFUSCATED_PAYLOAD',
          ...(found || active === 'code' ? {} : { severity: 'MEDIUM' as const }),
          file: u.file,
          line,
          excerpt: u.decodedFrom ? `[decoded ${u.decodedFrom.encoding}] ${blob.decoded}` : u.lines.excerptAt(blob.offset, blob.length),
          detail: `${blob.encoding} decodes to: "${blob.decoded.slice(0, 240)}"`,
        });
      }
      check();
    }
  }
}

function scanSecrets(u: Unit, hits: Hit[]): void {
  // Secrets in code count in strings and code alike; comments too (a pasted key is live anywhere).
  const text = u.text;
  if (text.length === 0) return;
  let n = 0;
  for (const s of findSecrets(text)) {
    if (n++ > 50) break;
    if (s.live) {
      // In documentation, generic/hex/URL secrets are often worked examples: still counted, but for
      // the council to judge rather than an automatic block. Known vendor formats always block.
      const soft =
        u.role === 'prose' &&
        (s.kind === 'generic-secret-assignment' || s.kind === 'eth-private-key' || s.kind === 'url-credentials' || s.kind === 'bearer-token');
      hits.push({
        ...hitAtOffset(u, 'SECRET_LIVE', s.start),
        detail: `${s.kind} (${s.value.length} characters, redacted)${soft ? '; in documentation, possibly a worked example' : ''}`,
        liveSecret: true,
        ...(soft ? { severity: 'HIGH' as const, blocking: false } : {}),
      });
    } else if (s.kind !== 'generic-secret-assignment' && s.kind !== 'bearer-token' && s.kind !== 'url-credentials') {
      hits.push({ ...hitAtOffset(u, 'SECRET_PLACEHOLDER', s.start), detail: `${s.kind} placeholder or example value` });
    }
  }
}

function hitAtOffset(u: Unit, ruleId: string, offset: number): Hit {
  const line = u.decodedFrom ? u.decodedFrom.line : u.lines.lineOf(offset);
  const ex = u.lines.excerptAt(offset, 0);
  return { ruleId, file: u.file, line, excerpt: u.decodedFrom ? `[decoded ${u.decodedFrom.encoding}] ${ex}` : ex };
}

/** Checks a .pyc against the shipped source: names in the bytecode must all occur in the source. */
function checkPyc(path: string, bytes: Uint8Array, sources: Map<string, string>): { matching: boolean; reason: string } {
  const base = path
    .replace(/\.py[co]$/i, '')
    .replace(/(?:^|\/)__pycache__\//, (m) => (m.startsWith('/') ? '/' : ''))
    .replace(/\.(?:cpython|pypy)-?\d*[\w-]*$/i, '');
  const src = sources.get(`${base}.py`);
  if (src === undefined) return { matching: false, reason: `no ${base}.py in the submission` };
  // Header: magic(4) flags(4) then mtime(4)+size(4) or a source hash(8).
  const flags = (bytes[4] ?? 0) | ((bytes[5] ?? 0) << 8);
  if ((flags & 1) === 0 && bytes.length >= 16) {
    const size = ((bytes[12] ?? 0) | ((bytes[13] ?? 0) << 8) | ((bytes[14] ?? 0) << 16) | ((bytes[15] ?? 0) << 24)) >>> 0;
    const srcSize = Buffer.byteLength(src, 'utf8');
    if (size !== srcSize) return { matching: false, reason: `bytecode records a source of ${size} bytes, ${base}.py has ${srcSize}` };
  }
  // Every identifier-like string in the bytecode should appear in the source.
  const strings = new Set<string>();
  let cur = '';
  for (let i = 16; i < bytes.length; i++) {
    const b = bytes[i]!;
    if ((b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || b === 0x5f) cur += String.fromCharCode(b);
    else {
      if (cur.length >= 4 && /^[A-Za-z_]/.test(cur)) strings.add(cur);
      cur = '';
    }
  }
  const missing = [...strings].filter((s) => !src.includes(s) && !/^(?:module|lambda|listcomp|genexpr|dictcomp|setcomp|annotations)$/.test(s));
  if (missing.length > 0) return { matching: false, reason: `bytecode names not in ${base}.py: ${missing.slice(0, 8).join(', ')}` };
  return { matching: true, reason: `matches ${base}.py` };
}

const round1 = (x: number): number => Math.round(x * 10) / 10;

/**
 * Analyses a skill and returns its evidence report. Deterministic: the same input gives the same
 * report except `sandboxAnalyzedAt`. Never executes or fetches anything it reads.
 */
export async function analyze(input: IngestResult | InputFile[], opts: AnalyzeOptions = {}): Promise<EvidenceReport> {
  const limits = resolveLimits(opts.limits);
  const ingest: IngestResult = Array.isArray(input) ? ingestFiles(input, limits) : input;
  const perFile = opts.perFileTimeMs ?? DEFAULT_PER_FILE_TIME_MS;
  const findings: Finding[] = [...ingest.problems];
  const hits: Hit[] = [];
  const facts = newFacts();
  const expanded = new Set(ingest.expandedArchives ?? []);
  const states: FileState[] = [];

  const files = [...ingest.files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  // SKILL.md: the root one, else the shallowest outside archives.
  const skillMd =
    files.find((f) => isRootSkillMd(f.path)) ??
    files
      .filter((f) => /(?:^|\/)skill\.md$/i.test(f.path) && !f.path.includes('!/'))
      .sort((a, b) => a.path.split('/').length - b.path.split('/').length || (a.path < b.path ? -1 : 1))[0] ??
    (files.length === 1 && /\.(?:md|markdown)$/i.test(files[0]!.path) ? files[0]! : null);

  // Decode all text first (the .pyc check needs the sources).
  const decoded = new Map<string, string | null>();
  const sources = new Map<string, string>();
  for (const f of files) {
    const t = decodeText(f.bytes);
    decoded.set(f.path, t.text);
    if (t.text !== null && /\.py$/i.test(f.path)) sources.set(f.path, t.text);
  }

  for (const f of files) {
    const sha = sha256(f.bytes);
    const size = f.bytes.length;
    const entry: FileEntry = { path: f.path, bytes: size, sha256: sha, kind: 'text', analyzed: true };
    states.push({ entry });
    if (expanded.has(f.path)) {
      entry.kind = 'archive';
      continue;
    }
    if (size === 0) {
      entry.kind = kindOf(f.path, '', null);
      continue;
    }
    const bin = sniffBinary(f.bytes, f.path);
    const text = decoded.get(f.path) ?? null;
    if (bin !== null) {
      entry.kind = kindOf(f.path, text, bin);
      entry.analyzed = false;
      const file = f.path;
      switch (bin) {
        case 'zip':
        case 'gzip':
        case 'tar':
        case 'unsupported-archive':
          // Not expanded: ingest already reported why (depth, corruption, size).
          if (!ingest.problems.some((p) => p.file === f.path)) {
            hits.push({ ruleId: 'UNANALYZABLE_ARCHIVE_CORRUPT', file, line: null, excerpt: `${bin} archive was not opened` });
          }
          break;
        case 'pyc': {
          const check = checkPyc(f.path, f.bytes, sources);
          hits.push({
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
          hits.push({ ruleId: 'UNANALYZABLE_BYTECODE', file, line: null, excerpt: `${bin} (${size} bytes)` });
          break;
        case 'executable':
          hits.push({ ruleId: 'UNANALYZABLE_BINARY', file, line: null, excerpt: `executable (${size} bytes)` });
          break;
        case 'image':
        case 'font':
        case 'audio-video': {
          const expected = expectedBinaryForExt(f.path);
          if (expected !== null && expected !== bin) {
            hits.push({ ruleId: 'UNANALYZABLE_BINARY', file, line: null, excerpt: `content is ${bin} but the name says ${expected}` });
          } else hits.push({ ruleId: 'OPAQUE_ASSET', file, line: null, excerpt: `${bin} (${size} bytes)` });
          break;
        }
        case 'pdf':
          hits.push({ ruleId: 'OPAQUE_DOCUMENT', file, line: null, excerpt: `PDF (${size} bytes)` });
          break;
        default:
          hits.push({ ruleId: 'UNANALYZABLE_BINARY', file, line: null, excerpt: `unidentified binary (${size} bytes)` });
      }
      continue;
    }
    if (text === null) {
      entry.kind = 'binary';
      entry.analyzed = false;
      const reason = decodeText(f.bytes).reason;
      hits.push(
        reason === 'invalid-utf8'
          ? { ruleId: 'UNANALYZABLE_ENCODING', file: f.path, line: null, excerpt: 'not valid UTF-8' }
          : { ruleId: 'UNANALYZABLE_BINARY', file: f.path, line: null, excerpt: `unidentified binary (${size} bytes)` },
      );
      continue;
    }
    const lang = langOf(f.path, text);
    const kind = kindOf(f.path, text, null);
    entry.kind = kind;
    if (kind === 'minified') hits.push({ ruleId: 'OPAQUE_MINIFIED', file: f.path, line: 1, excerpt: text.slice(0, 120) });
    const deadline = performance.now() + perFile;
    const fileHits: Hit[] = [];
    try {
      const ll = lexLang(lang);
      const lexed: Lexed | null = ll ? lex(ll, text) : null;
      const unit = makeUnit(f.path, lang, roleOf(kind, lang), text, lexed);
      scanUnit(unit, facts, fileHits, deadline);
    } catch (e) {
      if (!(e instanceof TimeCap)) throw e;
      entry.analyzed = false;
      fileHits.push({ ruleId: 'UNANALYZABLE_TIMEOUT', file: f.path, line: null, excerpt: `analysis stopped after ${perFile} ms` });
    }
    hits.push(...fileHits);
  }

  // devNotes are a claim to check: screen them like instructions.
  if (opts.devNotes && opts.devNotes.trim().length > 0) {
    const notes = opts.devNotes.slice(0, 20000);
    const unit = makeUnit('(devNotes)', 'markdown', 'prose', notes, null);
    const noteFacts = newFacts();
    try {
      scanUnit(unit, noteFacts, hits, performance.now() + perFile);
    } catch (e) {
      if (!(e instanceof TimeCap)) throw e;
    }
  }

  // SKILL.md front matter and manifest.
  const skillText = skillMd ? (decoded.get(skillMd.path) ?? '') : '';
  const frontMatterErrors: Array<{ line: number | null; message: string }> = [];
  let fmData: Record<string, unknown> | null = null;
  if (skillMd) {
    const fm = parseFrontMatter(skillText);
    fmData = fm.data;
    frontMatterErrors.push(...fm.errors);
    if (!fm.present) {
      hits.push({ ruleId: 'MANIFEST_NO_FRONT_MATTER', file: skillMd.path, line: 1, excerpt: skillText.split('\n', 1)[0] ?? '' });
      frontMatterErrors.push({ line: null, message: 'SKILL.md has no YAML front matter' });
    }
    for (const e of fm.errors) hits.push({ ruleId: 'MANIFEST_FRONT_MATTER_INVALID', file: skillMd.path, line: e.line, excerpt: e.message });
    if (fm.present && fm.data) {
      for (const field of ['name', 'description']) {
        if (typeof fm.data[field] !== 'string' || (fm.data[field] as string).trim() === '') {
          hits.push({ ruleId: 'MANIFEST_FIELD_MISSING', file: skillMd.path, line: fm.yamlStartLine, excerpt: `${field} is missing` });
          frontMatterErrors.push({ line: fm.yamlStartLine, message: `required field "${field}" is missing or empty` });
        }
      }
    }
  } else if (!opts.productType || /^SKILL/.test(opts.productType)) {
    hits.push({ ruleId: 'MANIFEST_MISSING_SKILL_MD', file: null, line: null, excerpt: 'no SKILL.md in the submission' });
  }
  const decl = readDeclared(fmData);
  if (skillMd && decl.always)
    hits.push({ ruleId: 'MANIFEST_ALWAYS_LOADED', file: skillMd.path, line: lineOfKey(skillText, 'always'), excerpt: 'always: true' });
  if (
    skillMd &&
    decl.description &&
    /\b(?:download|run|execute|install|paste|terminal)\b[^\n]{0,120}\b(?:\.exe|\.zip|\.dmg|\.pkg|\.sh|command|password|terminal|script)\b/i.test(
      decl.description,
    )
  ) {
    hits.push({ ruleId: 'MANIFEST_DESCRIPTION_DIRECTIVE', file: skillMd.path, line: lineOfKey(skillText, 'description'), excerpt: decl.description });
  }

  if (
    skillMd &&
    decl.description &&
    /\buse\s{1,3}this\s{1,3}skill\s{1,3}(?:for\s{1,3}(?:every|all|any)thing|always|first|for\s{1,3}(?:every|all|any)\s{1,3}(?:task|request|question|message|conversation)s?)|\balways\s{1,3}(?:use|invoke|load|activate|trigger)\s{1,3}(?:this|me)\b|\b(?:for|on)\s{1,3}(?:every|all|any)\s{1,3}(?:tasks?|requests?|questions?|messages?|prompts?|conversations?)\b/i.test(
      decl.description,
    )
  ) {
    hits.push({ ruleId: 'MANIFEST_TRIGGER_ABUSE', file: skillMd.path, line: lineOfKey(skillText, 'description'), excerpt: decl.description });
  }
  const man = deriveManifest(decl, facts, skillMd?.path ?? null, skillText);
  hits.push(...man.hits);

  // Credential stores that SKILL.md itself names are declared use: reported, but not high risk.
  const skillLowerText = skillText.toLowerCase();
  const declaredCred = (what: string): boolean => {
    const key = (CRED_PATH.exec(what) ?? WALLET_PATH.exec(what))?.[0]?.replace(/^[\s/\\~"'`=(]+/, '').toLowerCase();
    return key !== undefined && key.length >= 4 && skillLowerText.includes(key);
  };
  for (const h of hits) {
    if (
      (h.ruleId === 'CREDENTIAL_STORE_ACCESS' || h.ruleId === 'WALLET_ACCESS') &&
      skillMd &&
      h.file !== skillMd.path &&
      h.severity === undefined &&
      declaredCred(h.excerpt)
    ) {
      h.severity = 'MEDIUM';
      h.detail = "SKILL.md declares this access; confirm it is proportionate to the skill's purpose.";
    }
  }
  const credReads = facts.credentialReads.filter((c) => !declaredCred(c.what));

  // Skill-level: credentials collected and data sent out.
  const credSources = [...credReads, ...facts.envHarvest, ...facts.credentialInstructions];
  const sendSinks = [...facts.sends, ...facts.sendInstructions];
  const flowHit = hits.find((h) => h.ruleId === 'EXFIL_DATA_FLOW');
  if (credSources.length > 0 && (sendSinks.length > 0 || flowHit)) {
    const src = credSources.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line))[0]!;
    const sink = flowHit
      ? { file: flowHit.file ?? '', line: flowHit.line ?? 0, what: 'data flow' }
      : sendSinks.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line))[0]!;
    hits.push({
      ruleId: 'EXFIL_CREDENTIALS',
      file: src.file,
      line: src.line,
      excerpt: src.what,
      detail: `Credentials are collected at ${src.file}:${src.line} and data is sent out at ${sink.file}:${sink.line}.`,
    });
  }

  for (const h of hits) findings.push(hitToFinding(h));
  const finalFindings = dedupeFindings(findings);

  // Inventory.
  const inventory: FileEntry[] = states.map((s) => s.entry);
  for (const x of ingest.excluded ?? []) {
    inventory.push({ path: x.path, bytes: x.bytes, sha256: x.sha256 ?? '', kind: kindOf(x.path, x.sha256 === null ? null : '', null), analyzed: false });
  }
  for (const e of inventory) {
    if (finalFindings.some((f) => f.file === e.path && f.ruleId === 'UNANALYZABLE_TIMEOUT')) e.analyzed = false;
    if (e.kind === 'binary' && e.bytes > 0 && extOf(e.path) !== '' && e.analyzed) e.analyzed = false;
  }
  inventory.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const totalBytes = inventory.reduce((n, e) => n + e.bytes, 0);
  const readBytes = inventory.filter((e) => e.analyzed).reduce((n, e) => n + e.bytes, 0);
  const analyzabilityScore = totalBytes === 0 ? (inventory.length === 0 ? 0 : 100) : round1((100 * readBytes) / totalBytes);

  const promptInjectionSignalCount = finalFindings.filter(
    (f) => ruleMeta(f.ruleId).signal === 'promptInjection' && SEVERITY_RANK[f.severity] >= SEVERITY_RANK.MEDIUM,
  ).length;
  const realSecretSignalCount = finalFindings.filter((f) => f.ruleId === 'SECRET_LIVE').length;
  const highRiskSignalCount = finalFindings.filter((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK.HIGH).length;
  const blocking = finalFindings.filter((f) => f.blocking);
  const blocked = blocking.length > 0;
  const blockedReasons = [...new Set(blocking.map((f) => `${f.ruleId}: ${f.title}${f.file ? ` (${f.file}${f.line ? `:${f.line}` : ''})` : ''}`))].slice(0, 50);
  const top = finalFindings.reduce((m, f) => Math.max(m, SEVERITY_RANK[f.severity]), 0);
  const sandboxRiskLevel: RiskLevel =
    blocked || top >= SEVERITY_RANK.CRITICAL ? 'CRITICAL' : top >= SEVERITY_RANK.HIGH ? 'HIGH' : top >= SEVERITY_RANK.MEDIUM ? 'MEDIUM' : 'LOW';
  const externalHosts = man.manifest.hosts.filter((h) => !/^(?:localhost|127\.|0\.0\.0\.0|\[::1\])/.test(h));

  const report: EvidenceReport = {
    schemaVersion: EVIDENCE_SCHEMA_VERSION,
    engineVersion: ENGINE_VERSION,
    sandboxAnalyzedAt: (opts.now ?? (() => new Date()))().toISOString(),
    skillHash: skillMd ? coreSkillHash(skillMd.bytes) : null,
    manifest: man.manifest,
    sourceFacts: {
      externalHosts,
      manifestMismatchCount: man.mismatches.length,
      mismatches: man.mismatches,
      shell: man.observedCaps.shell,
      env: man.observedCaps.env,
      process: man.observedCaps.process,
      filesystem: man.observedCaps.filesystem,
      wallet: man.observedCaps.wallet,
      network: man.observedCaps.network,
      promptInjectionSignalCount,
      realSecretSignalCount,
      highRiskSignalCount,
      blocked,
      blockedReasons,
      files: inventory,
    },
    findings: finalFindings,
    sandboxRiskLevel,
    analyzabilityScore,
    blocked,
    blockedReasons,
    frontMatterErrors,
  };
  return report;
}

function lineOfKey(text: string, key: string): number | null {
  const m = new RegExp(`^${key}\\s*:`, 'm').exec(text);
  if (!m) return null;
  return text.slice(0, m.index).split('\n').length;
}
