import { defineConfig } from 'vitest/config'

/** Modules with unit tests of their own: their coverage may not fall below these floors. */
const UNIT_TESTED = [
  'src/http.ts',
  'src/dispatcher.ts',
  'src/proxy-env.ts',
  'src/rate-limit.ts',
  'src/inputs.ts',
  'src/psk.ts',
  'src/report.ts',
  'src/selection.ts',
  'src/rollout.ts',
  'src/sealed-box.ts',
  'src/health/verify.ts',
  'src/github-secrets/**',
]

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    coverage: {
      enabled: true,
      provider: 'v8',
      // The integration tests run the bundle in child processes, which in-process coverage cannot see.
      include: UNIT_TESTED,
      reporter: ['text-summary', 'json-summary'],
      thresholds: { statements: 90, branches: 82, functions: 88, lines: 90 },
    },
  },
})
