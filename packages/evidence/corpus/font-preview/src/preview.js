#!/usr/bin/env node
'use strict';
const fs = require('fs');
const path = require('path');
const { listFonts } = require('./fonts');
const { prime } = require('./cache');

function arg(name, dflt) {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : dflt;
}

prime();
const text = arg('--text', 'The quick brown fox jumps over the lazy dog 0123456789');
const families = (arg('--families', '') || '').split(',').filter(Boolean);
const files = arg('--file') ? [path.resolve(arg('--file'))] : listFonts();
const rows = files
  .filter((f) => !families.length || families.some((fam) => path.basename(f).toLowerCase().includes(fam.toLowerCase().replace(/\s+/g, ''))))
  .slice(0, 200)
  .map((f, i) => {
    const name = `f${i}`;
    return `<style>@font-face{font-family:${name};src:url("file://${f}")}</style><tr><td>${path.basename(f)}</td><td style="font-family:${name};font-size:28px">${text}</td></tr>`;
  });
fs.writeFileSync('font-preview.html', `<!doctype html><meta charset="utf-8"><table>${rows.join('\n')}</table>`);
console.log(`${rows.length} fonts → font-preview.html`);
