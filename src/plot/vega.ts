/**
 * The Vega-Lite specification type: plain JSON, so a spec can be written to a
 * file, sent to a browser, or handed to any Vega-Lite renderer (the Vega
 * editor, Jupyter/Deno notebooks, Observable, `vega-embed`) without learnkit
 * depending on Vega.
 *
 * @module
 */

// model

/**
 * A JSON value: what a Vega-Lite specification is made of.
 *
 * @example
 * ```ts
 * import type { JsonValue } from 'learnkit/plot'
 * const v: JsonValue = { mark: 'line', data: { values: [{ x: 1 }] } }
 * ```
 */
export type JsonValue = null | boolean | number | string | ReadonlyArray<JsonValue> | { readonly [key: string]: JsonValue }

/**
 * A Vega-Lite v5 specification as a plain JSON object with its `$schema`.
 *
 * @example
 * ```ts
 * import { VEGA_LITE_SCHEMA, type VegaLiteSpec } from 'learnkit/plot'
 * const spec: VegaLiteSpec = { $schema: VEGA_LITE_SCHEMA, mark: 'point', data: { values: [] } }
 * ```
 */
export interface VegaLiteSpec {
  readonly $schema: string
  readonly [key: string]: JsonValue
}

/**
 * The Vega-Lite v5 JSON schema URL that every spec here carries.
 *
 * @example
 * ```ts
 * import { VEGA_LITE_SCHEMA } from 'learnkit/plot'
 * VEGA_LITE_SCHEMA // 'https://vega.github.io/schema/vega-lite/v5.json'
 * ```
 */
export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v5.json'

/**
 * Options shared by the chart builders: a title and the plot size in pixels.
 *
 * @example
 * ```ts
 * import type { ChartOptions } from 'learnkit/plot'
 * const o: ChartOptions = { title: 'Fractions', width: 480, height: 300 }
 * ```
 */
export interface ChartOptions {
  readonly title?: string
  readonly width?: number
  readonly height?: number
}

