/**
 * @module bkt
 */
export {}
