/**
 * SRS: sm2 (in progress).
 *
 * @module
 */
export {}
