/**
 * The check every chart-spec function runs on its options: unknown keys
 * throw a `LearnkitException` that names the key and suggests the right one
 * (Vega-Lite / matplotlib names such as `xlabel` or `figsize` included).
 * Internal: not exported from `learnkit/plot`.
 *
 * @module
 */
import { LearnkitException } from '../core/errors.js'
import { unknownOption } from '../core/options.js'

/** The keys of `ChartOptions`. */
export const CHART_KEYS: ReadonlyArray<string> = ['title', 'width', 'height']

/** matplotlib / seaborn / Vega-Lite names → learnkit's (lower-cased without `_` and `-`). */
const CHART_ALIASES: Readonly<Record<string, string>> = {
  label: 'title',
  name: 'title',
  suptitle: 'title',
  w: 'width',
  h: 'height',
  bins: 'samples',
  nsamples: 'samples',
  maxday: 'maxDays',
  days: 'maxDays',
  xmax: 'maxDays',
  mastery: 'threshold',
  masterythreshold: 'threshold',
  metric: 'metrics',
  parameters: 'params',
  maxpoint: 'maxPoints',
  points: 'maxPoints',
}

/**
 * Throws a `LearnkitException` (`invalid_options`, path naming the key,
 * with a suggestion) when `options` has a key outside `ChartOptions` and
 * `extra`; a non-object is left to the caller.
 */
export const assertChartOptions = (options: unknown, extra: ReadonlyArray<string>, what: string): void => {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) return
  const known = [...CHART_KEYS, ...extra]
  const aliases: Record<string, string> = {}
  for (const [k, v] of Object.entries(CHART_ALIASES)) if (known.includes(v)) aliases[k] = v
  const bad = unknownOption(options, known, what, [], aliases)
  if (bad !== undefined) throw new LearnkitException(bad)
}
