// One process, one logistic fit, as a user would run it: read the CSV, encode, fit (learnkit's
// defaults: L2 with λ = 1, i.e. scikit-learn's C = 1, gradient test 1e-6 on the mean objective).
// Bundled and timed by logistic-process.bench.ts; prints the fit's own CPU seconds as JSON.
//   node <bundle> FILE MODEL
import { fitLogistic, type LogisticKind } from '../../src/models/logistic.js'
import { readResponseFile } from '../../src/node/files.js'

const [file, model] = process.argv.slice(2) as [string, LogisticKind]
const loaded = await readResponseFile(file, {})
if (loaded._tag === 'Left') throw new Error(loaded.left.message)
const c0 = process.cpuUsage()
const fit = fitLogistic(loaded.right.table, { model, l2: 1 })
const c = process.cpuUsage(c0)
if (fit._tag === 'Left') throw new Error(fit.left.message)
console.log(JSON.stringify({ fitCpu: (c.user + c.system) / 1e6, iterations: fit.right.iterations, converged: fit.right.converged }))
