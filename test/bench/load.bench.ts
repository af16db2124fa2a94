// Loading response logs into a ResponseTable, and review logs into reviews.
//   npx tsx test/bench/load.bench.ts            ASSISTments train.csv, the Anki revlog, a 10-million-row synthetic stream
//   npx tsx test/bench/load.bench.ts --no-big   skip the synthetic stream
//
// Prints, for ../shared/data/assistments2009_builder/train.csv (408k rows): the median time
// to load it into a ResponseTable (readResponseFile: the file's bytes read by the byte reader;
// the text reader over the same file streamed as UTF-8 text, which is how readResponseFile read
// it before the byte reader; and readResponseCsv from a string already in memory), rows per
// second, and the ratio against csv-parse (the peer) parsing the same string into records in this
// process. The same for ../shared/data/anki-revlog-jlpt-2025/revlog.csv (41k reviews) with
// readReviewFile. Then a 10-million-row log generated on the fly (never written to disk)
// streamed through readResponseCsv, with its time and peak RSS. Figures, not assertions; the
// byte/text ratios are measured in the same run, interleaved.
import { createReadStream, existsSync, readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'csv-parse/sync'
import * as E from 'fp-ts/lib/Either.js'
import { readResponseCsv, readReviewCsv } from '../../src/data/index.js'
import { readResponseFile, readReviewFile } from '../../src/node/index.js'

const here = dirname(fileURLToPath(import.meta.url))
const file = resolve(here, '../../../shared/data/assistments2009_builder/train.csv')
const revlog = resolve(here, '../../../shared/data/anki-revlog-jlpt-2025/revlog.csv')

/** The file as UTF-8 text in 1 MiB chunks (the text reader's input). */
const textChunks = (path: string): AsyncIterable<string> =>
  createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 }) as AsyncIterable<string>

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)] as number
}
/** Median wall and CPU (user + system, all threads) milliseconds over `runs` runs. */
const time = async (runs: number, f: () => Promise<unknown> | unknown): Promise<{ wall: number; cpu: number }> => {
  const wall: number[] = []
  const cpu: number[] = []
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage()
    const t0 = performance.now()
    await f()
    wall.push(performance.now() - t0)
    const c = process.cpuUsage(c0)
    cpu.push((c.user + c.system) / 1000)
  }
  return { wall: median(wall), cpu: median(cpu) }
}
/** Two loaders timed in alternation (so load on the machine hits both alike): medians of each. */
const paired = async (
  runs: number,
  f: () => Promise<unknown>,
  g: () => Promise<unknown>,
): Promise<[{ wall: number; cpu: number }, { wall: number; cpu: number }]> => {
  const a: Array<{ wall: number; cpu: number }> = []
  const b: Array<{ wall: number; cpu: number }> = []
  for (let i = 0; i < runs; i++) {
    a.push(await time(1, f))
    b.push(await time(1, g))
  }
  const med = (xs: Array<{ wall: number; cpu: number }>) => ({ wall: median(xs.map((x) => x.wall)), cpu: median(xs.map((x) => x.cpu)) })
  return [med(a), med(b)]
}
const fmt = (n: number): string => n.toLocaleString('en-US', { maximumFractionDigits: 1 })

