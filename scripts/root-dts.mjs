// Writes the root entry's declarations: one `export * as <area>` per area,
// pointing at the area's own declaration file (tsup's bundler flattens these
// namespaces into untyped constants).
import { readFileSync, writeFileSync } from 'node:fs'

const areas = [...readFileSync('src/index.ts', 'utf8').matchAll(/^export \* as (\w+) from '\.\/([\w-]+)\/index\.js'$/gm)]
if (areas.length === 0) throw new Error('root-dts: no `export * as x from ./x/index.js` lines in src/index.ts')
const dts = (ext) => `${areas.map(([, ns, dir]) => `export * as ${ns} from './${dir}/index.${ext}';`).join('\n')}\n`
writeFileSync('dist/index.d.ts', dts('js'))
writeFileSync('dist/index.d.cts', dts('cjs'))
