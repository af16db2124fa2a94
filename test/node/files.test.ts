import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as E from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import { readResponseCsv, readReviewCsv } from '../../src/data/index.js'
import { readResponseFile, readReviewFile } from '../../src/node/index.js'

const dir = mkdtempSync(join(tmpdir(), 'learnkit-files-'))

describe('readResponseFile / readReviewFile', () => {
  it('a missing file is an io_error naming it, returned in Left', async () => {
    const path = join(dir, 'absent.csv')
    const r = await readResponseFile(path)
    expect(E.isLeft(r) && r.left).toMatchObject({ code: 'io_error', file: path, message: 'file not found' })
    const v = await readReviewFile(path)
    expect(E.isLeft(v) && v.left).toMatchObject({ code: 'io_error', file: path })
  })

  it('a directory is an io_error too', async () => {
    const r = await readResponseFile(dir)
    expect(E.isLeft(r) && r.left).toMatchObject({ code: 'io_error', file: dir })
  })

  it('gives the same result as reading the text, with the path in errors', async () => {
    const text = '\uFEFForder_id,user_id,skill_name,correct\r\n2,a,"x~~y",1\r\n1,a,x,0\r\n'
    const path = join(dir, 'ok.csv')
    writeFileSync(path, text)
    const fromFile = await readResponseFile(path)
    const fromText = await readResponseCsv(text, { file: path })
    expect(fromFile).toEqual(fromText)
    const badPath = join(dir, 'bad.csv')
    writeFileSync(badPath, 'user_id,skill_name,correct\na,x,1\na,x,maybe\n')
    const bad = await readResponseFile(badPath)
    expect(E.isLeft(bad) && bad.left).toMatchObject({ file: badPath, line: 3, column: 'correct' })
  })

  it('streams a file larger than one chunk (multi-byte text across chunk edges)', async () => {
    const lines = ['card_id,review_time,rating']
    for (let i = 0; i < 60_000; i++) lines.push(`"carte ${i} é€",${1_700_000_000_000 + i},${(i % 4) + 1}`)
    const text = lines.join('\n')
    const path = join(dir, 'big.csv')
    writeFileSync(path, text)
    const fromFile = await readReviewFile(path)
    const fromText = await readReviewCsv(text, { file: path })
    expect(E.isRight(fromFile) && fromFile.right.reviews.length).toBe(60_000)
    expect(fromFile).toEqual(fromText)
  })
})

describe('readResponseFile: encodings', () => {
  const header = 'user_id,skill_name,correct\n'
  // enough rows that multi-byte characters straddle the 1 MiB chunk edges
  const many = (skill: string): string => {
    let s = header
    for (let i = 0; i < 40_000; i++) s += `learner ${i % 97},${skill},${i % 2}\n`
    return s
  }

  it('multi-byte UTF-8 across chunk edges reads exactly as from the string', async () => {
    const text = many('Bruchrechnen ½ – 😀 é')
    const path = join(dir, 'utf8.csv')
    writeFileSync(path, text)
    const a = await readResponseFile(path)
    const b = await readResponseCsv(text, { file: path })
    expect(a).toEqual(b)
    expect(E.isRight(a) && a.right.table.skills).toEqual(['Bruchrechnen ½ – 😀 é'])
  })

  it('a genuine U+FFFD in the file is read as it is', async () => {
    const text = many('odd \uFFFD skill')
    const path = join(dir, 'fffd.csv')
    writeFileSync(path, text)
    const a = await readResponseFile(path)
    expect(E.isRight(a) && a.right.table.skills).toEqual(['odd \uFFFD skill'])
    expect(E.isRight(a) && a.right.table.length).toBe(40_000)
  })

  it('invalid UTF-8 bytes are a parse_error naming the file, not silently replaced', async () => {
    const path = join(dir, 'latin1.csv')
    const good = Buffer.from(many('plain'))
    writeFileSync(path, Buffer.concat([good, Buffer.from([0x61, 0x2c, 0xe9, 0x2c, 0x31, 0x0a])]))
    const a = await readResponseFile(path)
    expect(E.isLeft(a) && a.left).toMatchObject({ code: 'parse_error', file: path })
    const b = await readResponseFile(path, { encoding: 'latin1' })
    expect(E.isRight(b) && b.right.table.skills).toEqual(['plain', 'é'])
  })

  it('an incomplete character at the very end is an error', async () => {
    const path = join(dir, 'cut.csv')
    writeFileSync(path, Buffer.concat([Buffer.from(header + 'a,x,1\nb,'), Buffer.from([0xe2, 0x82])]))
    const a = await readResponseFile(path)
    expect(E.isLeft(a) && a.left).toMatchObject({ code: 'parse_error', file: path })
  })
})
