export const id = 283;
export const ids = [283];
export const modules = {

/***/ 283:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  rollingMode: () => (/* binding */ rollingMode)
});

// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/health/budget.ts
var health_budget = __webpack_require__(5529);
// EXTERNAL MODULE: ./src/health/graphql.ts
var graphql = __webpack_require__(3363);
// EXTERNAL MODULE: ./src/health/verify.ts + 1 modules
var verify = __webpack_require__(481);
// EXTERNAL MODULE: ./src/log-text.ts
var log_text = __webpack_require__(3529);
// EXTERNAL MODULE: ./src/github-secrets/errors.ts
var github_secrets_errors = __webpack_require__(9935);
// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
;// CONCATENATED MODULE: ./src/router-command.ts





/**
 * Variables the command must not inherit: the action's inputs (`INPUT_API-TOKEN`, the GitHub
 * token), the runner's own tokens, and the step's command files, which belong to the action.
 */
const PRIVATE_VARIABLE = /^(INPUT_.*|ACTIONS_RUNTIME_TOKEN|ACTIONS_ID_TOKEN_REQUEST_TOKEN|ACTIONS_ID_TOKEN_REQUEST_URL|GITHUB_OUTPUT|GITHUB_ENV|GITHUB_PATH|GITHUB_STATE|GITHUB_STEP_SUMMARY)$/i;
/** Lines of output longer than this are cut: one line cannot flood the log. */
const MAX_LINE = 4_000;
/** The most lines of one run that reach the log; the rest are counted. */
const MAX_LINES = 5_000;
/** How long output may still come once the command has exited. */
const OUTPUT_AFTER_EXIT_MS = 2_000;
/** `ROUTER_REPORT` is read up to this size: one tunnel a line for a large fleet. */
const MAX_REPORT_BYTES = 1024 * 1024;
function commandEnvironment(baseEnv, wave) {
    const env = {};
    for (const [name, value] of Object.entries(baseEnv))
        if (value !== undefined && !PRIVATE_VARIABLE.test(name))
            env[name] = value;
    return { ...env, ...wave };
}
/**
 * Runs the script as GitHub runs a `run:` step (`bash --noprofile --norc -eo pipefail`) in a
 * process group of its own, so that a time-out or a cancel reaches every process it started:
 * SIGTERM first, SIGKILL if any is left after the grace. Every line it prints reaches the log
 * neutralised (it could print `::` commands or the keys it was given), cut to MAX_LINE: the
 * action never holds more than one cut line of it.
 */
