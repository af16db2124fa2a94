/**
 * Rich display in notebooks. A result that carries a display method under
 * `Symbol.for('Jupyter.display')` shows itself in Deno's Jupyter kernel as an
 * HTML table (and a Vega-Lite chart where one says more), with a plain-text
 * fallback. The method is a non-enumerable property: it is invisible to
 * `JSON.stringify`, spreads, equality checks and `structuredClone`.
 *
 * @module
 */

/**
 * What a display method returns: MIME type → content (Jupyter's display data).
 *
 * @example
 * ```ts
 * import type { DisplayData } from 'learnkit/core'
 * const d: DisplayData = { 'text/plain': 'hello', 'text/html': '<b>hello</b>' }
 * ```
 */
export type DisplayData = Readonly<Record<string, unknown>>

/**
 * The symbol Deno's Jupyter kernel looks up on a cell's value.
 *
 * @example
 * ```ts
 * import { JUPYTER_DISPLAY } from 'learnkit/core'
 * JUPYTER_DISPLAY === Symbol.for('Jupyter.display') // true
 * ```
 */
export const JUPYTER_DISPLAY: unique symbol = Symbol.for('Jupyter.display') as never

/**
 * Attaches a display method to a result (in place, non-enumerable) and returns it.
 *
 * @example
 * ```ts
 * import { withDisplay, htmlTable } from 'learnkit/core'
 * const r = withDisplay({ auc: 0.71 }, (v) => ({
 *   'text/plain': `auc ${v.auc}`,
 *   'text/html': htmlTable(['metric', 'value'], [['auc', v.auc]]),
 * }))
 * JSON.stringify(r) // '{"auc":0.71}'
 * ```
 */
export const withDisplay = <T extends object>(value: T, render: (value: T) => DisplayData): T => {
  if (Object.isFrozen(value) || !Object.isExtensible(value)) return value
  Object.defineProperty(value, JUPYTER_DISPLAY, { value: () => render(value), enumerable: false, configurable: true, writable: true })
  return value
}

/**
 * Escapes text for HTML.
 *
 * @example
 * ```ts
 * import { escapeHtml } from 'learnkit/core'
 * escapeHtml('<b>') // '&lt;b&gt;'
 * ```
 */
export const escapeHtml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')

const cell = (v: unknown): string => {
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : Number.isFinite(v) ? v.toPrecision(4) : String(v)
  if (v === null || v === undefined) return ''
  if (typeof v === 'string') return v
  if (typeof v !== 'object') return typeof v === 'function' ? 'function' : String(v)
  try {
    return JSON.stringify(v) ?? ''
  } catch {
    return Object.prototype.toString.call(v) // a cycle or a bigint inside
  }
}

/**
 * An HTML table (numbers to four significant digits, right-aligned).
 *
 * @example
 * ```ts
 * import { htmlTable } from 'learnkit/core'
 * htmlTable(['skill', 'pInit'], [['add', 0.3]]).startsWith('<table') // true
 * ```
 */
export const htmlTable = (headers: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<unknown>>, caption?: string): string => {
  const head = headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('')
  const body = rows
    .map((r) => `<tr>${r.map((v) => `<td${typeof v === 'number' ? ' style="text-align:right"' : ''}>${escapeHtml(cell(v))}</td>`).join('')}</tr>`)
    .join('')
  const cap = caption !== undefined ? `<caption>${escapeHtml(caption)}</caption>` : ''
  return `<table>${cap}<thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`
}

/**
 * A plain-text table (the fallback MIME type), columns padded to their widths.
 *
 * @example
 * ```ts
 * import { textTable } from 'learnkit/core'
 * textTable(['skill', 'pInit'], [['add', 0.3]]).split('\n').length // 2
 * ```
 */
export const textTable = (headers: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<unknown>>): string => {
  const all = [headers.map(String), ...rows.map((r) => r.map(cell))]
  const widths = headers.map((_, j) => Math.max(...all.map((r) => (r[j] ?? '').length)))
  return all
    .map((r) =>
      r
        .map((c, j) => {
          const num = all.length > 1 && j < headers.length && rows.every((row) => typeof row[j] === 'number')
          return num ? c.padStart(widths[j] ?? 0) : c.padEnd(widths[j] ?? 0)
        })
        .join('  ')
        .trimEnd(),
    )
    .join('\n')
}

/**
 * The MIME type of a Vega-Lite v5 chart in a notebook's display data.
 *
 * @example
 * ```ts
 * import { VEGA_LITE_MIME } from 'learnkit/core'
 * VEGA_LITE_MIME // 'application/vnd.vegalite.v5+json'
 * ```
 */
export const VEGA_LITE_MIME = 'application/vnd.vegalite.v5+json'

/**
 * A value that shows itself in a notebook: it has a display method under
 * {@link JUPYTER_DISPLAY}.
 *
 * @example
 * ```ts
 * import { JUPYTER_DISPLAY, type Displayable } from 'learnkit/core'
 * const hello: Displayable = { [JUPYTER_DISPLAY]: () => ({ 'text/plain': 'hello' }) }
 * ```
 */
export interface Displayable {
  /** Returns the MIME bundle to show (called by the kernel). */
  readonly [JUPYTER_DISPLAY]: () => DisplayData
}

/**
 * Whether a value carries a display method under {@link JUPYTER_DISPLAY}.
 *
 * @example
 * ```ts
 * import { hasDisplay, withDisplay } from 'learnkit/core'
 * hasDisplay(withDisplay({ a: 1 }, () => ({ 'text/plain': 'a' }))) // true
 * hasDisplay({ a: 1 }) // false
 * ```
 */
export const hasDisplay = (value: unknown): value is Displayable =>
  value !== null && (typeof value === 'object' || typeof value === 'function') && typeof (value as Record<symbol, unknown>)[JUPYTER_DISPLAY] === 'function'

/**
 * Attaches a chart display to a Vega-Lite specification (in place,
 * non-enumerable): in a notebook the spec draws itself as a chart
 * (`application/vnd.vegalite.v5+json`), with its description as plain text
 * elsewhere. The JSON is unchanged.
 *
 * One output shows one MIME type (JupyterLab prefers HTML to Vega-Lite, VS
 * Code the reverse), so a chart's display carries no HTML table beside it:
 * tables and charts are separate outputs.
 *
 * @example
 * ```ts
 * import { withChartDisplay } from 'learnkit/core'
 * const spec = withChartDisplay({ $schema: 'https://vega.github.io/schema/vega-lite/v5.json', description: 'dots', mark: 'point' })
 * JSON.stringify(spec).includes('Jupyter') // false
 * ```
 */
export const withChartDisplay = <T extends object>(spec: T): T =>
  withDisplay(spec, (s) => {
    const d = (s as { readonly description?: unknown; readonly title?: unknown }).description
    const title = (s as { readonly title?: unknown }).title
    const text = [typeof title === 'string' ? title : undefined, typeof d === 'string' ? d : 'Vega-Lite chart'].filter((x) => x !== undefined).join(': ')
    return { [VEGA_LITE_MIME]: JSON.parse(JSON.stringify(s)) as unknown, 'text/plain': `[chart] ${text}` }
  })
