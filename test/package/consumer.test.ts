// The consumer check: pack the built package, install the tarball into a fresh project, and use it
// the way users will: `import` and `require` every subpath, type-check a consumer under
// moduleResolution node16 and bundler, and run publint and @arethetypeswrong/cli on it.
//
// `npm test` builds before vitest runs; this file builds only when dist/ is missing (e.g. when run
// alone on a fresh clone). Dependencies (fp-ts, io-ts) come from the npm cache that `npm ci`
// filled, so the install works offline; without a warm cache it falls back to a normal install.
import { execFile } from 'node:child_process'
import { builtinModules } from 'node:module'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const exec = promisify(execFile)
const root = resolve(__dirname, '../..')
/** The package under test: this repository, or another checkout of it (LEARNKIT_CONSUMER_ROOT) to try a packaging change. */
const pkgRoot = resolve(process.env.LEARNKIT_CONSUMER_ROOT ?? root)
const bin = (name: string): string => join(root, 'node_modules', '.bin', name)
const env = { ...process.env, npm_config_update_notifier: 'false', npm_config_loglevel: 'error', npm_config_fund: 'false' }

const run = async (file: string, args: ReadonlyArray<string>, cwd: string): Promise<{ stdout: string; stderr: string }> => {
  try {
    return await exec(file, [...args], { cwd, env, timeout: 120_000, maxBuffer: 64 * 1024 * 1024 })
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string }
    throw new Error(`${file} ${args.join(' ')} failed in ${cwd}:\n${err.message}\n${err.stdout ?? ''}\n${err.stderr ?? ''}`)
  }
}

/** The areas that must be subpath exports (DESIGN.md), and the one that may use `node:` modules. */
const AREAS = ['core', 'data', 'eval', 'bkt', 'srs', 'models', 'learner', 'goals', 'sim', 'plot', 'irt', 'node'] as const
/** Timeout of the slow steps (type checks, linters) on a loaded 2-core machine. */
const SLOW = 120_000
const SUBPATHS = ['learnkit', ...AREAS.map((a) => `learnkit/${a}`)]

interface PackageJson {
  readonly name: string
  readonly version: string
  readonly exports: Readonly<Record<string, unknown>>
  readonly typesVersions?: unknown
}
const pkg = JSON.parse(readFileSync(join(pkgRoot, 'package.json'), 'utf8')) as PackageJson

let work = ''
let project = ''
let tarball = ''
let packedFiles: ReadonlyArray<string> = []

beforeAll(async () => {
  if (!existsSync(join(pkgRoot, 'dist', 'index.js'))) await run('npm', ['run', 'build'], pkgRoot)
  work = mkdtempSync(join(tmpdir(), 'learnkit-consumer-'))
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', work], pkgRoot)
  const info = (JSON.parse(stdout) as ReadonlyArray<{ filename: string; files: ReadonlyArray<{ path: string }> }>)[0]
  if (info === undefined) throw new Error(`npm pack printed no result: ${stdout}`)
  tarball = join(work, info.filename.replace(/^@[^/]+\//, '').replace('/', '-'))
  packedFiles = info.files.map((f) => f.path)

  project = join(work, 'consumer')
  mkdirSync(project, { recursive: true })
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, type: 'module' }))
  const install = ['install', '--no-audit', '--no-fund', '--no-package-lock', tarball]
  try {
    await run('npm', [...install, '--offline'], project)
  } catch {
    await run('npm', [...install, '--prefer-offline'], project)
  }
}, 150_000)

afterAll(() => {
  if (work !== '') rmSync(work, { recursive: true, force: true })
})