async function runRouterCommand(options) {
    const started = performance.now();
    const child = (0,external_node_child_process_.spawn)('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', options.script], {
        cwd: options.cwd,
        env: commandEnvironment(options.baseEnv, options.env),
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
    });
    let logged = 0;
    let dropped = 0;
    const log = (line, cut) => {
        if (logged >= MAX_LINES) {
            dropped++;
            return;
        }
        logged++;
        options.logger.info(`  │ ${(0,log_text/* neutralizeLine */.a0)(line)}${cut > 0 ? `… (${cut} more characters)` : ''}`);
    };
    const outputs = [child.stdout, child.stderr];
    const streams = outputs.map((stream) => logLines(stream, log));
    let stoppedBy = null;
    const timers = [];
    const signalGroup = (signal) => {
        try {
            if (child.pid !== undefined)
                process.kill(-child.pid, signal);
        }
        catch {
            // The group is gone already.
        }
    };
    const stopCommand = (by, killAfterMs) => {
        if (stoppedBy !== null)
            return;
        stoppedBy = by;
        signalGroup('SIGTERM');
        timers.push(setTimeout(() => signalGroup('SIGKILL'), killAfterMs));
    };
    const onCancel = () => stopCommand('cancel', options.killOnCancelAfterMs ?? 3_000);
    timers.push(setTimeout(() => stopCommand('router-timeout', options.killAfterMs ?? 5_000), options.timeoutMs));
    if (options.stop.aborted)
        onCancel();
    else
        options.stop.addEventListener('abort', onCancel, { once: true });
    const ended = await new Promise((resolve) => {
        child.once('error', () => resolve({ code: 127, signal: null }));
        child.once('exit', (code, signal) => resolve({ code, signal }));
    });
    // Whatever the command left behind in its group goes too: it must not outlive the step's wave.
    signalGroup('SIGKILL');
    for (const timer of timers)
        clearTimeout(timer);
    options.stop.removeEventListener('abort', onCancel);
    // A process that left the group (setsid) may hold the output open: it does not hold the wave.
    let leftOpen;
    const closed = await Promise.race([
        Promise.all(streams).then(() => true),
        new Promise((resolve) => {
            leftOpen = setTimeout(() => resolve(false), OUTPUT_AFTER_EXIT_MS);
        }),
    ]);
    clearTimeout(leftOpen);
    if (!closed) {
        for (const stream of outputs)
            stream.destroy();
        options.logger.warning('router-command exited, but a process it started outside its process group (setsid, a daemon) still holds its output: that output is not shown, and the process is not stopped by this action.');
    }
    if (dropped > 0)
        options.logger.info(`  │ … ${dropped} more lines of output not shown.`);
    const report = await readReport(options.reportPath);
    return {
        exitCode: ended.code,
        signal: ended.signal,
        stoppedBy,
        ...report,
        durationMs: performance.now() - started,
    };
}
/**
 * Splits a stream into lines as it comes, keeping at most MAX_LINE characters of the line in
 * progress: a command that prints gigabytes without a newline costs nothing but the log line.
 */
function logLines(stream, log) {
    stream.setEncoding('utf8');
    let line = '';
    let cut = 0;
    const add = (text) => {
        const room = MAX_LINE - line.length;
        if (room > 0)
            line += text.slice(0, room);
        cut += Math.max(0, text.length - Math.max(room, 0));
    };
    return new Promise((resolve) => {
        stream.on('data', (chunk) => {
            const parts = chunk.split('\n');
            const last = parts.pop() ?? '';
            for (const part of parts) {
                add(part.replace(/\r$/, ''));
                log(line, cut);
                line = '';
                cut = 0;
            }
            add(last);
        });
        stream.once('close', () => {
            if (line || cut)
                log(line, cut);
            resolve();
        });
    });
}
/**
 * `ROUTER_REPORT`, read as a regular file of at most MAX_REPORT_BYTES, never followed through a
 * link and never waited on (a FIFO or a device is no report, and says so).
 */
async function readReport(path) {
    let file;
    try {
        file = await (0,promises_.open)(path, external_node_fs_.constants.O_RDONLY | external_node_fs_.constants.O_NOFOLLOW | external_node_fs_.constants.O_NONBLOCK);
    }
    catch (error) {
        if (error.code === 'ENOENT')
            return { reported: null, reportProblem: null };
        return { reported: null, reportProblem: `ROUTER_REPORT could not be opened (${(0,errors/* describeError */.Uc)(error)})` };
    }
    try {
        if (!(await file.stat()).isFile())
            return { reported: null, reportProblem: 'ROUTER_REPORT is not a regular file' };
        const buffer = Buffer.alloc(MAX_REPORT_BYTES);
        const { bytesRead } = await file.read(buffer, 0, MAX_REPORT_BYTES, 0);
        const lines = buffer
            .subarray(0, bytesRead)
            .toString('utf8')
            .split('\n')
            .map((line) => line.trim())
            .filter(Boolean);
        return { reported: lines.length > 0 ? lines : null, reportProblem: null };
    }
    catch (error) {
        return { reported: null, reportProblem: `ROUTER_REPORT could not be read (${(0,errors/* describeError */.Uc)(error)})` };
    }
    finally {
        await file.close();
    }
}

