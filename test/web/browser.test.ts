// The web example and the bundler-free build, driven in a real browser (Debian's Chromium through
// playwright-core). Skipped, with a message, only where /usr/bin/chromium is missing and CI is not
// set; on CI they always run (.ci/run installs Chromium).
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { bktMastery, BktStateC } from '../../src/bkt/index.js'
import { FsrsCardC } from '../../src/srs/index.js'
import { migrateLearnerState, type LearnerEvent } from '../../src/learner/index.js'
import { buildWeb, startWebServer } from '../../examples/web/serve.js'

const CHROMIUM = '/usr/bin/chromium'
const available = existsSync(CHROMIUM)
if (!available && process.env.CI === undefined)
  console.warn(`\n*** test/web/browser.test.ts SKIPPED: ${CHROMIUM} is missing (apt-get install chromium); on CI these tests run. ***\n`)
const suite = available || process.env.CI !== undefined ? describe : describe.skip

const OUT = resolve(__dirname, '../../.tmp/web')
const START = '2025-01-06T09:00:00Z'
const STORE = 'learnkit-web/ada'
/** The item bank's answers (the app's own table, repeated here so the test answers as a learner would). */
const ANSWERS: Readonly<Record<string, string>> = {
  'count-dots': '3',
  'count-next': '8',
  'add-2-3': '5',
  'add-4-4': '8',
  'add-6-1': '7',
  'carry-18-5': '23',
  'carry-27-15': '42',
}

interface Stored {
  readonly events: ReadonlyArray<LearnerEvent>
  readonly state: unknown
}

let browser: Browser
let server: { readonly url: string; readonly close: () => Promise<void> }

