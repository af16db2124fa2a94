// Bundle budgets: each entry an app would import, bundled as a user's bundler does (esbuild: bundle,
// minify, ESM, browser) and gzipped at level 9, against its budget, with the peers (ts-fsrs,
// supermemo) bundled the same way in the same run. `npx tsx scripts/bundle-sizes.ts --detail`
// prints the same numbers and what each bundle consists of.
import { describe, expect, it } from 'vitest'
import { composition, ENTRIES, measure } from '../../scripts/bundle-entries.js'

const entry = (name: string) => {
  const e = ENTRIES.find((x) => x.name === name)
  if (e === undefined) throw new Error(`no bundle entry '${name}'`)
  return e
}

describe('bundle budgets (esbuild --bundle --minify --format=esm --platform=browser, gzip -9)', () => {
  for (const e of ENTRIES.filter((x) => x.budget !== undefined))
    it(`${e.name}: at most ${e.budget} B`, async () => {
      const m = await measure(e.code)
      expect(m.gzip, `${e.name} is ${m.gzip} B gzipped`).toBeLessThanOrEqual(e.budget as number)
    })

  it('the FSRS entry is smaller than ts-fsrs doing the same (a scheduler and one review)', async () => {
    const [ours, peer] = await Promise.all([measure(entry('fsrs').code), measure(entry('ts-fsrs').code)])
    expect(peer.gzip).toBeGreaterThan(3000) // the peer really was bundled
    expect(ours.gzip, `learnkit ${ours.gzip} B, ts-fsrs ${peer.gzip} B`).toBeLessThan(peer.gzip)
  })

  it('online entries carry no io-ts and no fp-ts (codecs stay off the hot path)', async () => {
    for (const name of ['fsrs', 'bkt-online', 'sm2']) {
      const parts = composition((await measure(entry(name).code)).metafile).map(([k]) => k)
      expect(parts.filter((k) => k.startsWith('io-ts') || k.startsWith('fp-ts')), name).toEqual([])
    }
  })

  it('decoding still works where an app asks for it: a codec import brings io-ts in', async () => {
    const m = await measure(`import { FsrsCardC } from 'learnkit/srs'\nconsole.log(FsrsCardC.is({}))`)
    expect(composition(m.metafile).some(([k]) => k.startsWith('io-ts'))).toBe(true)
  })
})
