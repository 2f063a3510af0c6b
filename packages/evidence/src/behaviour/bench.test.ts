import { describe, expect, it } from 'vitest';
import { buildBehaviour, compareClaims, extractClaims } from './index.js';

// A typical skill: SKILL.md plus a few scripts in each language. Prints the median (does not assert
// a time: the machine is shared); asserts only that the analysis ran and found what is there.
const SKILL = `---
name: weather-notes
description: Fetches forecasts and keeps notes. Works offline for cached cities.
allowed-tools: [Bash, Read]
---
Uses https://api.weather.example/v1 with your WEATHER_KEY.
`;
const PY = `import os, json, requests
from .cache import load, save
API = "https://api.weather.example/v1"
def forecast(city):
    key = os.environ["WEATHER_KEY"]
    cached = load(city)
    if cached:
        return cached
    r = requests.get(f"{API}/forecast", params={"q": city}, headers={"Authorization": f"Bearer {key}"})
    save(city, r.json())
    return r.json()
if __name__ == "__main__":
    print(json.dumps(forecast("Paris")))
`;
const CACHE = `import json, os
DIR = os.path.join(os.path.dirname(__file__), "cache")
def load(city):
    p = os.path.join(DIR, city + ".json")
    return json.load(open(p)) if os.path.exists(p) else None
def save(city, data):
    with open(os.path.join(DIR, city + ".json"), "w") as f:
        json.dump(data, f)
`;
const JS = `import { readFileSync } from 'node:fs';
const cfg = JSON.parse(readFileSync(new URL('./config.json', import.meta.url), 'utf8'));
export async function notes(q) {
  const r = await fetch('https://api.weather.example/v1/notes?q=' + encodeURIComponent(q), { headers: { Authorization: process.env.WEATHER_KEY } });
  return r.json();
}
`;
const SH = `#!/bin/sh\nset -eu\npython3 scripts/forecast.py "$1" > /tmp/forecast.json\ncurl -s -H "Authorization: Bearer $WEATHER_KEY" https://api.weather.example/v1/ping\n`;

const FILES = [
  { path: 'SKILL.md', text: SKILL },
  { path: 'scripts/forecast.py', text: PY },
  { path: 'scripts/cache.py', text: CACHE },
  { path: 'scripts/notes.mjs', text: JS },
  { path: 'scripts/run.sh', text: SH },
];

describe('speed', () => {
  it('analyses a typical skill in a few milliseconds after module load (prints the median)', () => {
    const run = (): number => {
      const t0 = performance.now();
      const m = buildBehaviour(FILES);
      compareClaims(extractClaims(SKILL), m);
      return performance.now() - t0;
    };
    for (let i = 0; i < 5; i++) run();
    const times = Array.from({ length: 40 }, run).sort((a, b) => a - b);
    const median = times[20]!;
    console.log(
      `behaviour model, typical skill (SKILL.md + 4 scripts): median ${median.toFixed(2)} ms, p90 ${times[36]!.toFixed(2)} ms, min ${times[0]!.toFixed(2)} ms`,
    );
    const m = buildBehaviour(FILES);
    const inputs = new Set(m.events.filter((e) => e.category === 'input').map((e) => e.id));
    expect(
      m.flows
        .filter((f) => !inputs.has(f.source))
        .map((f) => f.severity)
        .sort(),
    ).toEqual(['LOW', 'LOW', 'LOW']);
    // Parameters of its public functions reach only a request and a file: no weight.
    expect(m.flows.filter((f) => inputs.has(f.source)).every((f) => f.severity === 'LOW')).toBe(true);
  });
});
