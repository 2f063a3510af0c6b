/** Turning what a developer picks in the browser into the upload body the API expects. */

export interface PickedFile {
  path: string;
  size: number;
  read: () => Promise<ArrayBuffer>;
}

export interface UploadFile {
  path: string;
  contentBase64: string;
}

export function bytesToBase64(bytes: Uint8Array): string {
  let bin = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) bin += String.fromCharCode(...bytes.subarray(i, i + chunk));
  return btoa(bin);
}

/**
 * Relative paths for the upload: a picked folder's own name is dropped when every file shares it, so
 * `my-skill/SKILL.md` becomes `SKILL.md`. Backslashes become slashes; empty and `.` segments go.
 */
export function normalisePaths(paths: readonly string[]): string[] {
  const split = paths.map((p) =>
    p
      .replace(/\\/g, '/')
      .split('/')
      .filter((s) => s && s !== '.'),
  );
  const first = split[0]?.[0];
  const shared = split.length > 0 && split.every((s) => s.length > 1 && s[0] === first);
  return split.map((s) => (shared ? s.slice(1) : s).join('/'));
}

export function fromFileList(list: FileList | readonly File[]): PickedFile[] {
  const files = Array.from(list);
  const paths = normalisePaths(files.map((f) => (f as File & { webkitRelativePath?: string }).webkitRelativePath || f.name));
  return files.map((f, i) => ({ path: paths[i]!, size: f.size, read: () => f.arrayBuffer() }));
}

export async function toUpload(files: readonly PickedFile[]): Promise<UploadFile[]> {
  return Promise.all(files.map(async (f) => ({ path: f.path, contentBase64: bytesToBase64(new Uint8Array(await f.read())) })));
}

/** Limits checked before upload so the developer hears about them at once (the server checks again). */
export function checkLimits(files: readonly PickedFile[], limits = { maxFiles: 50, maxTotalBytes: 512 * 1024, maxFileBytes: 200 * 1024 }): string | null {
  if (files.length === 0) return 'Choose a SKILL.md, a folder, or an archive (.zip, .tar.gz).';
  if (files.length > limits.maxFiles) return `At most ${limits.maxFiles} files may be submitted; you chose ${files.length}.`;
  const big = files.find((f) => f.size > limits.maxFileBytes);
  if (big) return `${big.path} is larger than ${limits.maxFileBytes / 1024} KB.`;
  const total = files.reduce((a, f) => a + f.size, 0);
  if (total > limits.maxTotalBytes) return `The files add up to more than ${limits.maxTotalBytes / 1024} KB.`;
  const hasSkill = files.some((f) => f.path === 'SKILL.md' || f.path.endsWith('/SKILL.md'));
  const hasArchive = files.some((f) => /\.(zip|tar\.gz|tgz|tar)$/i.test(f.path));
  if (!hasSkill && !hasArchive) return 'The upload needs a SKILL.md (or an archive containing one).';
  return null;
}
