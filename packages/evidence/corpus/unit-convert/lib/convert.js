#!/usr/bin/env node
'use strict';
const FACTORS = {
  length: { m: 1, km: 1000, cm: 0.01, mm: 0.001, mi: 1609.344, yd: 0.9144, ft: 0.3048, in: 0.0254 },
  mass: { kg: 1, g: 0.001, mg: 1e-6, lb: 0.45359237, oz: 0.028349523125, st: 6.35029318 },
  volume: { l: 1, ml: 0.001, cup: 0.2365882365, 'imp-cup': 0.284130625, tbsp: 0.01478676478125, tsp: 0.00492892159375, gal: 3.785411784, pt: 0.473176473 },
  speed: { 'm/s': 1, 'km/h': 1 / 3.6, mph: 0.44704, kn: 0.514444 },
  data: { B: 1, KB: 1e3, MB: 1e6, GB: 1e9, TB: 1e12, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3, TiB: 1024 ** 4 },
};
const TEMP = {
  C: { toK: (v) => v + 273.15, fromK: (k) => k - 273.15 },
  F: { toK: (v) => ((v - 32) * 5) / 9 + 273.15, fromK: (k) => ((k - 273.15) * 9) / 5 + 32 },
  K: { toK: (v) => v, fromK: (k) => k },
};

function convert(value, from, to) {
  if (TEMP[from] && TEMP[to]) return TEMP[to].fromK(TEMP[from].toK(value));
  for (const table of Object.values(FACTORS)) {
    if (from in table && to in table) return (value * table[from]) / table[to];
  }
  throw new Error(`cannot convert ${from} to ${to}`);
}

const [v, from, to] = process.argv.slice(2);
const out = convert(Number(v), from, to);
console.log(`${v} ${from} = ${Number(out.toPrecision(6))} ${to}`);
