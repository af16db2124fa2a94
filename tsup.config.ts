import { defineConfig } from 'tsup'

/** One entry per area (each a subpath export), plus the CLI and the fitting worker. */
const areas = ['core', 'data', 'eval', 'bkt', 'srs', 'models', 'learner', 'goals', 'sim', 'plot', 'node']

export default defineConfig([
  {
    entry: {
      index: 'src/index.ts',
      ...Object.fromEntries(areas.map((a) => [`${a}/index`, `src/${a}/index.ts`])),
    },
    format: ['esm', 'cjs'],
    // The root's `export * as area` loses its types in tsup's declaration bundler;
    // scripts/root-dts.mjs writes the root declarations instead.
    dts: { entry: Object.fromEntries(areas.map((a) => [`${a}/index`, `src/${a}/index.ts`])) },
    clean: true,
    sourcemap: false,
    splitting: true,
    treeshake: true,
    target: 'es2022',
    platform: 'neutral',
    external: ['node:*', 'tinypool'],
  },
  {
    entry: { 'cli/main': 'src/cli/main.ts', 'node/fit-worker': 'src/node/fit-worker.ts' },
    format: ['esm'],
    dts: false,
    clean: false,
    target: 'es2022',
    platform: 'node',
    banner: { js: '#!/usr/bin/env node' },
    external: ['tinypool'],
  },
])
