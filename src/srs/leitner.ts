/**
 * SRS: leitner (in progress).
 *
 * @module
 */
export {}
