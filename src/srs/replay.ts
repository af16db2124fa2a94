/**
 * SRS: replay (in progress).
 *
 * @module
 */
export {}
