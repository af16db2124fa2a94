/**
 * Which CSV columns a BKT model document's per-item variants read: a rule
 * of its own, apart from the document codecs, so that `learnkit bkt fit`
 * can apply it without loading them.
 *
 * @module
 */
import type { BktDocumentOptions } from './document.js'
import type { BktModelColumns } from './params.js'

/**
 * The CSV column of each per-item variant, as a document records it
 * (`options.columns`).
 *
 * @example
 * ```ts
 * import type { BktDocumentColumnNames } from 'learnkit/bkt'
 * const pyBktStyle: BktDocumentColumnNames = { multigs: 'problem_id', multilearn: 'template_id' }
 * ```
 */
export interface BktDocumentColumnNames {
  readonly multigs?: string
  readonly multilearn?: string
  readonly multiprior?: string
  readonly multipair?: string
}

/**
 * How to read data for a document's per-item variants: the CSV column of
 * each variant in use (`byVariant`: `options.columns`, else `itemColumn`,
 * else `problem_id`), which column goes into the table's `item` and which
 * into its `template` (the first distinct name, guess/slip first, is the
 * item, a second one the template), and the {@link BktModelColumns} the
 * model then needs (`undefined` when everything reads the item column).
 * The fit and everything that reads its document use this one rule, so
 * predictions read the columns the fit read.
 *
 * @example
 * ```ts
 * import { bktDocumentColumns, standardBktOptions } from 'learnkit/bkt'
 * const o = { ...standardBktOptions, multigs: true, multilearn: true, columns: { multigs: 'problem_id', multilearn: 'template_id' } }
 * bktDocumentColumns(o).template // 'template_id'
 * bktDocumentColumns(o).model // { multigs: 'item', multilearn: 'template' }
 * ```
 */
export const bktDocumentColumns = (
  options: Pick<BktDocumentOptions, 'multigs' | 'multilearn' | 'multiprior' | 'multipair' | 'itemColumn' | 'columns'>,
): {
  readonly byVariant: BktDocumentColumnNames
  readonly item?: string
  readonly template?: string
  readonly model?: BktModelColumns
} => {
  const byVariant: { -readonly [K in keyof BktDocumentColumnNames]: string } = {}
  let item: string | undefined
  let template: string | undefined
  const model: { -readonly [K in keyof BktModelColumns]: 'item' | 'template' } = {}
  for (const k of ['multigs', 'multilearn', 'multiprior', 'multipair'] as const) {
    if (options[k] !== true) continue
    const name = options.columns?.[k] ?? options.itemColumn ?? 'problem_id'
    byVariant[k] = name
    if (item === undefined || item === name) {
      item = name
      model[k] = 'item'
    } else {
      template = name
      model[k] = 'template'
    }
  }
  return {
    byVariant,
    ...(item !== undefined ? { item } : {}),
    ...(template !== undefined ? { template, model } : {}),
  }
}
