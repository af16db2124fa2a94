// Executes every notebook in examples/notebooks through a real Jupyter client
// (nbconvert's ExecutePreprocessor, see execute.py) on Deno's kernel from
// node_modules, registered in a temporary kernelspec directory (nothing is
// written to the user's Jupyter or Deno folders). Fails on any error or
// stderr output, and on a display cell without its rich output.
//
// Needs Debian's python3-nbclient, python3-ipykernel and jupyter-nbconvert
// (.ci/run installs them) and the built package (dist/): the suite's
// `npm test` builds before vitest; run alone, this test builds when dist/ is
// missing or older than the sources.
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { VEGA_LITE_MIME } from '../../src/core/index.js'
import type { VegaLiteSpec } from '../../src/plot/index.js'
import { markCount, renderSvg } from '../plot/svg.js'

const root = resolve(__dirname, '../..')
const dir = join(root, 'examples/notebooks')
const outDir = join(root, '.tmp/notebooks')
const python = '/usr/bin/python3'
const notebooks = readdirSync(dir).filter((f) => f.endsWith('.ipynb')).sort()

interface Output {
  readonly output_type: string
  readonly name?: string
  readonly text?: string | string[]
  readonly ename?: string
  readonly evalue?: string
  readonly data?: Readonly<Record<string, unknown>>
}
interface Cell {
  readonly cell_type: string
  readonly source: string | string[]
  readonly metadata: { readonly tags?: ReadonlyArray<string> }
  readonly outputs?: ReadonlyArray<Output>
}
interface Notebook {
  readonly cells: ReadonlyArray<Cell>
  readonly metadata: { readonly kernelspec?: { readonly name?: string } }
}

const read = (path: string): Notebook => JSON.parse(readFileSync(path, 'utf8')) as Notebook
const text = (s: string | string[] | undefined): string => (Array.isArray(s) ? s.join('') : (s ?? ''))

/** Newest modification time (ms) of the files under `path`. */
const newest = (path: string): number => {
  const st = statSync(path)
  if (!st.isDirectory()) return st.mtimeMs
  return readdirSync(path).reduce((m, f) => Math.max(m, newest(join(path, f))), 0)
}

/** Builds dist/ when it is missing or older than what it is built from. */
const ensureBuilt = (): void => {
  const built = join(root, 'dist/plot/index.js')
  const sources = Math.max(newest(join(root, 'src')), newest(join(root, 'package.json')), newest(join(root, 'tsup.config.ts')))
  if (existsSync(built) && statSync(built).mtimeMs >= sources) return
  // the npm that runs this suite (node_modules/.bin may hold an old npm from a dependency)
  const npm = process.env.npm_execpath
  if (npm !== undefined && /\.c?js$/.test(npm)) execFileSync(process.execPath, [npm, 'run', 'build'], { cwd: root, stdio: 'ignore', timeout: 600_000 })
  else execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'ignore', timeout: 600_000 })
}

/** What is missing to run the notebooks, as a message (empty when nothing). */
const missingTools = (): string => {
  const r = spawnSync(python, ['-c', 'import nbclient, nbconvert, nbformat'], { encoding: 'utf8' })
  return r.status === 0 ? '' : `${python} cannot import nbclient/nbconvert (apt-get install python3-nbclient jupyter-nbconvert python3-ipykernel)`
}

let env: NodeJS.ProcessEnv = {}
let jupyterDir = ''
const seconds: Record<string, number> = {}

beforeAll(() => {
  const missing = missingTools()
  if (missing !== '') throw new Error(missing)
  ensureBuilt()
  jupyterDir = mkdtempSync(join(tmpdir(), 'learnkit-jupyter-'))
  const kernel = join(jupyterDir, 'kernels/deno')
  mkdirSync(kernel, { recursive: true })
  const deno = realpathSync(join(root, 'node_modules/.bin/deno'))
  writeFileSync(
    join(kernel, 'kernel.json'),
    JSON.stringify({ argv: [deno, 'jupyter', '--kernel', '--conn', '{connection_file}'], display_name: 'Deno', language: 'typescript' }),
  )
  mkdirSync(outDir, { recursive: true })
  env = {
    ...process.env,
    JUPYTER_PATH: jupyterDir,
    JUPYTER_DATA_DIR: join(jupyterDir, 'data'),
    JUPYTER_RUNTIME_DIR: join(jupyterDir, 'runtime'),
    JUPYTER_CONFIG_DIR: join(jupyterDir, 'config'),
    JUPYTER_PLATFORM_DIRS: '1',
    DENO_DIR: join(root, '.tmp/deno-dir'),
    DENO_NO_UPDATE_CHECK: '1',
    NO_COLOR: '1',
  }
}, 900_000)

afterAll(() => {
  if (jupyterDir !== '') rmSync(jupyterDir, { recursive: true, force: true })
  if (Object.keys(seconds).length > 0) console.log(`notebook run times (s): ${JSON.stringify(seconds)}`)
})

describe('examples/notebooks', () => {
  it('holds at least three notebooks, committed without outputs, for the Deno kernel', () => {
    expect(notebooks.length).toBeGreaterThanOrEqual(3)
    for (const f of notebooks) {
      const nb = read(join(dir, f))
      expect(nb.metadata.kernelspec?.name, f).toBe('deno')
      for (const c of nb.cells) if (c.cell_type === 'code') expect(c.outputs ?? [], f).toEqual([])
    }
  })

  for (const f of notebooks) {
    it(`${f} executes without errors, every display cell with its rich output`, async () => {
      const out = join(outDir, f)
      const t0 = Date.now()
      const run = spawnSync(python, [join(__dirname, 'execute.py'), join(dir, f), out, '600'], { env, encoding: 'utf8', timeout: 900_000 })
      seconds[f] = Number(((Date.now() - t0) / 1000).toFixed(1))
      const nb = existsSync(out) ? read(out) : undefined
      const problems: string[] = []
      if (run.status !== 0) problems.push(`executor exited ${run.status}: ${run.stderr.split('\n').filter((l) => /Error|error/.test(l)).slice(-5).join(' | ')}`)
      const charts: VegaLiteSpec[] = []
      nb?.cells.forEach((c, i) => {
        if (c.cell_type !== 'code') return
        const outputs = c.outputs ?? []
        for (const o of outputs) {
          if (o.output_type === 'error') problems.push(`cell ${i}: ${o.ename ?? 'error'}: ${o.evalue ?? ''}`)
          if (o.output_type === 'stream' && o.name === 'stderr') problems.push(`cell ${i}: stderr: ${text(o.text).slice(0, 300)}`)
          const spec = o.data?.[VEGA_LITE_MIME]
          if (spec !== undefined) charts.push(spec as VegaLiteSpec)
        }
        if (c.metadata.tags?.includes('setup') === true) return
        const rich = outputs.some((o) => o.data !== undefined && ('text/html' in o.data || VEGA_LITE_MIME in o.data) && 'text/plain' in o.data)
        if (!rich) problems.push(`cell ${i} (${text(c.source).split('\n').pop()?.slice(0, 60)}): no text/html or ${VEGA_LITE_MIME} output`)
      })
      expect(problems, `${f}: executed copy in ${out}`).toEqual([])
      // every chart the notebook shows renders with its marks
      for (const spec of charts) {
        const svg = await renderSvg(spec)
        const marks = ['line', 'symbol', 'rule', 'rect'].reduce((n, m) => n + markCount(svg, m), 0)
        expect(marks, `${f}: ${String(spec.description)}`).toBeGreaterThan(0)
      }
    }, 900_000)
  }
})
