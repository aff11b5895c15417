import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'lib/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  // ES2022 keeps #private fields and class fields native (lowering them to WeakMaps would slow the hot path).
  target: 'es2022',
  treeshake: true,
});