const main = async (): Promise<void> => {
  if (!existsSync(file)) {
    console.log(`skipped: ${file} not found (shared data sits beside the repo)`)
  } else {
    const text = readFileSync(file, 'utf8')
    let rows = 0
    const fromDisk = async (): Promise<void> => {
      const r = await readResponseFile(file)
      if (E.isLeft(r)) throw new Error(r.left.message)
      rows = r.right.table.length
    }
    const fromString = async (): Promise<void> => {
      const r = await readResponseCsv(text)
      if (E.isLeft(r)) throw new Error(r.left.message)
    }
    const peer = (): void => {
      const records = parse(text, { relax_column_count: false }) as string[][]
      if (records.length !== rows + 1) throw new Error('csv-parse disagrees on the row count')
    }
    const fromDiskText = async (): Promise<void> => {
      const r = await readResponseCsv(textChunks(file), { file })
      if (E.isLeft(r)) throw new Error(r.left.message)
    }
    await fromDisk() // warm up
    await fromDiskText()
    await fromString()
    const [disk, diskText] = await paired(9, fromDisk, fromDiskText)
    const str = await time(7, fromString)
    const csvParse = await time(3, peer)
    const show = (t: { wall: number; cpu: number }): string =>
      `${fmt(t.wall)} ms wall (${fmt(rows / (t.wall / 1000))} rows/s), ${fmt(t.cpu)} ms CPU`
    console.log(`ASSISTments 2009 builder train.csv: ${fmt(rows)} rows, ${fmt(text.length / 1e6)} MB; medians`)
    console.log(`  learnkit readResponseFile (bytes from disk, to ResponseTable):   ${show(disk)}`)
    console.log(`  text reader on the file's UTF-8 chunks (readResponseFile before): ${show(diskText)}`)
    console.log(`  ratio text / bytes: ${fmt(diskText.wall / disk.wall)}x wall, ${fmt(diskText.cpu / disk.cpu)}x CPU`)
    console.log(`  learnkit readResponseCsv (string in memory, to ResponseTable):   ${show(str)}`)
    console.log(`  csv-parse/sync parse (string in memory, to string[][] only):    ${show(csvParse)}`)
    console.log(
      `  ratio csv-parse / learnkit, in memory: ${fmt(csvParse.wall / str.wall)}x wall, ${fmt(csvParse.cpu / str.cpu)}x CPU (learnkit also validates, interns and sorts)`,
    )
  }

  if (!existsSync(revlog)) console.log(`skipped: ${revlog} not found`)
  else {
    let n = 0
    const bytes = async (): Promise<void> => {
      const r = await readReviewFile(revlog)
      if (E.isLeft(r)) throw new Error(r.left.message)
      n = r.right.reviews.length
    }
    const text = async (): Promise<void> => {
      const r = await readReviewCsv(textChunks(revlog), { file: revlog })
      if (E.isLeft(r)) throw new Error(r.left.message)
    }
    await bytes()
    await text()
    const [b, t] = await paired(15, bytes, text)
    console.log(`Anki revlog.csv: ${fmt(n)} reviews; medians`)
    console.log(`  learnkit readReviewFile (bytes from disk):                    ${fmt(b.wall)} ms wall, ${fmt(b.cpu)} ms CPU`)
    console.log(`  text reader on the file's UTF-8 chunks (readReviewFile before): ${fmt(t.wall)} ms wall, ${fmt(t.cpu)} ms CPU`)
    console.log(`  ratio text / bytes: ${fmt(t.wall / b.wall)}x wall, ${fmt(t.cpu / b.cpu)}x CPU`)
  }

  if (process.argv.includes('--no-big')) return
  ;(globalThis as { gc?: () => void }).gc?.()
  // 10 million rows, generated in ~1 MB chunks: order_id,user_id,skill_name,correct
  const N = 10_000_000
  let peakRss = process.memoryUsage().rss
  const baseRss = peakRss
  async function* synthetic(): AsyncGenerator<string> {
    yield 'order_id,user_id,skill_name,correct\n'
    const users = Array.from({ length: 100_000 }, (_, k) => `,u${k},`)
    const skills = Array.from({ length: 300 }, (_, k) => `skill ${k},`)
    let chunk = ''
    let x = 12345
    for (let i = 0; i < N; i++) {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0 // a fixed LCG: the same file every run
      chunk += i + (users[(x >>> 8) % 100_000] as string) + (skills[(x >>> 4) % 300] as string) + ((x & 1) === 1 ? '1\n' : '0\n')
      if (chunk.length > 1 << 20) {
        yield chunk
        chunk = ''
        if ((i & 0xffff) < 64) {
          const rss = process.memoryUsage().rss
          if (rss > peakRss) peakRss = rss
        }
      }
    }
    yield chunk
  }
  // the generator alone, to separate its cost from the load
  const g0 = process.cpuUsage()
  let bytes = 0
  for await (const chunk of synthetic()) bytes += chunk.length
  const gen = process.cpuUsage(g0)
  ;(globalThis as { gc?: () => void }).gc?.()
  const t0 = performance.now()
  const c0 = process.cpuUsage()
  const r = await readResponseCsv(synthetic())
  const ms = performance.now() - t0
  const cpu = process.cpuUsage(c0)
  const rss = process.memoryUsage().rss
  if (rss > peakRss) peakRss = rss
  if (E.isLeft(r)) throw new Error(r.left.message)
  console.log(`synthetic stream: ${fmt(r.right.table.length)} rows, ${fmt(r.right.table.learners.length)} learners, generated on the fly`)
  console.log(
    `  generate + load into a ResponseTable: ${fmt(ms / 1000)} s wall, ${fmt((cpu.user + cpu.system) / 1e6)} s CPU, ${fmt(N / (ms / 1000))} rows/s`,
  )
  console.log(
    `  of which generating the ${fmt(bytes / 1e6)} MB of text alone: ${fmt((gen.user + gen.system) / 1e6)} s CPU`,
  )
  console.log(`  peak RSS ${fmt(peakRss / 2 ** 20)} MiB (${fmt(baseRss / 2 ** 20)} MiB before); table columns ${fmt((r.right.table.length * 40) / 2 ** 20)} MiB`)
}

await main()
