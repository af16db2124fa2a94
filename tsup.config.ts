import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { defineConfig } from 'tsup'

/** Every module of the library (not the CLI or the worker script), as `area/name` → path. */
const modules = (dir: string): Array<[string, string]> =>
  readdirSync(dir, { withFileTypes: true }).flatMap((d): Array<[string, string]> => {
    const p = join(dir, d.name)
    if (d.isDirectory()) return d.name === 'cli' ? [] : modules(p)
    if (!d.name.endsWith('.ts') || d.name.startsWith('fit-worker')) return []
    return [[p.slice('src/'.length, -'.ts'.length), p]]
  })

/** The areas: each a subpath export with its own declarations. */
const areas = ['core', 'data', 'eval', 'bkt', 'srs', 'models', 'learner', 'goals', 'sim', 'plot', 'irt', 'node']

export default defineConfig([
  {
    // Each module is its own entry, so output files keep module boundaries and
    // bundlers drop the modules an app does not use ("sideEffects": false).
    entry: Object.fromEntries(modules('src')),
    format: ['esm', 'cjs'],
    // The root's `export * as area` loses its types in tsup's declaration bundler;
    // scripts/root-dts.mjs writes the root declarations instead.
    dts: { entry: Object.fromEntries(areas.map((a) => [`${a}/index`, `src/${a}/index.ts`])) },
    clean: true,
    sourcemap: false,
    splitting: true,
    shims: true,
    target: 'es2022',
    platform: 'neutral',
    external: ['node:*'],
  },
  {
    entry: { 'cli/main': 'src/cli/main.ts', 'node/fit-worker': 'src/node/fit-worker.ts' },
    format: ['esm'],
    dts: false,
    clean: false,
    target: 'es2022',
    platform: 'node',
    banner: { js: '#!/usr/bin/env node' },
    // io-ts and fp-ts bundled into the command: loading their CommonJS builds through Node's
    // ESM-to-CJS translation cost about a third of the CLI's start-up
    noExternal: ['io-ts', 'fp-ts'],
    // the demo renders its charts with vega/vega-lite when installed (dev dependencies): never bundled
    external: ['tinypool', 'vega', 'vega-lite'],
  },
])