// EXTERNAL MODULE: ./src/rotation.ts + 1 modules
var rotation = __webpack_require__(3063);
// EXTERNAL MODULE: ./src/modes/rotate.ts + 8 modules
var modes_rotate = __webpack_require__(1050);
// EXTERNAL MODULE: ./src/report.ts
var report = __webpack_require__(665);
;// CONCATENATED MODULE: ./src/rolling-report.ts


/** A tunnel that rotated and that Cloudflare reads `up` or `healthy`: its router may go on. */
const carried = (result) => result.status === 'rotated' && (result.verdict === 'up' || result.verdict === 'healthy');
/** Why a tunnel's router stops after its wave, naming the tunnel; null when it may go on. */
function routerStops(result) {
    if (carried(result))
        return null;
    const what = result.status === 'failed'
        ? (result.error ?? 'it failed')
        : result.verdict
            ? `Cloudflare reads it ${result.verdict}`
            : 'nothing confirmed it carries traffic';
    return `tunnel ${(0,log_text/* outside */.qY)(result.name, 100)} (${result.id}) did not come back: ${(0,log_text/* bounded */.Mm)(what, 300)}`;
}
/** The router command's end in one line. */
function describeRouterRun(outcome) {
    const took = `after ${Math.round(outcome.durationMs / 100) / 10} s`;
    const ended = outcome.stoppedBy === 'router-timeout'
        ? `router-command was stopped at router-timeout (${took})`
        : outcome.stoppedBy === 'cancel'
            ? `router-command was stopped by the cancel (${took})`
            : outcome.signal
                ? `router-command was ended by ${outcome.signal} ${took}`
                : `router-command exited with status ${outcome.exitCode} ${took}`;
    const report = outcome.reportProblem ??
        (outcome.reported === null
            ? 'no ROUTER_REPORT'
            : `ROUTER_REPORT names ${outcome.reported.length} tunnel${outcome.reported.length === 1 ? '' : 's'} or router${outcome.reported.length === 1 ? '' : 's'} that did not take the new PSK`);
    return `${ended}; ${report}.`;
}
/** After a wave, one log line each: the tally, then per router what rotated and whether it goes on. */
function describeWaveEnd(wave, going, results, stopped, routerOf) {
    const lines = going.map((tunnel) => {
        const router = routerOf(tunnel);
        const result = results.get(tunnel.id);
        const state = `${result?.status ?? 'not reached'}${result?.verdict ? `, ${result.verdict}` : ''}`;
        const next = stopped.has(router) ? 'stops here' : 'goes on';
        return `  router ${(0,log_text/* outside */.qY)(router, 64)}: ${(0,log_text/* outside */.qY)(tunnel.name, 100)} ${state}; ${next}`;
    });
    const stops = going.filter((tunnel) => stopped.has(routerOf(tunnel))).length;
    return [
        `Wave ${wave}: ${going.length - stops} of ${going.length} router${going.length === 1 ? '' : 's'} go on.`,
        ...lines.slice(0, 200),
        ...(lines.length > 200 ? [`  and ${lines.length - 200} more routers`] : []),
    ];
}
/** Each router with a due tunnel: done (every due tunnel rotated and carried), stopped (one did not), or left for a later run. */
function routerOutcomes(results) {
    const routers = new Map();
    for (const result of results) {
        if (result.status === 'skipped')
            continue;
        const key = result.routerKey ?? `tunnel-${result.id}`;
        const router = routers.get(key) ?? { outcome: 'done', tunnels: [] };
        router.tunnels.push(result);
        routers.set(key, router);
    }
    for (const router of routers.values()) {
        router.outcome = router.tunnels.some((result) => result.status === 'failed')
            ? 'stopped'
            : router.tunnels.every(carried)
                ? 'done'
                : 'left';
    }
    return routers;
}
/** `routers-done-count`, `routers-stopped-count`, `routers-left-count`. */
function rollingOutputs(results) {
    const counts = { done: 0, stopped: 0, left: 0 };
    for (const { outcome } of routerOutcomes(results).values())
        counts[outcome]++;
    return {
        'routers-done-count': String(counts.done),
        'routers-stopped-count': String(counts.stopped),
        'routers-left-count': String(counts.left),
    };
}
const ROUTER_ROWS = 300;
const OUTCOME_LABELS = { done: '✅ done', stopped: '❌ stopped', left: '⏸️ left for a later run' };
/** The rotation's summary with a table by router first: stopped routers, then those left, then those done. */
async function rollingSummary(summary, config, results, warnings, reachedWave, waves) {
    const routers = [...routerOutcomes(results)];
    const order = ['stopped', 'left', 'done'];
    routers.sort(([, a], [, b]) => order.indexOf(a.outcome) - order.indexOf(b.outcome));
    const shown = routers.slice(0, ROUTER_ROWS);
    const cell = (result) => `${(0,report/* escapeHtml */.ZD)((0,log_text/* outside */.qY)(result.name, 100))}: ${result.wave === null ? '' : `wave ${result.wave}, `}${result.status}${result.verdict ? `, ${result.verdict}` : ''}`;
    const rows = shown.map(([key, router]) => [
        `<code>${(0,report/* escapeHtml */.ZD)((0,log_text/* outside */.qY)(key, 64))}</code>`,
        OUTCOME_LABELS[router.outcome],
        router.tunnels.map(cell).join('<br>'),
        (0,report/* escapeHtml */.ZD)((0,log_text/* outside */.qY)(router.tunnels.map(routerStops).find((why) => why !== null && router.outcome === 'stopped') ?? '', 400)) || ' ',
    ]);
    const before = (sink) => {
        sink.addRaw(`<p>Rolling rotation: ${reachedWave} of ${waves} wave${waves === 1 ? '' : 's'} run.</p>`, true);
        sink.addTable([['Router', 'Outcome', 'Tunnels', 'Needs attention'].map((data) => ({ data, header: true })), ...rows]);
        if (routers.length > shown.length)
            sink.addRaw(`<p>${routers.length - shown.length} more routers are not listed.</p>`, true);
    };
    await (0,report/* writeSummary */.Sy)(summary, config, results, Date.now(), warnings, before);
}

