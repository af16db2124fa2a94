// The bundler-free browser build: one self-contained ES module, dist/browser/learnkit.js, with
// every area but `node` (and the CLI) as a namespace (`bkt`, `srs`, `learner`, ...), fp-ts and
// io-ts bundled in, and no bare specifiers, so `<script type="module">` can import it from any
// static server. Run by `npm run build`; `buildBrowser()` is also used by the web example.
import { mkdirSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')

/** Builds dist/browser/learnkit.js (or `outfile`) and returns its path. */
export const buildBrowser = async (outfile = join(root, 'dist', 'browser', 'learnkit.js')) => {
  mkdirSync(dirname(outfile), { recursive: true })
  await build({
    entryPoints: [join(root, 'src', 'index.ts')],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    outfile,
    legalComments: 'none',
    banner: { js: '// learnkit: the bundler-free browser build (all areas but node); see README "In a page without a bundler".' },
    logLevel: 'warning',
  })
  return outfile
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = await buildBrowser()
  console.log(`wrote ${out.slice(root.length + 1)}`)
}
