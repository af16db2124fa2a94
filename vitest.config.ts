import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/bench/**', 'node_modules/**'],
    typecheck: { enabled: true, include: ['test/**/*.test-d.ts'] },
    // Generous: the machine may run other jobs; speed is measured in test/bench, never here.
    testTimeout: 300_000,
    hookTimeout: 300_000,
    pool: 'forks',
    // The default output, then one line when tests needing ../shared were skipped.
    reporters: ['default', './test/shared-data-reporter.ts'],
  },
})
