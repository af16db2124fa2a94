// Writes every TSDoc @example and every ts block of the README and the guides
// to .tmp/doc-examples/, one module each, importing the sources; `npm run
// typecheck` type-checks them and test/docs/examples.test.ts runs them. (A
// guide's block fenced as ```ts fragment uses names from its surroundings and
// is left out.)
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { docExamples, markdownExamples, pointAtSources } from './examples.js'

const root = resolve(fileURLToPath(import.meta.url), '../../..')
const dir = join(root, '.tmp', 'doc-examples')

/** Writes the examples; returns the file names with where each came from. */
export const writeDocExamples = (): ReadonlyArray<{ readonly file: string; readonly where: string }> => {
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  const guides = readdirSync(join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`)
  const all = [...docExamples(root), ...['README.md', ...guides].flatMap((f) => markdownExamples(root, f))]
  return all.map((ex, i) => {
    const file = join(dir, `example-${String(i).padStart(3, '0')}.ts`)
    writeFileSync(file, `// ${ex.where}\n${pointAtSources(ex.code, '../..')}\nexport {}\n`)
    return { file, where: ex.where }
  })
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const n = writeDocExamples().length
  process.stdout.write(`wrote ${n} doc examples to ${dir}\n`)
}
