#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { parse as parseYaml } from 'yaml';

const [schemaPath, ...files] = process.argv.slice(2);
if (!schemaPath || !files.length) {
  console.error('usage: check.mjs schema.json file...');
  process.exit(2);
}
const load = (p) => (p.endsWith('.yaml') || p.endsWith('.yml') ? parseYaml(readFileSync(p, 'utf8')) : JSON.parse(readFileSync(p, 'utf8')));
const ajv = new Ajv2020({ allErrors: true, strict: false, loadSchema: undefined });
addFormats(ajv);
const validate = ajv.compile(load(schemaPath));
let failed = 0;
for (const f of files) {
  if (validate(load(f))) {
    console.log(`ok    ${f}`);
    continue;
  }
  failed++;
  console.log(`FAIL  ${f}`);
  for (const e of validate.errors) console.log(`      ${e.instancePath || '/'}: ${e.message}${e.params && e.params.allowedValues ? ` (${e.params.allowedValues.join(', ')})` : ''}`);
}
process.exit(failed ? 1 : 0);
