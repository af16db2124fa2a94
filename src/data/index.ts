/**
 * Response data: the columnar {@link ResponseTable}, CSV reading, and the
 * response and review-log formats.
 *
 * @module data
 */
export * from './table.js'