describe('package contents', () => {
  it('exports exactly the root, one subpath per area, and package.json', () => {
    expect(Object.keys(pkg.exports).sort()).toEqual(['.', ...AREAS.map((a) => `./${a}`), './package.json'].sort())
  })

  it('ships only dist/, README, package.json and LICENSE: no data, no tests, no sources', () => {
    expect(packedFiles.length).toBeGreaterThan(10)
    const stray = packedFiles.filter((f) => !/^(dist\/.+|README(\.md)?|package\.json|LICEN[CS]E(\.md|\.txt)?)$/i.test(f))
    expect(stray).toEqual([])
    expect(packedFiles.filter((f) => /\.(csv|tsv|parquet|zip|gz|map|tsbuildinfo)$/i.test(f) || /^(test|shared|src|examples)\//.test(f))).toEqual([])
    expect(packedFiles).toContain('dist/index.js')
    expect(packedFiles).toContain('dist/index.cjs')
    expect(packedFiles).toContain('dist/cli/main.js')
  })
})

describe('runtime', () => {
  it('imports every subpath from ESM and computes', async () => {
    const script = `
import * as root from 'learnkit'
import { auc, metrics } from 'learnkit/eval'
import { seed, nextFloat, probability } from 'learnkit/core'
import { learningCurveSpec } from 'learnkit/plot'
const keys = {}
for (const p of ${JSON.stringify(SUBPATHS)}) keys[p] = Object.keys(await import(p)).sort()
const [u] = nextFloat(seed(42))
console.log(JSON.stringify({
  keys,
  auc: auc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]),
  logLoss: metrics([1, 0], [0.5, 0.5]).logLoss,
  u,
  probabilityTag: probability(1.5)._tag,
  schema: learningCurveSpec([]).$schema,
  sameFunction: root.evaluation.auc === auc,
}))
`
    writeFileSync(join(project, 'esm.mjs'), script)
    const { stdout } = await run(process.execPath, ['esm.mjs'], project)
    const r = JSON.parse(stdout) as Record<string, unknown>
    expect(r.auc).toBe(0.75)
    expect(r.logLoss).toBeCloseTo(Math.LN2, 15)
    expect(typeof r.u).toBe('number')
    expect(r.probabilityTag).toBe('Left')
    expect(r.schema).toBe('https://vega.github.io/schema/vega-lite/v5.json')
    expect(r.sameFunction).toBe(true)
    const keys = r.keys as Record<string, ReadonlyArray<string>>
    expect(Object.keys(keys).sort()).toEqual([...SUBPATHS].sort())
    expect(keys['learnkit/eval']).toContain('auc')
    expect(keys['learnkit/core']).toContain('seed')
    writeFileSync(join(project, 'esm-keys.json'), JSON.stringify(keys))
  })

  it('requires every subpath from CommonJS with the same exports as ESM', async () => {
    const script = `
const root = require('learnkit')
const { auc } = require('learnkit/eval')
const { seed, nextFloat } = require('learnkit/core')
const keys = {}
for (const p of ${JSON.stringify(SUBPATHS)}) keys[p] = Object.keys(require(p)).sort()
const [u] = nextFloat(seed(42))
console.log(JSON.stringify({ keys, auc: auc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]), u, sameFunction: root.evaluation.auc === auc }))
`
    writeFileSync(join(project, 'cjs.cjs'), script)
    const { stdout } = await run(process.execPath, ['cjs.cjs'], project)
    const r = JSON.parse(stdout) as { keys: Record<string, ReadonlyArray<string>>; auc: number; u: number; sameFunction: boolean }
    expect(r.auc).toBe(0.75)
    expect(r.sameFunction).toBe(true)
    // the ESM run of the same computation
    const { stdout: esm } = await run(process.execPath, ['--input-type=module', '-e', "import { nextFloat, seed } from 'learnkit/core'; console.log(nextFloat(seed(42))[0])"], project)
    expect(r.u).toBe(Number(esm.trim()))
    const esmKeysFile = join(project, 'esm-keys.json')
    if (existsSync(esmKeysFile)) {
      const esmKeys = JSON.parse(readFileSync(esmKeysFile, 'utf8')) as Record<string, ReadonlyArray<string>>
      for (const p of SUBPATHS) expect({ [p]: r.keys[p] }).toEqual({ [p]: esmKeys[p] })
    }
  })

  it('installs a working learnkit bin (ESM, with its shebang)', async () => {
    const binPath = join(project, 'node_modules', '.bin', 'learnkit')
    expect(existsSync(binPath)).toBe(true)
    const { stdout } = await run(binPath, ['--version'], project)
    expect(stdout.trim()).toBe(`learnkit ${pkg.version}`)
  })
})

describe.concurrent('types', () => {
  const consumerTs = `
import * as root from 'learnkit'
import { metrics, type Metrics } from 'learnkit/eval'
import { seed, decode, Probability, type RngState, type LearnkitError } from 'learnkit/core'
import { masterySpec, type VegaLiteSpec } from 'learnkit/plot'
${AREAS.map((a) => `import * as area_${a} from 'learnkit/${a}'`).join('\n')}
const m: Metrics = metrics([1, 0], [0.9, 0.1])
const s: RngState = seed(1)
const spec: VegaLiteSpec = masterySpec([{ step: 1, mastery: 0.5 }])
const d = decode(Probability, 0.5)
const e: LearnkitError | undefined = d._tag === 'Left' ? d.left : undefined
// @ts-expect-error auc is a number: this line fails only if the types really resolved
const wrong: string = m.auc
export const used = [root, m, s, spec, e, wrong, ${AREAS.map((a) => `area_${a}`).join(', ')}]
`
  const consumerCts = `
import lk = require('learnkit/eval')
import core = require('learnkit/core')
const m: import('learnkit/eval').Metrics = lk.metrics([1, 0], [0.9, 0.1])
const s: core.RngState = core.seed(1)
// @ts-expect-error auc is a number
const wrong: string = m.auc
export = [m, s, wrong]
`
  // Types reached through the root's namespaces (`import { core } from 'learnkit'`), from ESM and CJS.
  const rootNamespacesTs = `
import { core, evaluation, type srs } from 'learnkit'
import type { LearnkitError } from 'learnkit/core'
const code: core.ErrorCode = 'not_finite'
const err: core.LearnkitError = core.learnkitError(code, 'x')
const same: LearnkitError = err
const m: evaluation.Metrics = evaluation.metrics([1, 0], [0.6, 0.4])
export type S = srs.Scheduler<unknown, unknown>
export const used = [same, m]
`
  const rootNamespacesCts = `
import lk = require('learnkit')
const code: lk.core.ErrorCode = 'not_finite'
const err: lk.core.LearnkitError = lk.core.learnkitError(code, 'x')
export = [err]
`
  const typeRoots = [join(root, 'node_modules', '@types')]
  const tsc = async (name: string, options: Record<string, unknown>, files: ReadonlyArray<string>): Promise<void> => {
    writeFileSync(
      join(project, name),
      JSON.stringify({
        compilerOptions: { strict: true, noEmit: true, types: ['node'], typeRoots, target: 'ES2022', ...options },
        files,
      }),
    )
    await run(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', name], project)
  }

  beforeAll(() => {
    writeFileSync(join(project, 'consumer.ts'), consumerTs)
    writeFileSync(join(project, 'consumer-cjs.cts'), consumerCts)
    writeFileSync(join(project, 'root-namespaces.ts'), rootNamespacesTs)
    writeFileSync(join(project, 'root-namespaces-cjs.cts'), rootNamespacesCts)
  })

  it('resolve under moduleResolution node16, from ESM and from CJS', async () => {
    // skipLibCheck off: learnkit's own .d.ts files must type-check too (slow: it checks @types/node as well)
    await tsc('tsconfig.node16.json', { module: 'node16', moduleResolution: 'node16', skipLibCheck: false }, ['consumer.ts', 'consumer-cjs.cts'])
  }, SLOW)

  // tsup's declaration bundler (rollup-plugin-dts) turns the root's `export * as core` over shared
  // chunks into `declare const ErrorCode: typeof ErrorCode`, so types such as core.ErrorCode vanish
  // from the root entry. Fails until the build writes the root declarations as plain re-exports.
  it('resolve through the root namespaces (learnkit → core.ErrorCode, evaluation.Metrics)', async () => {
    await tsc('tsconfig.root.json', { module: 'node16', moduleResolution: 'node16', skipLibCheck: true }, [
      'root-namespaces.ts',
      'root-namespaces-cjs.cts',
    ])
  }, SLOW)

  it('resolve under moduleResolution bundler', async () => {
    await tsc('tsconfig.bundler.json', { module: 'esnext', moduleResolution: 'bundler', skipLibCheck: true }, ['consumer.ts'])
  }, SLOW)
})

describe('linters', () => {
  it('publint --strict reports nothing', async () => {
    const { stdout } = await run(bin('publint'), ['--strict'], pkgRoot)
    expect(stdout).toMatch(/All good/)
  }, SLOW)

  // attw runs on the very tarball consumers install (the same files `attw --pack` would pack).
  // node16 (from CJS and from ESM) and bundler resolution must be clean. The pre-`exports` resolver
  // (node10, TypeScript's old `moduleResolution: node`) cannot see subpath exports unless package.json
  // maps them with `typesVersions`: when it does, node10 is checked too; when not, it is ignored.
  it('@arethetypeswrong/cli finds no problems', async () => {
    const profile = pkg.typesVersions === undefined ? ['--profile', 'node16'] : []
    const { stdout } = await run(bin('attw'), [tarball, ...profile, '--format', 'json'], root)
    const out = JSON.parse(stdout) as { problems?: Record<string, ReadonlyArray<{ resolutionKind?: string; entrypoint?: string }>> }
    const problems = Object.entries(out.problems ?? {}).flatMap(([kind, list]) =>
      list
        .filter((p) => pkg.typesVersions !== undefined || p.resolutionKind !== 'node10')
        .map((p) => `${kind} ${p.entrypoint ?? ''} ${p.resolutionKind ?? ''}`),
    )
    expect(problems).toEqual([])
  }, SLOW)
})

describe('browser safety', () => {
  const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]))
  const importRe = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)(["'])([^"']+)\1/g

  /** Every file reachable from an entry through relative imports, with every bare specifier it imports. */
  const reachable = (entry: string): { files: string[]; specifiers: Map<string, string> } => {
    const files: string[] = []
    const specifiers = new Map<string, string>()
    const queue = [entry]
    const seen = new Set<string>()
    while (queue.length > 0) {
      const file = queue.pop() as string
      if (seen.has(file)) continue
      seen.add(file)
      files.push(file)
      const text = readFileSync(file, 'utf8')
      for (const m of text.matchAll(importRe)) {
        const spec = m[2] as string
        if (spec.startsWith('.')) queue.push(resolve(dirname(file), spec))
        else specifiers.set(spec, file)
      }
    }
    return { files, specifiers }
  }

  it('the runtime dependencies are fp-ts and io-ts only; learnkit/node reaches no other package (worker threads are node:worker_threads)', () => {
    const pkg = JSON.parse(readFileSync(join(pkgRoot, 'package.json'), 'utf8')) as { dependencies?: Record<string, string>; optionalDependencies?: Record<string, string>; peerDependencies?: Record<string, string> }
    expect(Object.keys(pkg.dependencies ?? {}).sort()).toEqual(['fp-ts', 'io-ts'])
    expect(pkg.optionalDependencies ?? {}).toEqual({})
    expect(pkg.peerDependencies ?? {}).toEqual({})
    for (const ext of ['js', 'cjs']) {
      const { specifiers } = reachable(join(pkgRoot, 'dist', `node/index.${ext}`))
      const packages = [...specifiers.keys()].filter((spec) => !builtins.has(spec) && !spec.startsWith('node:')).map((spec) => spec.split('/')[0] as string)
      expect([...new Set(packages)].filter((p) => p !== 'fp-ts' && p !== 'io-ts')).toEqual([])
    }
  })

  it('no non-node entry reaches a node: module or tinypool (ESM and CJS builds)', () => {
    const entries = ['index', ...AREAS.filter((a) => a !== 'node').map((a) => `${a}/index`)]
    const offenders: string[] = []
    for (const e of entries) {
      for (const ext of ['js', 'cjs']) {
        const entry = join(pkgRoot, 'dist', `${e}.${ext}`)
        expect(existsSync(entry), entry).toBe(true)
        const { specifiers } = reachable(entry)
        for (const [spec, file] of specifiers) {
          if (builtins.has(spec) || spec.startsWith('node:') || spec === 'tinypool')
            offenders.push(`${e}.${ext} reaches ${spec} (in ${file.slice(pkgRoot.length + 1)})`)
        }
      }
    }
    expect(offenders).toEqual([])
  })

  it('the scan follows chunks and sees node: imports (checked on a fixture)', () => {
    const fixture = join(work, 'scan-fixture')
    mkdirSync(join(fixture, 'area'), { recursive: true })
    writeFileSync(join(fixture, 'area', 'index.js'), `import { a } from "../chunk-A.js";\nexport { a };\n`)
    writeFileSync(join(fixture, 'chunk-A.js'), `import "./chunk-B.js";\nexport const a = 1;\n`)
    writeFileSync(join(fixture, 'chunk-B.js'), `var fs = require("node:fs");\nconst p = await import('path');\n`)
    const { files, specifiers } = reachable(join(fixture, 'area', 'index.js'))
    expect(files).toHaveLength(3)
    expect([...specifiers.keys()].sort()).toEqual(['node:fs', 'path'])
    expect(builtins.has('path')).toBe(true)
  })
})
