/**
 * SRS: hlr (in progress).
 *
 * @module
 */
export {}
