/**
 * Response data: the columnar {@link ResponseTable}, CSV reading, and the
 * response and review-log formats.
 *
 * @module data
 */
export * from './table.js'
export * from './csv.js'
export * from './responses.js'
export * from './reviews.js'
export * from './columns.js'
