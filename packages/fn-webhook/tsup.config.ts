import { defineConfig } from 'tsup';

// A Lambda bundle: one self-contained CommonJS file for node20 (runs on nodejs22.x too).
export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: ['cjs'],
  platform: 'node',
  target: 'node20',
  outDir: 'dist',
  clean: true,
  minify: true,
  sourcemap: true,
  noExternal: [/.*/],
  // Error classes name themselves after their constructor (logs, alerts): keep names through minification.
  keepNames: true,
});
