import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback server speaking the OpenAI chat completions protocol (`POST /v1/chat/completions`,
 * `GET /v1/models`). What it answers depends on the requested model id:
 *
 *   stub/safe, stub/unsafe   a valid verdict (structured JSON), response `model` = `<id>@2026-01`
 *   stub/malformed           text that is not JSON
 *   stub/schema              JSON that violates the verdict schema
 *   stub/flaky               malformed on odd calls, valid on even calls
 *   stub/slow                answers after `slowMs`
 *   stub/prose               a valid verdict wrapped in prose (no structured output)
 *   stub/no-structured       400 when `response_format` is sent, else a verdict wrapped in prose
 *   stub/error               HTTP 500 with a body that must never reach a seat or a log
 */
export interface StubRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown> | null;
}

export interface ModelStub {
  baseUrl: string;
  requests: StubRequest[];
  /** What GET /v1/models returns (`data`). */
  models: unknown[];
  /** HTTP status of GET /v1/models (to simulate an unreachable list). */
  modelsStatus: number;
  slowMs: number;
  close(): Promise<void>;
}

export const STUB_USAGE = { prompt_tokens: 1234, completion_tokens: 87 };

export function verdictJson(verdict: 'SAFE' | 'UNSAFE' = 'SAFE'): string {
  return JSON.stringify({
    verdict,
    blocking: false,
    severity: verdict === 'SAFE' ? 'INFO' : 'HIGH',
    findings: verdict === 'SAFE' ? [] : [{ evidenceIds: ['sourceFacts.network'], severity: 'HIGH', summary: 'Sends data out.' }],
    rationale: verdict === 'SAFE' ? 'The skill only formats text; nothing in the evidence is risky.' : 'The skill sends data to an undeclared host.',
  });
}

export async function startModelStub(): Promise<ModelStub> {
  const counters = new Map<string, number>();
  const stub: ModelStub = { baseUrl: '', requests: [], models: [], modelsStatus: 200, slowMs: 3000, close: async () => undefined };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: Record<string, unknown> | null;
      try {
        body = text ? (JSON.parse(text) as Record<string, unknown>) : null;
      } catch {
        body = null;
      }
      const path = (req.url ?? '').split('?')[0]!;
      stub.requests.push({ method: req.method ?? '', path, headers: req.headers, body });
      const send = (status: number, payload: unknown) => {
        if (res.destroyed) return;
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(payload));
      };
      if (req.method === 'GET' && path === '/v1/models') {
        if (stub.modelsStatus !== 200) return send(stub.modelsStatus, { error: { message: 'models unavailable', type: 'server_error' } });
        return send(200, { object: 'list', data: stub.models });
      }
      if (req.method !== 'POST' || path !== '/v1/chat/completions' || !body) return send(404, { error: { message: 'not found' } });
      const model = String(body.model);
      const n = (counters.get(model) ?? 0) + 1;
      counters.set(model, n);
      const completion = (content: string) =>
        send(200, {
          id: `chatcmpl-${n}`,
          object: 'chat.completion',
          created: 1_700_000_000,
          model: `${model}@2026-01`,
          choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
          usage: { ...STUB_USAGE, total_tokens: STUB_USAGE.prompt_tokens + STUB_USAGE.completion_tokens },
        });
      switch (model) {
        case 'stub/safe':
          return completion(verdictJson('SAFE'));
        case 'stub/unsafe':
          return completion(verdictJson('UNSAFE'));
        case 'stub/malformed':
          return completion('I think this skill is SAFE {verdict: SAFE');
        case 'stub/schema':
          return completion(JSON.stringify({ verdict: 'MAYBE', blocking: 'no', severity: 'INFO', findings: [], rationale: '' }));
        case 'stub/flaky':
          return completion(n % 2 === 1 ? 'not json at all' : verdictJson('SAFE'));
        case 'stub/prose':
          return completion(`Here is my review.\n\`\`\`json\n${verdictJson('SAFE')}\n\`\`\`\nLet me know.`);
        case 'stub/no-structured':
          if (body.response_format)
            return send(400, {
              error: { message: "Invalid parameter: 'response_format' of type 'json_schema' is not supported with this model.", type: 'invalid_request_error' },
            });
          return completion(`My verdict: ${verdictJson('SAFE')}`);
        case 'stub/slow': {
          const t = setTimeout(() => completion(verdictJson('SAFE')), stub.slowMs);
          res.on('close', () => clearTimeout(t));
          return;
        }
        case 'stub/error':
          return send(500, { error: { message: 'upstream exploded; secret-ish detail sk-upstream-XYZ', type: 'server_error' } });
        default:
          return send(404, { error: { message: `model ${model} not found`, type: 'invalid_request_error' } });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  stub.baseUrl = `http://127.0.0.1:${port}/v1`;
  stub.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return stub;
}
