/**
 * @module plot
 */
export {}
