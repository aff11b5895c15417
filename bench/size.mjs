// bench/size.mjs: `node bench/size.mjs` prints the min+gz size of imports of the built core,
// measured with size-limit's own programmatic API and plugins (esbuild, minified, tree-shaken,
// gzip level 9): the same numbers `npm run size` gives for the entries of .size-limit.json.
import esbuild from '@size-limit/esbuild';
import file from '@size-limit/file';
import sizeLimit from 'size-limit';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const core = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'index.js');
export const IMPORTS = [
  ['runSync + sleep + spawn', '{ runSync, sleep, spawn }'],
  ['run + sleep', '{ run, sleep }'],
  ['every export of the core', '*'],
];

export async function sizes() {
  const checks = IMPORTS.map(([, imp]) => ({ files: [core], import: { [core]: imp }, gzip: true }));
  const results = await sizeLimit([esbuild, file], { checks });
  return Object.fromEntries(IMPORTS.map(([name], i) => [name, results[i].size]));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(JSON.stringify(await sizes()));