// EXTERNAL MODULE: ./src/handover.ts
var handover = __webpack_require__(4228);
;// CONCATENATED MODULE: ./src/wave-files.ts


/**
 * One wave's tunnels for the router command, in the shapes of the step's outputs: the PSKs, the
 * results, and the per-router hand-over, each file 600 in the run's own folder.
 */
function writeWaveFiles(files, wave, results, psks) {
    const prefix = `wave-${wave}-`;
    const publicResults = results.map(report/* toPublicResult */.kR);
    const psksFile = files.write(`${prefix}psks.json`, JSON.stringify(psks));
    const resultsFile = files.write(`${prefix}results.json`, JSON.stringify(publicResults));
    const routers = (0,handover/* writeRouterFiles */.Un)(files, publicResults, psks, (result) => result.router ?? `tunnel-${result.id}`, prefix);
    const routersFile = files.write(`${prefix}routers.json`, JSON.stringify(routers));
    const reportPath = files.pathFor(`${prefix}router-report.txt`);
    files.remove(reportPath);
    const written = [psksFile, resultsFile, routersFile, reportPath, ...routers.flatMap((router) => [router.psks_file, router.results_file])];
    return {
        env: { PSKS_FILE: psksFile, RESULTS_FILE: resultsFile, ROUTERS_FILE: routersFile, ROUTER_REPORT: reportPath },
        reportPath,
        remove: () => {
            for (const path of written)
                files.remove(path);
        },
    };
}

;// CONCATENATED MODULE: ./src/modes/rolling.ts












