/**
 * Internal kernel of R-PFA's feature, shared by the encoder (`logistic.ts`)
 * and the online model (`logistic-online.ts`); not part of the public face.
 *
 * @module
 */

/**
 * R-PFA's recency-weighted proportion of failures from the decayed counts
 * S̃, F̃ of `attempts` real answers and `ghosts` ghost failures before them:
 * (F̃ + δ^T·G)/(S̃ + F̃ + δ^T·G), G = 1 + δ + … + δ^{g−1}; 0 without any
 * answer or ghost. Shared by the encoder and the online model.
 */
export const recentFailures = (sd: number, fd: number, attempts: number, decay: number, ghosts: number): number => {
  const gw = ghostWeight(decay, ghosts) * Math.pow(decay, attempts)
  const den = sd + fd + gw
  return den > 0 ? (fd + gw) / den : 0
}

/**
 * G = 1 + δ + … + δ^{g−1}: summed term by term up to 64 ghosts (the numbers
 * fitted models have always had), in closed form beyond (a model file may
 * say any number; a loop to it would not end).
 */
const ghostWeight = (decay: number, ghosts: number): number => {
  if (ghosts > 64) return decay === 1 ? ghosts : (1 - Math.pow(decay, ghosts)) / (1 - decay)
  let g = 0
  for (let j = 0, w = 1; j < ghosts; j++, w *= decay) g += w
  return g
}
