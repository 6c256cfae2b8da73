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
  'src/waves.ts',
  'src/router-command.ts',
  'src/rolling-report.ts',
  'src/sealed-box.ts',
  'src/rotation.ts',
  'src/cloudflare.ts',
  'src/health/verify.ts',
  'src/github-secrets/**',
]

/**
 * Two projects: `unit` runs in-process (no bundle, seconds), `integration` runs the bundled action
 * as a runner does (its setup bundles src/ first) and the real-IKE lab. `npm test` runs both with
 * coverage; `npx vitest run test/<file>.test.ts` runs one file with neither floors nor a needless build.
 */
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    coverage: {
      provider: 'v8',
      // The integration tests run the bundle in child processes, which in-process coverage cannot see.
      include: UNIT_TESTED,
      reporter: ['text-summary', 'json-summary'],
      thresholds: { statements: 90, branches: 82, functions: 88, lines: 90 },
    },
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: ['test/**/*.integration.test.ts', 'test/e2e/**'] },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/**/*.integration.test.ts', 'test/e2e/**/*.test.ts'],
          globalSetup: ['test/global-setup.ts'],
        },
      },
    ],
  },
})
