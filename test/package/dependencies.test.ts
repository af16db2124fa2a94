// Supply chain: the packages a user installs with learnkit stay few and permissively licensed.
// Read from package-lock.json (what `npm ci` installs), walking the runtime tree from package.json.
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = resolve(__dirname, '../..')
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  dependencies?: Record<string, string>
  optionalDependencies?: Record<string, string>
  peerDependencies?: Record<string, string>
  license?: string
}
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { version?: string; license?: string; dependencies?: Record<string, string>; optionalDependencies?: Record<string, string>; dev?: boolean }>
}

/** What may be installed with learnkit (tinypool: the Node worker pool; may become optional). */
const ALLOWED = new Set(['fp-ts', 'io-ts', 'tinypool'])
const PERMISSIVE = new Set(['MIT', 'ISC', 'BSD-2-Clause', 'BSD-3-Clause', 'Apache-2.0', '0BSD'])

/** The lock entry npm would resolve `name` to from the package at `from` (node_modules lookup). */
const resolveIn = (from: string, name: string): string | undefined => {
  let base = from
  for (;;) {
    const key = `${base === '' ? '' : `${base}/`}node_modules/${name}`
    if (lock.packages[key] !== undefined) return key
    if (base === '') return undefined
    const i = base.lastIndexOf('/node_modules/')
    base = i < 0 ? '' : base.slice(0, i)
  }
}

const runtimeTree = (): Map<string, { version: string; license: string }> => {
  const out = new Map<string, { version: string; license: string }>()
  const queue: Array<[string, string]> = Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies, ...pkg.peerDependencies }).map((n) => ['', n])
  const seen = new Set<string>()
  while (queue.length > 0) {
    const [from, name] = queue.shift() as [string, string]
    const key = resolveIn(from, name)
    if (key === undefined) throw new Error(`${name} (needed by ${from || 'learnkit'}) is not in package-lock.json`)
    if (seen.has(key)) continue
    seen.add(key)
    const entry = lock.packages[key] ?? {}
    const license = entry.license ?? (JSON.parse(readFileSync(join(root, key, 'package.json'), 'utf8')) as { license?: string }).license ?? 'UNKNOWN'
    out.set(name, { version: entry.version ?? '?', license })
    for (const dep of Object.keys({ ...entry.dependencies, ...entry.optionalDependencies })) queue.push([key, dep])
  }
  return out
}

describe('runtime dependencies', () => {
  it('are only fp-ts, io-ts and tinypool', () => {
    expect([...runtimeTree().keys()].filter((n) => !ALLOWED.has(n))).toEqual([])
  })

  it('all have permissive licenses, as learnkit itself', () => {
    expect(PERMISSIVE.has(pkg.license ?? '')).toBe(true)
    const bad = [...runtimeTree()].filter(([, v]) => !PERMISSIVE.has(v.license)).map(([n, v]) => `${n}@${v.version}: ${v.license}`)
    expect(bad).toEqual([])
  })

  it('no runtime dependency is marked dev-only in the lock, and none is missing from it', () => {
    for (const name of Object.keys(pkg.dependencies ?? {})) {
      const key = resolveIn('', name)
      expect(key, name).toBeDefined()
      expect(lock.packages[key as string]?.dev, name).not.toBe(true)
    }
  })
})
