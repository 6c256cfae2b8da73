// What every test against the fakes ends with: each fake stopped, then no request it did not
// handle and (the Cloudflare fake) no request against the vendored OpenAPI excerpt.
import { afterEach, expect } from 'vitest'

/** A loopback server a test started: a fake (which records what it did not handle) or a proxy. */
export interface TestServer {
  stop(): Promise<void>
  readonly unhandled?: readonly { method: string; path: string }[]
  readonly violations?: readonly unknown[]
}

export interface FakeChecks {
  /** This test expects exactly these requests (`METHOD /path`) unhandled by `fake`, in this order. */
  expectUnhandled(fake: TestServer, requests: string[]): void
}

/**
 * Registers an afterEach that stops every server `servers()` gives (those the test just ran
 * against, e.g. `() => running.splice(0)`), then expects of each: no unhandled request, besides
 * those the test declared with `expectUnhandled`, and no spec violation. Stopping first means the
 * servers are gone even when a check fails, and every request has been recorded.
 */
export function stopAndCheckAfterEach(servers: () => Iterable<TestServer | undefined>): FakeChecks {
  const expected = new Map<TestServer, string[]>()
  afterEach(async () => {
    const ran = [...servers()].filter((server) => server !== undefined)
    try {
      await Promise.all(ran.map((server) => server.stop()))
      ran.forEach((server, index) => {
        const which = `${server.constructor.name} #${index + 1} of this test`
        if (server.unhandled) {
          expect(
            server.unhandled.map(({ method, path }) => `${method} ${path}`),
            `requests ${which} did not handle`,
          ).toEqual(expected.get(server) ?? [])
        }
        if (server.violations) expect(server.violations, `requests to ${which} against the API spec`).toEqual([])
      })
    } finally {
      expected.clear()
    }
  })
  return {
    expectUnhandled(fake, requests) {
      expected.set(fake, requests)
    },
  }
}
