// Development shim: lets the fitting worker (fit-worker.ts) run when learnkit runs from its
// sources (tests, tsx). Registers tsx's loader in the worker thread, then loads the real worker,
// which answers messages when started by fitBktParallel. The published package uses
// dist/node/fit-worker.js.
import { register } from 'tsx/esm/api'

register()
await import('./fit-worker.ts')
