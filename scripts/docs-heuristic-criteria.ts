/**
 * Regenerates the README's table of heuristic criteria from HEURISTIC_CRITERIA, so the documentation says
 * exactly how the heuristic judge scores (test/evaluate/heuristic/readme.test.ts checks it).
 * Run: npm run docs:heuristic
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { HEURISTIC_CRITERIA } from '../src/evaluate/heuristic/index.js';

const readmePath = join(resolve(import.meta.dirname, '..'), 'README.md');
const HEADER = '| criterion | how it is measured → score |\n|---|---|\n';

const readme = readFileSync(readmePath, 'utf8');
const start = readme.indexOf(HEADER);
if (start === -1) throw new Error(`README.md has no table starting with:\n${HEADER}`);
const bodyStart = start + HEADER.length;
const end = readme.indexOf('\n\n', bodyStart);
const rows = Object.entries(HEURISTIC_CRITERIA).map(([id, text]) => `| \`${id}\` | ${text.replace(/\|/g, '\\|')} |`);
writeFileSync(readmePath, `${readme.slice(0, bodyStart)}${rows.join('\n')}${readme.slice(end === -1 ? readme.length : end)}`);
console.log(`README.md: ${rows.length} heuristic criteria`);
