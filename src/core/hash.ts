/**
 * The 32-bit integer mix behind learnkit's seeds and hashes (the MurmurHash3
 * finalizer); internal to the package.
 *
 * @module
 */

/** Mixes the bits of a 32-bit integer so that nearby inputs give unrelated outputs. */
export const mix32 = (z: number): number => {
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b)
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
  return (z ^ (z >>> 16)) >>> 0
}
