// A vitest reporter that ends the run with one visible line when tests that need the research
// data in ../shared were skipped (see test/shared-data.ts): how many, and why. A fresh clone
// without that folder passes its tests and says so; .ci/run sets LEARNKIT_REQUIRE_SHARED_DATA=1,
// under which such tests fail instead of skipping.
import type { Reporter, TestModule } from 'vitest/node'
import { requireSharedData, SHARED_DATA_TAG, sharedRoot } from './shared-data.js'

export default class SharedDataReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let skipped = 0
    for (const m of testModules)
      for (const t of m.children.allTests()) if (t.fullName.includes(SHARED_DATA_TAG) && t.result().state === 'skipped') skipped++
    if (skipped === 0 || requireSharedData) return
    process.stdout.write(
      `\nlearnkit: ${skipped} test${skipped === 1 ? '' : 's'} skipped: they need the research data in ../shared (not found at ${sharedRoot}); set LEARNKIT_REQUIRE_SHARED_DATA=1 to make them fail instead\n`,
    )
  }
}
