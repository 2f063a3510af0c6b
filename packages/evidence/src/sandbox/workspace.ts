import { chmod, chown, lstat, mkdir, mkdtemp, open, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * The private directory one run lives in, on the host:
 *
 *   <root>/            0700, owned by the run's unprivileged uid (bwrap runs as that uid and must reach the binds)
 *     code/            the submitted files, bound read-only at /code
 *     etc/             a synthetic /etc (passwd, group, hosts, resolv.conf, nsswitch.conf), bound read-only
 *     tmp/             mount point of the run's own tmpfs (size and inode caps), bound at /tmp
 *     shm/             mount point of a 1 MiB, 64-inode tmpfs bound at /dev/shm
 *
 * and, apart from it, a `sigma-trace-` directory (0700 root) holding the strace log: never bound, not even
 * under a directory the run's uid owns.
 *
 * Files arrive as (path, bytes); only relative, normalised paths are accepted and every file is
 * created with O_EXCL in a directory nobody else can enter, so no link can be planted or followed.
 */
export interface Workspace {
  root: string;
  codeDir: string;
  etcDir: string;
  tmpDir: string;
  shmDir: string;
  tracePath: string;
  cleanup(): Promise<void>;
}

export interface WorkspaceFile {
  path: string;
  bytes: Uint8Array;
}

export class WorkspaceRefusal extends Error {}

const MAX_FILES = 10_000;
const MAX_TOTAL_BYTES = 64 * 1024 * 1024;
const MAX_PATH = 512;

/** A safe relative path (`a/b.js`), or null: no absolute paths, `..`, `.`, empty segments, backslashes or control characters. */
export function safeRelativePath(p: string): string | null {
  if (p.length === 0 || p.length > MAX_PATH) return null;
  if (/[\u0000-\u001f\u007f\\]/.test(p)) return null;
  if (p.startsWith('/') || p.startsWith('~')) return null;
  const segs = p.split('/');
  if (segs.some((s) => s === '' || s === '.' || s === '..')) return null;
  return segs.join('/');
}

function syntheticEtc(): Record<string, string> {
  return {
    passwd: 'root:x:0:0:root:/nonexistent:/usr/sbin/nologin\nsandbox:x:65534:65534:SIGMA sandbox:/tmp:/usr/sbin/nologin\n',
    group: 'root:x:0:\nsandbox:x:65534:\n',
    hosts: '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n',
    hostname: 'sandbox\n',
    // The resolver is the loopback sink (see sink.mjs); one quick try, no search domains.
    'resolv.conf': 'nameserver 127.0.0.53\noptions timeout:1 attempts:1\n',
    'nsswitch.conf': 'passwd: files\ngroup: files\nhosts: files dns\nnetworks: files\nprotocols: files\nservices: files\n',
  };
}

export async function prepareWorkspace(files: readonly WorkspaceFile[], uid: number, gid: number): Promise<Workspace> {
  if (files.length > MAX_FILES) throw new WorkspaceRefusal(`more than ${MAX_FILES} files`);
  let total = 0;
  const seen = new Set<string>();
  const dirs = new Set<string>();
  const planned: { rel: string; bytes: Uint8Array }[] = [];
  for (const f of files) {
    const rel = safeRelativePath(f.path);
    if (!rel) throw new WorkspaceRefusal(`unsafe path ${JSON.stringify(f.path.slice(0, 100))}`);
    if (seen.has(rel)) throw new WorkspaceRefusal(`duplicate path ${rel}`);
    seen.add(rel);
    total += f.bytes.byteLength;
    if (total > MAX_TOTAL_BYTES) throw new WorkspaceRefusal('files larger than the sandbox accepts');
    for (let d = dirname(rel); d !== '.'; d = dirname(d)) dirs.add(d);
    planned.push({ rel, bytes: f.bytes });
  }
  for (const d of dirs) if (seen.has(d)) throw new WorkspaceRefusal(`${d} is both a file and a directory`);

  const root = await mkdtemp(join(tmpdir(), 'sigma-sandbox-'));
  const traceDir = await mkdtemp(join(tmpdir(), 'sigma-trace-'));
  const ws: Workspace = {
    root,
    codeDir: join(root, 'code'),
    etcDir: join(root, 'etc'),
    tmpDir: join(root, 'tmp'),
    shmDir: join(root, 'shm'),
    tracePath: join(traceDir, 'strace.log'),
    cleanup: async () => {
      await rm(root, { recursive: true, force: true, maxRetries: 3 });
      await rm(traceDir, { recursive: true, force: true, maxRetries: 3 });
    },
  };
  try {
    await chmod(root, 0o700);
    await chmod(traceDir, 0o700);
    await mkdir(ws.codeDir, { mode: 0o755 });
    await mkdir(ws.etcDir, { mode: 0o755 });
    await mkdir(ws.tmpDir, { mode: 0o700 });
    await mkdir(ws.shmDir, { mode: 0o700 });
    for (const d of [...dirs].sort()) await mkdir(join(ws.codeDir, d), { recursive: true, mode: 0o755 });
    for (const f of planned) {
      // O_CREAT|O_EXCL|O_NOFOLLOW: a fresh file or a failure, never through a link.
      const fh = await open(join(ws.codeDir, f.rel), 'wx', 0o644);
      try {
        await fh.writeFile(f.bytes);
      } finally {
        await fh.close();
      }
    }
    await mkdir(join(ws.etcDir, 'ssl', 'certs'), { recursive: true, mode: 0o755 }); // mount point for the public CA certificates
    for (const [name, text] of Object.entries(syntheticEtc())) await writeFile(join(ws.etcDir, name), text, { mode: 0o644, flag: 'wx' });
    await chown(root, uid, gid);
  } catch (e) {
    await ws.cleanup();
    throw e;
  }
  return ws;
}

/**
 * Removes workspaces and traces left by a SIGMA process that died mid-run (a live run never lasts
 * an hour: the wall-clock limit is at most five minutes). Called once, when the sandbox is probed.
 */
export async function sweepStaleWorkspaces(maxAgeMs = 60 * 60 * 1000): Promise<number> {
  let removed = 0;
  const dir = tmpdir();
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    if (!/^sigma-(sandbox|trace)-[A-Za-z0-9]{6}$/.test(name)) continue;
    try {
      const st = await lstat(join(dir, name));
      if (!st.isDirectory() || Date.now() - st.mtimeMs < maxAgeMs) continue;
      await rm(join(dir, name), { recursive: true, force: true });
      removed++;
    } catch {
      // gone meanwhile
    }
  }
  return removed;
}
