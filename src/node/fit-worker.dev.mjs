// Development shim: lets tinypool run the TypeScript worker (fit-worker.ts) when
// learnkit runs from its sources (tests, tsx). Registers tsx's loader in the worker
// thread, then loads the real worker. The published package uses dist/node/fit-worker.js.
import { register } from 'tsx/esm/api'

register()
const worker = await import('./fit-worker.ts')
export default worker.default
