/**
 * SRS: anki-sm2 (in progress).
 *
 * @module
 */
export {}
