// Every public export (every declaration in a module that an area's barrel
// re-exports) has a TSDoc comment with an @example.
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = resolve(__dirname, '../..')
const areas = readdirSync(join(root, 'src'), { withFileTypes: true })
  .filter((d) => d.isDirectory() && d.name !== 'cli')
  .map((d) => join(root, 'src', d.name, 'index.ts'))

/** The modules a barrel re-exports with `export * from`, followed through nested barrels. */
const publicModules = (barrel: string, seen = new Set<string>()): string[] => {
  if (seen.has(barrel)) return []
  seen.add(barrel)
  const out = [barrel]
  for (const m of readFileSync(barrel, 'utf8').matchAll(/^export \* from '(\.[^']+)\.js'/gm)) {
    const target = resolve(dirname(barrel), `${m[1] ?? ''}.ts`)
    out.push(...(target.endsWith('index.ts') ? publicModules(target, seen) : [target]))
  }
  return out
}

const undocumented = (file: string): string[] => {
  const lines = readFileSync(file, 'utf8').split('\n')
  const missing: string[] = []
  const withExample = new Set<string>()
  const found: Array<readonly [string, number, boolean]> = []
  lines.forEach((line, i) => {
    const m = /^export (?:const|function|interface|type|class|abstract class) (\w+)/.exec(line)
    if (m === null) return
    let j = i - 1
    while (j >= 0 && (lines[j] ?? '').trim() === '') j--
    let doc = ''
    if ((lines[j] ?? '').trim().endsWith('*/')) {
      let k = j
      while (k >= 0 && !(lines[k] ?? '').includes('/**')) k--
      doc = lines.slice(Math.max(k, 0), j + 1).join('\n')
    }
    const has = doc.includes('@example')
    if (has) withExample.add(m[1] ?? '')
    found.push([m[1] ?? '', i + 1, has])
  })
  // A type that shares its name with a documented codec (`Probability`) is covered by it.
  for (const [name, line, has] of found) if (!has && !withExample.has(name)) missing.push(`${file.slice(root.length + 1)}:${line} ${name}`)
  return missing
}

describe('API docs', () => {
  it('give every public export a TSDoc @example', () => {
    const modules = [...new Set(areas.flatMap((a) => publicModules(a)))]
    expect(modules.length).toBeGreaterThan(30)
    expect(modules.flatMap(undocumented)).toEqual([])
  })
})
