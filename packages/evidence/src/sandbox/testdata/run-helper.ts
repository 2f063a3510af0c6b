// A separate SIGMA-like process for the lifecycle tests: runs one request (argv[2], JSON with text
// files) through runInSandbox and prints the record. Started with `node --import tsx`.
import { runInSandbox } from '../run.js';

interface HelperRequest {
  files: { path: string; text: string }[];
  entry: string;
  timeoutMs?: number;
}

const req = JSON.parse(process.argv[2] ?? '{}') as HelperRequest;
const record = await runInSandbox({
  entry: req.entry,
  timeoutMs: req.timeoutMs,
  files: req.files.map((f) => ({ path: f.path, bytes: new TextEncoder().encode(f.text) })),
});
process.stdout.write(JSON.stringify(record));
