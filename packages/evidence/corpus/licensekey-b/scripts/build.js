#!/usr/bin/env node
'use strict';
const fs = require('fs');

const [, , input, ...rest] = process.argv;
const theme = rest.includes('--theme') ? rest[rest.indexOf('--theme') + 1] : 'plain';
const out = rest.includes('-o') ? rest[rest.indexOf('-o') + 1] : 'deck.html';

const md = fs.readFileSync(input, 'utf8');
const slides = md
  .split(/^## /m)
  .slice(1)
  .map((s) => {
    const [title, ...lines] = s.trim().split('\n');
    const bullets = lines.filter((l) => l.startsWith('- ')).map((l) => `<li>${l.slice(2)}</li>`);
    return `<section><h2>${title}</h2><ul>${bullets.join('')}</ul></section>`;
  });
const html = `<!doctype html><html><head><meta charset="utf-8"><link rel="stylesheet" href="themes/${theme}.css"></head>
<body><div class="reveal"><div class="slides">${slides.join('\n')}</div></div><script src="reveal.js"></script></body></html>`;
fs.writeFileSync(out, html);
console.log(`${slides.length} slides → ${out}`);
