// Loading response logs and review logs with learnkit/data.
//   npx tsx examples/data-load.ts
// The data is a small log written here (never a real data set), in the pyBKT /
// ASSISTments layout with the conventions the loader applies: `~~` multi-skill
// rows, `original = 0` scaffolding rows, `correct = -1` (no response), empty
// skills, and partial credit.
import * as E from 'fp-ts/lib/Either.js'
import { formatError } from '../src/core/index.js'
import { csvRow, learnerRanges, readResponseCsv, readReviewCsv, tableSummary } from '../src/data/index.js'

const header = ['order_id', 'user_id', 'problem_id', 'skill_name', 'correct', 'original']
const rows: Array<Array<string | number>> = [
  [1, 'ana', 'p1', 'fractions', 0, 1],
  [2, 'ana', 'p2', 'fractions~~decimals', 1, 1],
  [3, 'ana', 'p2a', 'fractions', 1, 0], // scaffolding: skipped
  [4, 'ben', 'p1', 'fractions', -1, 1], // no response: skipped
  [5, 'ben', 'p3', '', 1, 1], // no skill: skipped
  [6, 'ben', 'p4', 'decimals', 0.5, 1], // partial credit
  [7, 'ana', 'p5', 'decimals', 1, 1],
]
const csv = [csvRow(header), ...rows.map((r) => csvRow(r))].join('\n')

const main = async (): Promise<void> => {
  // Chunks may split anywhere, even inside a UTF-8 character: here, 7-byte pieces.
  const bytes = new TextEncoder().encode(csv)
  const chunks: Uint8Array[] = []
  for (let i = 0; i < bytes.length; i += 7) chunks.push(bytes.slice(i, i + 7))
  const loaded = await readResponseCsv(chunks, { file: 'sample.csv' })
  if (E.isLeft(loaded)) throw new Error(formatError(loaded.left))
  const { table, summary } = loaded.right
  console.log('summary:', summary)
  console.log('table:', tableSummary(table))
  const runs = learnerRanges(table)
  for (let r = 0; r < runs.length; r++) {
    const who = table.learners[runs.learner[r] as number]
    const seq: string[] = []
    for (let i = runs.start[r] as number; i < (runs.end[r] as number); i++)
      seq.push(`${table.skills[table.skill[i] as number]}=${table.correct[i]} (line ${table.line[i]})`)
    console.log(`  ${who}: ${seq.join(', ')}`)
  }

  // A bad value is reported with file, line and column, never a stack trace.
  const bad = await readResponseCsv('user_id,skill_name,correct\nana,fractions,1\nana,fractions,maybe\n', { file: 'bad.csv' })
  if (E.isLeft(bad)) console.log('error:', formatError(bad.left))

  // Review logs: the Anki revlog layout is recognised from its header.
  const revlog = [
    'id,cid,usn,ease,ivl,lastIvl,factor,time,type',
    '1737700000000,42,0,3,-600,-60,0,3100,0',
    '1737786400000,42,0,3,3,-600,2500,2500,1',
    '1737790000000,42,0,0,7,3,2500,0,4',
  ].join('\n')
  const reviews = await readReviewCsv(revlog, { file: 'revlog.csv' })
  if (E.isLeft(reviews)) throw new Error(formatError(reviews.left))
  console.log(`reviews (${reviews.right.format}):`, reviews.right.reviews, reviews.right.summary)
}

await main()
