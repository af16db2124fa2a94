/**
 * Extracts the `@example` code blocks from TSDoc comments in src/ so the
 * doc test can run each one against the sources.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'

export interface DocExample {
  /** `src/core/time.ts:42` */
  readonly where: string
  readonly code: string
}

const walk = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const p = join(dir, name)
    return statSync(p).isDirectory() ? walk(p) : p.endsWith('.ts') ? [p] : []
  })

/** Every fenced ts block that follows an `@example` tag, with its file and line. */
export const docExamples = (root: string): DocExample[] => {
  const out: DocExample[] = []
  for (const file of walk(join(root, 'src'))) {
    const lines = readFileSync(file, 'utf8').split('\n')
    let inExample = false
    for (let i = 0; i < lines.length; i++) {
      const text = (lines[i] ?? '').replace(/^\s*\*\s?/, '')
      if (/^@example\b/.test(text)) inExample = true
      else if (/^@\w+/.test(text) || /\*\//.test(lines[i] ?? '')) inExample = false
      if (!inExample || !/^```(ts|typescript)\s*$/.test(text)) continue
      const start = i + 1
      const body: string[] = []
      for (i = i + 1; i < lines.length; i++) {
        const l = (lines[i] ?? '').replace(/^\s*\*\s?/, '')
        if (/^```\s*$/.test(l)) break
        body.push(l)
      }
      out.push({ where: `${relative(root, file)}:${start}`, code: body.join('\n') })
    }
  }
  return out
}

/** The fenced ts blocks of a Markdown file. */
export const markdownExamples = (root: string, file: string): DocExample[] => {
  const lines = readFileSync(join(root, file), 'utf8').split('\n')
  const out: DocExample[] = []
  for (let i = 0; i < lines.length; i++) {
    if (!/^```(ts|typescript)\s*$/.test(lines[i] ?? '')) continue
    const start = i + 1
    const body: string[] = []
    for (i = i + 1; i < lines.length && !/^```\s*$/.test(lines[i] ?? ''); i++) body.push(lines[i] ?? '')
    out.push({ where: `${file}:${start}`, code: body.join('\n') })
  }
  return out
}

/** Rewrites `learnkit` and `learnkit/<area>` imports to the sources under `prefix` (a path or relative path to the repo root). */
export const pointAtSources = (code: string, prefix: string): string =>
  code.replace(/(from\s+|import\s*\(\s*)(['"])learnkit(?:\/([\w-]+))?\2/g, (_m, pre: string, q: string, area?: string) => {
    const target = area === undefined ? `${prefix}/src/index.js` : `${prefix}/src/${area}/index.js`
    return `${pre}${q}${target}${q}`
  })
