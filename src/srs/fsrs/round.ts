/**
 * ts-fsrs's rounding, shared by the scheduler, the parameters and the
 * optimizer; internal to the package.
 *
 * @module
 */

/** ts-fsrs's `roundTo(x, 8)`: round half up at the 8th decimal. */
export const round8 = (x: number): number => Math.round(x * 1e8) / 1e8
