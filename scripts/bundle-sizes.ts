/**
 * Prints the gzipped size of each bundle entry (see scripts/bundle-entries.ts) and of each area,
 * and with `--detail` what each entry consists of (minified bytes per module or package).
 *
 *     npx tsx scripts/bundle-sizes.ts [--detail]
 */
import { AREAS, composition, ENTRIES, measure } from './bundle-entries.js'

const detail = process.argv.includes('--detail')
const fmt = (n: number): string => n.toLocaleString('en-US')
console.log('entry | gzip -9 (B) | minified (B) | budget')
for (const e of ENTRIES) {
  const m = await measure(e.code)
  console.log(`${e.name} | ${fmt(m.gzip)} | ${fmt(m.raw)} | ${e.budget === undefined ? '-' : fmt(e.budget)}`)
  if (detail) for (const [k, n] of composition(m.metafile).slice(0, 25)) console.log(`    ${fmt(n).padStart(8)}  ${k}`)
}
console.log('\narea (export * from learnkit/<area>) | gzip -9 (B) | minified (B)')
for (const a of AREAS) {
  const m = await measure(`export * from 'learnkit/${a}'`)
  console.log(`${a} | ${fmt(m.gzip)} | ${fmt(m.raw)}`)
}
