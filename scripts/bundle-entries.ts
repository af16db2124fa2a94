/**
 * The bundle entries measured by `scripts/bundle-sizes.ts` and `test/package/bundle.test.ts`:
 * what an app imports for one job, bundled as a user's bundler would (esbuild: bundle, minify,
 * ESM, browser platform), then gzipped at level 9. `learnkit/<area>` resolves to the sources
 * (`src/<area>/index.ts`), with the package's `"sideEffects": false`, as it does to `dist/` for a user.
 *
 * @module
 */
import { gzipSync } from 'node:zlib'
import { resolve } from 'node:path'
import { build, type Metafile, type Plugin } from 'esbuild'

export const root = resolve(import.meta.dirname, '..')

/** One measured entry: its source and, where there is one, its budget in gzipped bytes. */
export interface Entry {
  readonly name: string
  readonly code: string
  readonly budget?: number
}

export const ENTRIES: ReadonlyArray<Entry> = [
  {
    name: 'fsrs',
    // Issue 8: at most 6,000 B and smaller than ts-fsrs (checked against ts-fsrs in the same test run).
    budget: 6000,
    code: `import { fsrs } from 'learnkit/srs'
const s = fsrs()
if (s._tag === 'Right') {
  const f = s.right
  const r = f.review(f.init(Date.now()), 3, Date.now())
  if (r._tag === 'Right') console.log(r.right.state.due)
}`,
  },
  {
    name: 'ts-fsrs',
    code: `import { fsrs, createEmptyCard, Rating } from 'ts-fsrs'
const f = fsrs()
console.log(f.next(createEmptyCard(new Date()), new Date(), Rating.Good).card.due)`,
  },
  {
    name: 'bkt-online',
    budget: 2500,
    code: `import { bktInit, bktUpdate, bktPredict, bktMastery } from 'learnkit/bkt'
const p = { pInit: 0.3, pLearn: 0.15, pGuess: 0.2, pSlip: 0.1 }
let s = bktInit(p)
s = bktUpdate(p, s, 1)
console.log(bktPredict(p, s), bktMastery(s))`,
  },
  {
    name: 'sm2',
    budget: 2500,
    code: `import { sm2 } from 'learnkit/srs'
const s = sm2()
if (s._tag === 'Right') {
  const r = s.right.review(s.right.init(Date.now()), 3, Date.now())
  if (r._tag === 'Right') console.log(r.right.state)
}`,
  },
  {
    name: 'supermemo',
    code: `import { supermemo } from 'supermemo'
console.log(supermemo({ interval: 0, repetition: 0, efactor: 2.5 }, 4))`,
  },
  {
    name: 'tutoring-app',
    budget: 16000,
    code: `import { bktKnowledgeModel } from 'learnkit/bkt'
import { fsrs } from 'learnkit/srs'
import { apply, learnerState, nextActivity, skillGraph } from 'learnkit/learner'
import { goalsProgress } from 'learnkit/goals'
const scheduler = fsrs()
const graph = skillGraph({ skills: { counting: [], addition: ['counting'] } })
if (scheduler._tag === 'Right' && graph._tag === 'Right') {
  const config = {
    model: bktKnowledgeModel({ skills: { counting: { pInit: 0.4, pLearn: 0.25, pGuess: 0.25, pSlip: 0.1 } } }),
    scheduler: scheduler.right,
  }
  const now = Date.now()
  const d = nextActivity({ seed: 'ada' })({ config, state: learnerState('ada'), graph: graph.right, items: [{ id: 'c1', skills: ['counting'] }], now })
  const after = apply(config)(learnerState('ada'), { kind: 'attempt', time: now, item: 'c1', skills: ['counting'], correct: 1 })
  if (after._tag === 'Right') console.log(d.text, goalsProgress(config)(after.right, now))
}`,
  },
  { name: 'whole library (all areas but node)', code: `export * from 'learnkit'` },
]

/** The areas, each measured as `export * from 'learnkit/<area>'`. */
export const AREAS = ['core', 'data', 'eval', 'bkt', 'srs', 'models', 'learner', 'goals', 'sim', 'plot', 'irt'] as const

/** Resolves `learnkit` and `learnkit/<area>` to the sources. */
const sources: Plugin = {
  name: 'learnkit-sources',
  setup(b) {
    b.onResolve({ filter: /^learnkit(\/[a-z]+)?$/ }, (args) => ({
      path: resolve(root, 'src', args.path === 'learnkit' ? 'index.ts' : `${args.path.slice('learnkit/'.length)}/index.ts`),
    }))
  },
}

/** The measured size of one bundle. */
export interface Measured {
  readonly raw: number
  readonly gzip: number
  readonly metafile: Metafile
}

/** Bundles `code` as an app would (esbuild: bundle, minify, ESM, browser) and gzips it at level 9. */
export const measure = async (code: string): Promise<Measured> => {
  const r = await build({
    stdin: { contents: code, resolveDir: root, loader: 'ts', sourcefile: 'entry.ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    metafile: true,
    logLevel: 'silent',
    plugins: [sources],
  })
  const out = r.outputFiles[0]
  if (out === undefined) throw new Error('esbuild wrote nothing')
  return { raw: out.contents.length, gzip: gzipSync(out.contents, { level: 9 }).length, metafile: r.metafile }
}

/** Bytes (minified, before gzip) of a bundle per input group: each learnkit module, and each dependency package. */
export const composition = (m: Metafile): ReadonlyArray<readonly [string, number]> => {
  const groups = new Map<string, number>()
  for (const out of Object.values(m.outputs))
    for (const [file, { bytesInOutput }] of Object.entries(out.inputs)) {
      const nm = file.lastIndexOf('node_modules/')
      let key = file
      if (nm >= 0) {
        const rest = file.slice(nm + 'node_modules/'.length).split('/')
        key = rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : (rest[0] ?? file)
        if (key === 'fp-ts' || key === 'io-ts') key = `${key} (${rest[1] ?? ''})`
      }
      groups.set(key, (groups.get(key) ?? 0) + bytesInOutput)
    }
  return [...groups.entries()].filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1])
}
