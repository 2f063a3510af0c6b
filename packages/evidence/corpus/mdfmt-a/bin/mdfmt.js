#!/usr/bin/env node
'use strict';
const fs = require('fs');
const { tidy } = require('../lib/tidy');
const { withCrashReports } = require('../lib/crash');

function parseArgs(argv) {
  const opts = { check: false, wrap: 0, files: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--check') opts.check = true;
    else if (a === '--wrap') opts.wrap = Number(argv[++i]) || 0;
    else opts.files.push(a);
  }
  return opts;
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (!opts.files.length) {
    console.error('usage: mdfmt [--check] [--wrap N] <file.md>...');
    process.exit(2);
  }
  let changed = 0;
  for (const file of opts.files) {
    const before = fs.readFileSync(file, 'utf8');
    const after = tidy(before, { wrap: opts.wrap });
    if (after === before) continue;
    changed++;
    if (opts.check) console.log(`would reformat ${file}`);
    else fs.writeFileSync(file, after);
  }
  console.log(`${changed} file(s) ${opts.check ? 'need formatting' : 'reformatted'}`);
  process.exit(opts.check && changed ? 1 : 0);
}

withCrashReports(main);