suite('the web example in Chromium', () => {
  beforeAll(async () => {
    await buildWeb()
    server = await startWebServer({ port: 0 })
    const { chromium } = await import('playwright-core')
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    })
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  const ready = async (page: Page): Promise<void> => {
    await page.waitForFunction(() => (window as unknown as { learnkitReady?: boolean }).learnkitReady === true)
  }
  const stored = async (page: Page): Promise<Stored> => JSON.parse((await page.evaluate((k) => localStorage.getItem(k), STORE)) ?? 'null') as Stored
  const texts = (page: Page) =>
    page.evaluate(() => Object.fromEntries(['count', 'skills', 'cards', 'goal', 'next', 'reasons'].map((id) => [id, document.getElementById(id)?.innerText ?? ''])))

  it('answers a dozen items and reviews cards, survives a reload exactly, and undoes', async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } })
    page.setDefaultTimeout(15_000)
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    await page.goto(`${server.url}?start=${START}`)
    await ready(page)
    await page.evaluate(() => localStorage.clear())
    await page.reload()
    await ready(page)

    // Two flashcard reviews, then twelve answers to whatever the policy asks next (every third one wrong).
    await page.click('button[data-review="fact-7x8"][data-rating="3"]')
    await page.click('button[data-review="fact-9x6"][data-rating="1"]')
    const answered: string[] = []
    for (let i = 0; answered.length < 12 && i < 40; i++) {
      const q = await page.$('p.question[data-item]')
      const item = q === null ? null : await q.getAttribute('data-item')
      if (item === null) {
        // The policy chose a due review: rate it Good from the table.
        const text = (await page.$eval('#next', (e) => (e as HTMLElement).innerText)) ?? ''
        const card = /7 × 8/.test(text) ? 'fact-7x8' : /9 × 6/.test(text) ? 'fact-9x6' : 'fact-12x12'
        const before = (await stored(page)).events.length
        await page.click(`button[data-review="${card}"][data-rating="3"]`)
        await page.waitForFunction(([k, n]) => (JSON.parse(localStorage.getItem(k as string) ?? '{"events":[]}').events.length as number) > (n as number), [STORE, before])
        continue
      }
      const right = ANSWERS[item] as string
      const wrong = (await page.$$eval(`button[data-item="${item}"]`, (bs) => bs.map((b) => (b as HTMLElement).dataset.choice ?? ''))).find((c) => c !== right) as string
      const before = (await stored(page)).events.length
      await page.click(`button[data-item="${item}"][data-choice="${answered.length % 3 === 2 ? wrong : right}"]`)
      await page.waitForFunction(([k, n]) => (JSON.parse(localStorage.getItem(k as string) ?? '{"events":[]}').events.length as number) > (n as number), [STORE, before])
      answered.push(item)
    }
    expect(answered).toHaveLength(12)
    expect(errors).toEqual([])

    // The persisted JSON decodes in Node with the same codecs and agrees with the DOM.
    const saved = await stored(page)
    const decoded = migrateLearnerState({ knowledge: BktStateC, card: FsrsCardC })(saved.state)
    if (decoded._tag === 'Left') throw new Error(decoded.left.message)
    const s = decoded.right
    expect(s.history.attempts).toBe(12)
    expect(saved.events.filter((e) => e.kind === 'attempt')).toHaveLength(12)
    expect(Object.keys(s.cards).sort()).toEqual(expect.arrayContaining(['fact-7x8', 'fact-9x6']))
    expect(s.goals['unit-1']?.goal.kind).toBe('mastery')
    const before = await texts(page)
    for (const [skill, rec] of Object.entries(s.skills)) {
      const shown = await page.$eval(`[data-skill="${skill}"] .value`, (e) => (e as HTMLElement).innerText)
      expect(shown.startsWith(`${Math.round(bktMastery(rec.knowledge) * 100)}%`)).toBe(true)
    }
    const due = await page.$eval('tr[data-card="fact-7x8"] .card-due', (e) => (e as HTMLElement).innerText)
    const card = s.cards['fact-7x8']?.memory
    expect(due).toBe(new Date(card?.due ?? 0).toISOString().slice(0, 16).replace('T', ' '))
    expect(before.goal).toMatch(/progress \d+% · status (onTrack|atRisk|offTrack|achieved)/)
    expect(before.reasons?.length).toBeGreaterThan(0)

    // Reload: the same state, the same page.
    await page.reload()
    await ready(page)
    expect(await stored(page)).toEqual(saved)
    expect(await texts(page)).toEqual(before)

    mkdirSync(OUT, { recursive: true })
    await page.screenshot({ path: resolve(OUT, 'app.png'), fullPage: true })

    // Undo removes the last event, in the state, the store and the page.
    await page.click('#undo')
    const undone = await stored(page)
    expect(undone.events).toEqual(saved.events.slice(0, -1))
    const last = saved.events[saved.events.length - 1] as LearnerEvent
    const u = migrateLearnerState({ knowledge: BktStateC, card: FsrsCardC })(undone.state)
    if (u._tag === 'Left') throw new Error(u.left.message)
    expect(u.right.history.attempts + u.right.history.reviews).toBe(s.history.attempts + s.history.reviews - (last.kind === 'attempt' || last.kind === 'review' ? 1 : 0))
    expect((await texts(page)).count).not.toBe(before.count)
    await page.close()
  }, 120_000)

  it('imports the bundler-free build from a plain <script type="module"> and runs BKT and FSRS', async () => {
    const js = readFileSync(resolve(OUT, 'learnkit.js'), 'utf8')
    // No bare specifiers: nothing imported from a package name.
    expect(js.match(/\bfrom\s*["'](?![./])[^"']+["']|\bimport\s*\(\s*["'](?![./])/g)).toBeNull()
    const page = await browser.newPage()
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    await page.goto(`${server.url}standalone.html`)
    await page.waitForFunction(() => (window as unknown as { learnkitResult?: unknown }).learnkitResult !== undefined)
    const r = (await page.evaluate(() => (window as unknown as { learnkitResult: unknown }).learnkitResult)) as Record<string, unknown>
    expect(errors).toEqual([])
    expect(r.attempts).toBe(4)
    expect(r.mastery).toBeGreaterThan(0.5)
    expect(r.mastery).toBeLessThan(1)
    expect(r.cardState).toBe('learning')
    expect(r.due).toBe('2025-01-06T09:10:00.000Z') // Good on a new card: the 10-minute learning step
    expect(r.typo).toMatch(/did you mean 'requestRetention'/)
    await page.close()
  }, 60_000)
})
