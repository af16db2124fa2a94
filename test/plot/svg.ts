/**
 * Renders Vega-Lite specifications to SVG headlessly (vega + vega-lite, no
 * browser) and reads back what a reader of the chart sees: line paths and
 * their vertices, legends, axis titles, marks.
 */
import * as vega from 'vega'
import * as vl from 'vega-lite'
import type { VegaLiteSpec } from '../../src/plot/index.js'

/** The SVG text of a Vega-Lite spec, rendered without a browser. */
export const renderSvg = async (spec: VegaLiteSpec): Promise<string> => {
  const compiled = vl.compile(spec as unknown as vl.TopLevelSpec).spec
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' })
  try {
    return await view.toSVG()
  } finally {
    view.finalize()
  }
}

const unescape = (s: string): string =>
  s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&')

/** One drawn line: its vertex count and the label vega gives it (its first point's fields). */
export interface SvgLine {
  readonly vertices: number
  readonly label: string
  readonly dashed: boolean
}

/** Every path drawn by a line mark (one per series), with its vertex count. */
export const linePaths = (svg: string): SvgLine[] => {
  const out: SvgLine[] = []
  for (const m of svg.matchAll(/<path([^>]*?)aria-roledescription="line mark"([^>]*?)\/?>/g)) {
    const attrs = `${m[1] ?? ''} ${m[2] ?? ''}`
    const d = /\sd="([^"]*)"/.exec(attrs)?.[1] ?? ''
    const label = unescape(/aria-label="([^"]*)"/.exec(attrs)?.[1] ?? '')
    const dash = /stroke-dasharray="([^"]*)"/.exec(attrs)?.[1]
    out.push({ vertices: (d.match(/[ML]/g) ?? []).length, label, dashed: dash !== undefined && dash !== '1,0' })
  }
  return out
}

/** The value of `field: value` in a mark's aria label. */
export const labelField = (label: string, field: string): string | undefined =>
  new RegExp(`(?:^|; )${field}: ([^;]*)`).exec(label)?.[1]

const textsOf = (svg: string, role: string): string[] => {
  const out: string[] = []
  const re = new RegExp(`<g class="mark-text role-${role}"[^>]*>((?:<text[^>]*>[^<]*</text>)*)</g>`, 'g')
  for (const m of svg.matchAll(re)) for (const t of (m[1] ?? '').matchAll(/<text[^>]*>([^<]*)<\/text>/g)) out.push(unescape(t[1] ?? ''))
  return out
}

/** Axis titles, in drawing order. */
export const axisTitles = (svg: string): string[] => textsOf(svg, 'axis-title')
/** Legend titles. */
export const legendTitles = (svg: string): string[] => textsOf(svg, 'legend-title')
/** Legend entry labels. */
export const legendLabels = (svg: string): string[] => textsOf(svg, 'legend-label')
/** Title texts: the chart title and facet headers (column titles of a faceted chart). */
export const headerLabels = (svg: string): string[] => textsOf(svg, 'title-text')

/** How many graphics a mark type drew (`symbol` for points/circles, `rule`, `rect`, ...), axis and legend parts excluded. */
export const markCount = (svg: string, type: string): number => {
  let n = 0
  const re = new RegExp(`<g class="mark-${type} role-mark[^"]*"[^>]*>`, 'g')
  for (const m of svg.matchAll(re)) {
    // count the graphics until this group closes (marks are flat groups of paths/lines)
    let depth = 1
    let i = (m.index ?? 0) + m[0].length
    while (depth > 0 && i < svg.length) {
      const open = svg.indexOf('<g', i)
      const close = svg.indexOf('</g>', i)
      if (close < 0) break
      if (open >= 0 && open < close) {
        depth++
        i = open + 2
      } else {
        depth--
        i = close + 4
      }
    }
    const body = svg.slice((m.index ?? 0) + m[0].length, i)
    n += (body.match(/role="graphics-symbol"/g) ?? []).length
  }
  return n
}