/**
 * A rolling rotation (`router-command`): wave by wave, rotate one tunnel of every router still
 * going, run the router command on that wave's PSKs, wait for Cloudflare to carry each tunnel,
 * and go on only with the routers whose every tunnel came back. A router that did not keeps its
 * other tunnels on their old PSKs, which still work.
 */
async function rollingMode(config, context) {
    const { core, livePsks, cancellation, stop } = context;
    const { selected, plan, waves, rotate } = await (0,modes_rotate/* prepareRotation */.wS)(config, context, true);
    const planned = waves ?? [];
    const waveOf = new Map(planned.flatMap((wave, index) => wave.map((tunnel) => [tunnel.id, index + 1])));
    const unprobed = plan.rotate.filter((tunnel) => !tunnel.healthCheckEnabled);
    if (unprobed.length > 0) {
        core.warning(`${unprobed.length} tunnel${unprobed.length === 1 ? ' has' : 's have'} health checks off, so nothing can confirm ${unprobed.length === 1 ? 'it' : 'them'} after the router step and ${unprobed.length === 1 ? 'its router stops' : 'their routers stop'} after ${unprobed.length === 1 ? 'its' : 'their'} wave: ${unprobed
            .slice(0, 20)
            .map((tunnel) => (0,log_text/* outside */.qY)(tunnel.name, 100))
            .join(', ')}${unprobed.length > 20 ? ` and ${unprobed.length - 20} more` : ''}. Turn on health_check for ${unprobed.length === 1 ? 'it' : 'them'}.`);
    }
    const source = (deadline) => ({
        http: context.http,
        baseUrl: config.apiBaseUrl,
        accountId: config.accountId,
        credentials: config.credentials,
        deadline,
    });
    if (plan.rotate.length > 0)
        await checkHealthAccess(source(Date.now() + 60_000), plan.rotate[0]?.name ?? '');
    const tunnelsById = new Map(selected.map((tunnel) => [tunnel.id, tunnel]));
    const results = new Map();
    /** Router key to why it stopped: the tunnel that needs attention. */
    const stopped = new Map();
    const routerOf = (tunnel) => plan.claims.get(tunnel.id)?.key ?? `tunnel-${tunnel.id}`;
    if (config.validateOnly) {
        for (const result of await rotate(plan.rotate))
            results.set(result.id, result);
        core.info(`Validate-only: router-command is not run; ${planned.length} wave${planned.length === 1 ? '' : 's'} would run it.`);
    }
    const budget = new health_budget/* QueryBudget */.M(health_budget/* GRAPHQL_BUDGET */.Y, Date.now, (ms) => sleepUnlessStopped(ms, stop));
    let commandRuns = 0;
    /** Why the waves ended before the last one, for the tunnels they did not reach; null while they go on. */
    let endedEarly = null;
    for (const [index, wave] of (config.validateOnly ? [] : planned).entries()) {
        if (cancellation.signal) {
            endedEarly = `the run was cancelled before wave ${index + 1}`;
            break;
        }
        const going = wave.filter((tunnel) => !stopped.has(routerOf(tunnel)));
        if (going.length === 0)
            continue;
        const number = index + 1;
        core.startGroup(`Wave ${number} of ${planned.length}: ${going.length} tunnel${going.length === 1 ? '' : 's'}, one on each of ${going.length} router${going.length === 1 ? '' : 's'}`);
        let broken = null;
        try {
            const rotated = (await rotate(going)).map((result) => ({ ...result, wave: number, routerKey: routerOf(result) }));
            for (const result of rotated)
                results.set(result.id, result);
            const handed = rotated.filter((result) => livePsks.has(result.id));
            try {
                if (handed.length > 0 && !cancellation.signal) {
                    commandRuns++;
                    const outcome = await runWave(config, context, number, planned.length, rotated, handed);
                    core.info(describeRouterRun(outcome));
                    const taken = applyRouterOutcome(outcome, handed, results, routerOf, core);
                    if (taken.length > 0 && !cancellation.signal) {
                        const verifyFrom = Date.now();
                        core.info(`Waiting for Cloudflare to carry ${taken.length} tunnel${taken.length === 1 ? '' : 's'}: verify-settle ${Math.round(config.rolling.verifySettleMs / 1000)} s, then health checks until verify-timeout ${Math.round(config.rolling.verifyTimeoutMs / 1000)} s.`);
                        const health = { source: source(verifyFrom + config.rolling.verifyTimeoutMs), budget, stop, core };
                        await verifyWave(taken, verifyFrom, config, health, results, tunnelsById);
                    }
                }
            }
            catch (error) {
                // Whatever broke the wave, its keys are live: they fail with them in psks, and no wave follows.
                broken = error;
            }
            for (const tunnel of going) {
                let result = results.get(tunnel.id);
                if (result?.status === 'rotated' && result.verdict !== 'up' && result.verdict !== 'healthy') {
                    result = { ...result, status: 'failed', error: `${unconfirmed(broken, cancellation.signal)}${storedNote(result)}` };
                    results.set(tunnel.id, result);
                }
                const why = result ? routerStops(result) : `tunnel ${(0,log_text/* outside */.qY)(tunnel.name, 100)} (${tunnel.id}) was not rotated`;
                if (why !== null)
                    stopped.set(routerOf(tunnel), why);
            }
            for (const line of describeWaveEnd(number, going, results, stopped, routerOf))
                core.info(line);
        }
        finally {
            core.endGroup();
        }
        if (broken !== null) {
            core.error(`Wave ${number} could not be finished, so no further wave runs: ${(0,errors/* describeError */.Uc)(broken)}`);
            endedEarly = `wave ${number} could not be finished, so no further wave ran`;
            break;
        }
    }
    const ordered = selected.map((tunnel) => {
        const done = results.get(tunnel.id);
        const wave = waveOf.get(tunnel.id) ?? null;
        const routerKey = routerOf(tunnel);
        if (done)
            return { ...done, routerKey, wave };
        if (wave !== null) {
            const why = stopped.get(routerKey);
            const reason = why
                ? `${why}; this tunnel keeps its PSK, which still works, until that is fixed and the step is run again`
                : `${endedEarly ?? `the run ended before wave ${wave}`}; this tunnel keeps its PSK`;
            return { ...(0,rotation/* deferredResult */.bK)(tunnel, reason), routerKey, wave };
        }
        return {
            ...(plan.deferred.has(tunnel.id)
                ? (0,rotation/* deferredResult */.bK)(tunnel, plan.deferred.get(tunnel.id) ?? '')
                : (0,rotation/* skippedResult */.ky)(tunnel, plan.skipped.get(tunnel.id) ?? '')),
            routerKey,
        };
    });
    const ending = (0,modes_rotate/* rotationEnding */.ic)(ordered, plan.rotate.length, livePsks, cancellation.signal);
    const routerFailure = [...stopped].map(([router, why]) => `router ${(0,log_text/* outside */.qY)(router, 64)}: ${why}`);
    return {
        kind: 'rotation',
        results: ordered,
        livePsks,
        outputs: rollingOutputs(ordered),
        writeSummary: (summary) => rollingSummary(summary, (0,report/* summarySettings */.Kj)(config), ordered, plan.warnings, commandRuns, planned.length),
        closing: ending.closing,
        failure: ending.failure === null
            ? null
            : routerFailure.length > 0
                ? `${routerFailure.length} router${routerFailure.length === 1 ? '' : 's'} stopped, ${`${routerFailure.slice(0, 10).join('; ')}${routerFailure.length > 10 ? `; and ${routerFailure.length - 10} more` : ''}`.replace(/\.$/, '')}. ${ending.failure}`
                : ending.failure,
    };
}
/** The wave's hand-over files, the router command on them, and the files gone again afterwards. */
async function runWave(config, { core, stop, files, livePsks }, wave, waves, rotated, handed) {
    const live = livePsks.toRecord();
    const wavePsks = {};
    for (const { id } of handed)
        if (live[id] !== undefined)
            wavePsks[id] = live[id];
    const written = writeWaveFiles(files, wave, rotated, wavePsks);
    core.info(`Running router-command for wave ${wave} of ${waves} (${handed.length} tunnel${handed.length === 1 ? '' : 's'}, within router-timeout ${Math.round(config.rolling.commandTimeoutMs / 1000)} s):`);
    try {
        return await runRouterCommand({
            script: config.rolling.command,
            env: { ...written.env, WAVE: String(wave), WAVES: String(waves) },
            baseEnv: process.env,
            reportPath: written.reportPath,
            cwd: process.env.GITHUB_WORKSPACE || process.cwd(),
            timeoutMs: config.rolling.commandTimeoutMs,
            stop,
            logger: core,
        });
    }
    finally {
        written.remove();
    }
}
/**
 * What the router command said of each tunnel it was given. Only an exit of 0 can confirm a
 * tunnel, and `ROUTER_REPORT` only takes tunnels away: each tunnel it names (by ID or name), and
 * every tunnel of a router it names, failed. A report the action cannot read, or that names what
 * is no tunnel or router of this wave (a typo may hide one that failed), fails the whole wave, as
 * does any other exit, a time-out or a cancel. Returns the tunnels to verify.
 */
