// What the mode: verify suites share: the fake with Cloudflare's health model, every duration
// scaled down 600 times (probes every 100 ms, SAs propagating within 250 ms, a 0.5 s hold, healthy
// after 30 clean probes), and a verify run of the bundled action against it.
import { FakeCloudflare, type FakeCloudflareOptions } from '../fakes/cloudflare.js'
import { scaled } from '../fakes/tunnel-health-model.js'
import { runAgainst, type ActionRun } from './run-action.js'
import { readAsRunner } from './runner-log.js'

export const FAST = scaled(1 / 600)

/** A fake Cloudflare whose tunnels' health follows the model at FAST timing (unless `health` says otherwise). */
export function startModelled(options: FakeCloudflareOptions): Promise<FakeCloudflare> {
  return FakeCloudflare.start({ health: { timing: FAST }, ...options })
}

/** mode: verify of every tunnel, settling 1 s, within 4 s, unless `inputs` say otherwise. */
export const verify = (cloudflare: FakeCloudflare, inputs: Record<string, string> = {}): Promise<ActionRun> =>
  runAgainst(cloudflare, { mode: 'verify', 'verify-settle': '1s', 'verify-timeout': '4s', ...inputs }, { timeoutMs: 30_000 })

/** The messages of the annotations of `kind` (`error`, `warning`), as the runner reads them. */
export const annotations = (result: ActionRun, kind: string): string[] =>
  readAsRunner(result.stdout)
    .annotations.filter((annotation) => annotation.kind === kind)
    .map(({ message }) => message)
