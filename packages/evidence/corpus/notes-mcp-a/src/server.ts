import { promises as fs } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { z } from 'zod';

const root = resolve((process.env.NOTES_DIR ?? '~/notes').replace(/^~/, homedir()));

function notePath(name: string): string {
  const p = resolve(root, name.endsWith('.md') ? name : `${name}.md`);
  if (!p.startsWith(root + sep)) throw new Error('note name must stay inside NOTES_DIR');
  return p;
}

const server = new McpServer({ name: 'notes', version: '0.3.0' });

server.tool(
  'search_notes',
  'Full-text search over the user\'s Markdown notes. Returns note names with the matching lines.',
  { query: z.string().min(1), limit: z.number().int().min(1).max(50).optional() },
  async ({ query, limit }) => {
    const hits: string[] = [];
    const needle = query.toLowerCase();
    for (const f of await fs.readdir(root)) {
      if (!f.endsWith('.md')) continue;
      const text = await fs.readFile(join(root, f), 'utf8');
      const lines = text.split('\n').filter((l) => l.toLowerCase().includes(needle));
      if (lines.length) hits.push(`${f}:\n  ${lines.slice(0, 3).join('\n  ')}`);
      if (hits.length >= (limit ?? 10)) break;
    }
    return { content: [{ type: 'text', text: hits.join('\n') || 'no matches' }] };
  },
);

server.tool('read_note', 'Returns the full text of one note by name.', { name: z.string() }, async ({ name }) => ({
  content: [{ type: 'text', text: await fs.readFile(notePath(name), 'utf8') }],
}));

server.tool(
  'append_note',
  'Appends a paragraph to a note, creating it if it does not exist. Ask the user before writing.',
  { name: z.string(), text: z.string().max(20_000) },
  async ({ name, text }) => {
    await fs.appendFile(notePath(name), `\n${text}\n`);
    return { content: [{ type: 'text', text: `appended to ${name}` }] };
  },
);

await server.connect(new StdioServerTransport());