function applyRouterOutcome(outcome, handed, results, routerOf, core) {
    const fail = (result, why) => results.set(result.id, { ...result, status: 'failed', error: `${why}${storedNote(result)}` });
    const failAll = (why) => {
        for (const result of handed)
            fail(result, why);
        return [];
    };
    if (outcome.stoppedBy === 'cancel') {
        return failAll('The run was cancelled while router-command ran, so whether its router took the new PSK is unknown.');
    }
    if (outcome.stoppedBy === 'router-timeout') {
        return failAll('router-command did not finish within router-timeout and was stopped, so whether its router took the new PSK is unknown.');
    }
    if (outcome.reportProblem !== null)
        return failAll(`${outcome.reportProblem}, so no tunnel of this wave is known to be on its new PSK.`);
    const named = new Set(outcome.reported ?? []);
    const matches = (line) => handed.some((result) => result.id === line || result.name === line || routerOf(result) === line);
    const unknown = [...named].filter((line) => !matches(line));
    if (unknown.length > 0) {
        const lines = `${unknown
            .slice(0, 5)
            .map((line) => `'${(0,log_text/* outside */.qY)(line, 80)}'`)
            .join(', ')}${unknown.length > 5 ? ` and ${unknown.length - 5} more` : ''}`;
        core.warning(`ROUTER_REPORT names what is no tunnel or router of this wave: ${lines}.`);
        return failAll(`ROUTER_REPORT names what is no tunnel or router of this wave (${lines}), so which routers took their keys is unknown.`);
    }
    const reported = (result) => named.has(result.id) || named.has(result.name) || named.has(routerOf(result));
    if (outcome.exitCode !== 0) {
        const ended = outcome.signal ? `was ended by ${outcome.signal}` : `exited with status ${outcome.exitCode}`;
        for (const result of handed) {
            fail(result, reported(result)
                ? 'router-command reported that its router did not take the new PSK.'
                : `router-command ${ended}${outcome.reported === null ? ' and wrote no ROUTER_REPORT' : ''}, so no tunnel of this wave is known to be on its new PSK.`);
        }
        return [];
    }
    const taken = [];
    for (const result of handed) {
        if (reported(result))
            fail(result, 'router-command reported that its router did not take the new PSK.');
        else
            taken.push(result);
    }
    return taken;
}
/** Why a rotated tunnel ends its wave unconfirmed. */
function unconfirmed(broken, cancelledBy) {
    if (broken !== null)
        return `The wave could not be finished (${(0,errors/* describeError */.Uc)(broken)}), so nothing confirmed that its router took the new PSK.`;
    if (cancelledBy)
        return `The run was cancelled (${cancelledBy}) before its router was confirmed on the new PSK.`;
    return 'Nothing confirmed that its router took the new PSK.';
}
/** Where the live PSK of a tunnel that needs attention is: the user will look for it. */
function storedNote(result) {
    if (result.status === 'failed')
        return ` ${result.error ?? ''}`;
    return result.secretName
        ? ` The new PSK is live on Cloudflare and stored in ${result.secretName}, and is in this step's psks output (masked).`
        : " The new PSK is live on Cloudflare and is in this step's psks output (masked).";
}
/** Cloudflare's health checks of the wave's tunnels, from the end of the router command: each gets its verdict. */
async function verifyWave(taken, from, config, { source, budget, stop, core }, results, tunnels) {
    const wave = taken.flatMap((result) => tunnels.get(result.id) ?? []);
    let verdicts;
    try {
        verdicts = await (0,verify/* verifyTunnels */.r)(wave, {
            query: (names, start, end) => (0,graphql/* queryTunnelHealth */.rA)(source, names, start, end),
            limit: graphql/* PAGE_LIMIT */.Wt,
            startedAt: from,
            settleMs: config.rolling.verifySettleMs,
            timeoutMs: config.rolling.verifyTimeoutMs,
            budget: health_budget/* GRAPHQL_BUDGET */.Y,
            budgetAccount: budget,
            stop,
            sleep: (ms) => sleepUnlessStopped(ms, stop),
            logger: core,
        });
    }
    catch (error) {
        const why = stop.aborted ? 'the run was cancelled while waiting for its health checks' : (0,errors/* describeError */.Uc)(error);
        verdicts = wave.map((tunnel) => ({ tunnel, status: 'no-data', reason: why, at: Date.now() }));
    }
    for (const { tunnel, status, reason, at } of verdicts) {
        const result = results.get(tunnel.id);
        if (!result)
            continue;
        const carried = status === 'up' || status === 'healthy';
        const verdict = `${status} at ${new Date(at).toISOString()} (${Math.round((at - from) / 1000)} s after the router step)`;
        core.info(`Tunnel ${(0,log_text/* outside */.qY)(tunnel.name, 100)} (${tunnel.id}) is ${verdict}: ${reason}`);
        results.set(tunnel.id, {
            ...result,
            verdict: status,
            ...(carried || result.status === 'failed'
                ? {}
                : {
                    status: 'failed',
                    error: `Cloudflare's health checks read it ${status} after the router step: ${reason}${storedNote(result)}`,
                }),
        });
    }
}
/**
 * One GraphQL query before anything rotates: a token that cannot read tunnel health would let
 * the first wave rotate with no way to confirm it.
 */
async function checkHealthAccess(source, name) {
    const now = Date.now();
    try {
        await (0,graphql/* queryTunnelHealth */.rA)(source, [name], new Date(now - 60_000), new Date(now));
    }
    catch (error) {
        if (error instanceof graphql/* HealthPermissionError */.ev)
            throw new errors/* ActionError */.lZ(`${error.message} ${github_secrets_errors/* NOTHING_ROTATED */.Uh}`);
        // A busy or flaky API now may answer later; each wave waits for it within verify-timeout.
    }
}
function sleepUnlessStopped(ms, stop) {
    if (stop.aborted)
        return Promise.resolve();
    return new Promise((resolve) => {
        const done = () => {
            clearTimeout(timer);
            stop.removeEventListener('abort', done);
            resolve();
        };
        const timer = setTimeout(done, ms);
        stop.addEventListener('abort', done, { once: true });
    });
}


/***/ })

};
