// bench/size.mjs: `node bench/size.mjs` prints the min+gz size of imports of the built entries,
// measured with size-limit's own programmatic API and plugins (esbuild, minified, tree-shaken,
// gzip level 9): the same numbers `npm run size` gives for the entries of .size-limit.json.
import esbuild from '@size-limit/esbuild';
import file from '@size-limit/file';
import sizeLimit from 'size-limit';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const core = join(dist, 'core.js'); // 'yieldfrom/core': options take implementations, so a bundle keeps only those it imports
const full = join(dist, 'index.js'); // 'yieldfrom': the core, exploration, tracing, and the options' names
export const IMPORTS = [
  ['runSync + sleep + spawn', '{ runSync, sleep, spawn }', core],
  ['run + sleep', '{ run, sleep }', core],
  ['every export of the core', '*', core],
  ['runSync + sleep + spawn, from yieldfrom', '{ runSync, sleep, spawn }', full],
  ['every export of yieldfrom', '*', full],
];

export async function sizes() {
  const checks = IMPORTS.map(([, imp, file]) => ({ files: [file], import: { [file]: imp }, gzip: true }));
  const results = await sizeLimit([esbuild, file], { checks });
  return Object.fromEntries(IMPORTS.map(([name], i) => [name, results[i].size]));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(JSON.stringify(await sizes()));
