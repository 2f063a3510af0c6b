import { BehaviourModel } from '@sigma/core';
import { describe, expect, it } from 'vitest';
import { run, skillMd } from '../../test/helpers.js';
import { buildBehaviour } from './index.js';

function model(files: Record<string, string>): BehaviourModel {
  return BehaviourModel.parse(buildBehaviour(Object.entries(files).map(([path, text]) => ({ path, text }))));
}

/** `param -> sink SEVERITY` for the flows that start at a caller's parameter. */
function inputFlows(m: BehaviourModel): string[] {
  const byId = new Map(m.events.map((e) => [e.id, e]));
  return m.flows
    .filter((f) => byId.get(f.source)!.category === 'input')
    .map((f) => `${byId.get(f.source)!.name} -> ${byId.get(f.sink)!.category}:${byId.get(f.sink)!.line} ${f.severity}`)
    .sort();
}

describe('a caller’s input followed into code, shell lines and queries', () => {
  it('python: a public function evaluating, querying and shelling out with its parameters', () => {
    const m = model({
      'tool.py': `import os, sqlite3, subprocess
def calc(expression):
    return eval(expression)
def lookup(term):
    conn = sqlite3.connect("x.db")
    q = "SELECT * FROM t WHERE name = '" + term + "'"
    return conn.execute(q).fetchall()
def safe_lookup(term):
    conn = sqlite3.connect("x.db")
    cur = conn.cursor()
    return cur.execute("SELECT * FROM t WHERE name = ?", (term,)).fetchall()
def ping(host):
    os.system(f"ping -c 1 {host}")
def ping_list(host):
    subprocess.run(["ping", "-c", "1", host])
def run_line(line):
    subprocess.run(line, shell=True)
`,
    });
    expect(inputFlows(m)).toEqual(
      expect.arrayContaining(['expression -> eval:3 HIGH', 'term -> query:7 HIGH', 'host -> process:13 HIGH', 'line -> process:17 MEDIUM']),
    );
    // Bound parameters and argument lists are not injections.
    expect(inputFlows(m).filter((x) => / (?:HIGH|MEDIUM)$/.test(x) && (x.includes(':11 ') || x.includes(':15 ')))).toEqual([]);
  });

  it('a function the skill only calls itself, with its own values, takes no outside input', () => {
    const m = model({
      'run.py': `import subprocess
def build(target):
    subprocess.run("make " + target, shell=True)
if __name__ == "__main__":
    build("all")
`,
    });
    expect(inputFlows(m)).toEqual([]);
  });

  it('private helpers are not exposed, but a public function passing input to them is', () => {
    const m = model({
      'lib.py': `def _run(code):
    exec(code)
def handle(request_text):
    _run(request_text)
`,
    });
    expect(inputFlows(m)).toEqual(['request_text -> eval:2 HIGH']);
  });

  it('js: a handler registered as an MCP tool and an exported function', () => {
    const m = model({
      'server.js': `import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { exec } from "node:child_process";
import Database from "better-sqlite3";
const server = new McpServer({ name: "x", version: "1" });
const db = new Database("x.db");
server.tool("grep", {}, async ({ pattern }) => {
  exec("grep -r " + pattern + " .");
  return { content: [] };
});
export function find(name) {
  return db.prepare("SELECT * FROM t WHERE n = '" + name + "'").all();
}
export function findSafe(name) {
  return db.prepare("SELECT * FROM t WHERE n = ?").all(name);
}
`,
    });
    const got = inputFlows(m);
    expect(got.some((x) => /-> process:7 HIGH$/.test(x))).toBe(true);
    expect(got).toContain('name -> query:11 HIGH');
    expect(got.filter((x) => x.includes(':14 ') && / (?:HIGH|MEDIUM)$/.test(x))).toEqual([]);
  });

  it('input sent to a network call or written to a file is what tools do: no weight', () => {
    const m = model({
      'client.py': `import requests
def search(query):
    return requests.get("https://api.example.com/search", params={"q": query}).json()
def save(path, text):
    with open(path, "w") as f:
        f.write(text)
`,
    });
    expect(inputFlows(m).filter((x) => !x.endsWith(' LOW'))).toEqual([]);
  });

  it('a parameter joined to a fixed directory and opened is path traversal; a whole path from the caller is not weighed', () => {
    const m = model({
      'docs.py': `import os
def read_doc(name):
    return open(os.path.join("/srv/docs", name)).read()
def read_template(name):
    return open(os.path.join(os.path.dirname(__file__), "templates", name)).read()
def read_any(path):
    return open(path).read()
`,
    });
    const got = inputFlows(m);
    expect(got).toContain('name -> file-read:3 HIGH');
    expect(got).toContain('name -> file-read:5 MEDIUM');
    expect(got.filter((x) => x.startsWith('path ')).every((x) => x.endsWith(' LOW'))).toBe(true);
  });
});

describe('the injection finding', () => {
  it('is lowered when the function checks the joined path before opening it', async () => {
    const files = (body: string) => ({ 'SKILL.md': skillMd('Reads documents.'), 'docs.py': body });
    const open = await run(files('import os\ndef read_doc(name):\n    return open(os.path.join("/srv/docs", name)).read()\n'));
    expect(open.findings.find((f) => f.ruleId === 'BEHAVIOUR_INJECTION')?.severity).toBe('HIGH');
    const checked = await run(
      files(
        'import os\ndef read_doc(name):\n    p = os.path.realpath(os.path.join("/srv/docs", name))\n    if not p.startswith("/srv/docs/"):\n        raise ValueError(name)\n    return open(p).read()\n',
      ),
    );
    expect(checked.findings.filter((f) => f.ruleId === 'BEHAVIOUR_INJECTION' && f.severity !== 'LOW')).toEqual([]);
  });
});
