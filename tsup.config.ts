import { defineConfig } from 'tsup';

export default defineConfig({
  // The core (index, and core: the same without exploration or the options' names) imports no node: module; node is the node-only entry point; timeline draws a
  // Tracer's run as SVG/HTML (its own entry, so the core's size budget does not pay for it).
  entry: { index: 'lib/index.ts', core: 'lib/core.ts', node: 'lib/node/index.ts', timeline: 'lib/timeline-html.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  // ES2022 keeps #private fields and class fields native (lowering them to WeakMaps would slow the hot path).
  target: 'es2022',
  treeshake: true,
  // One copy of the core shared by both entry points, in ESM and CJS alike (instanceof must hold across them).
  splitting: true,
  // import.meta.url in the CJS build (the executor finds its worker file with it).
  shims: true,
  external: ['piscina'],
  // The piscina worker is plain JS and runs as-is in worker threads.
  onSuccess: 'cp lib/node/worker.mjs dist/worker.mjs',
});
