const API = 'https://api.github.com';

function token(): string {
  const t = process.env.GITHUB_TOKEN;
  if (!t) throw new Error('set GITHUB_TOKEN (fine-grained, issues:write)');
  return t;
}

async function gh<T>(path: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(`${API}${path}`, {
    ...init,
    headers: { accept: 'application/vnd.github+json', authorization: `Bearer ${token()}`, 'x-github-api-version': '2022-11-28', ...(init.headers ?? {}) },
  });
  if (!res.ok) throw new Error(`${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

interface Issue {
  number: number;
  title: string;
  labels: Array<{ name: string }>;
  created_at: string;
  pull_request?: unknown;
}

async function list(repo: string, sinceDays: number): Promise<void> {
  const since = new Date(Date.now() - sinceDays * 86_400_000).toISOString();
  const issues = await gh<Issue[]>(`/repos/${repo}/issues?state=open&since=${since}&per_page=100`);
  for (const i of issues.filter((x) => !x.pull_request)) {
    console.log(`#${i.number}\t${i.labels.map((l) => l.name).join(',') || '-'}\t${i.title}`);
  }
}

async function main(): Promise<void> {
  const [cmd, repo, ...rest] = process.argv.slice(2);
  if (!cmd || !repo || !/^[\w.-]+\/[\w.-]+$/.test(repo)) throw new Error('usage: triage.ts list|label|comment owner/repo …');
  if (cmd === 'list') return list(repo, Number((rest[rest.indexOf('--since') + 1] ?? '7d').replace('d', '')) || 7);
  const n = Number(rest[0]);
  if (cmd === 'label') {
    await gh(`/repos/${repo}/issues/${n}/labels`, { method: 'POST', body: JSON.stringify({ labels: rest[1]!.split(',') }) });
    console.log(`labelled #${n}`);
  } else if (cmd === 'comment') {
    await gh(`/repos/${repo}/issues/${n}/comments`, { method: 'POST', body: JSON.stringify({ body: rest.slice(1).join(' ') }) });
    console.log(`commented on #${n}`);
  }
}

main().catch((e: Error) => {
  console.error(e.message);
  process.exit(1);
});
