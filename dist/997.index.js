export const id = 997;
export const ids = [997];
export const modules = {

/***/ 6997:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  verifyRun: () => (/* binding */ verifyRun)
});

// EXTERNAL MODULE: ./src/live-psks.ts
var live_psks = __webpack_require__(9553);
// EXTERNAL MODULE: ./src/log-text.ts
var log_text = __webpack_require__(3529);
// EXTERNAL MODULE: ./src/report.ts
var report = __webpack_require__(665);
// EXTERNAL MODULE: ./src/rotation.ts + 1 modules
var rotation = __webpack_require__(3063);
// EXTERNAL MODULE: ./src/selection.ts
var selection = __webpack_require__(1973);
// EXTERNAL MODULE: ./src/cloudflare.ts
var cloudflare = __webpack_require__(2316);
;// CONCATENATED MODULE: ./src/health/graphql.ts


/** The GraphQL Analytics API refused the query: most often a token without Account Analytics: Read. */
class HealthQueryError extends Error {
    constructor(detail) {
        super(`Cloudflare's GraphQL Analytics API refused the tunnel health query (${detail}). mode: verify needs the account permission 'Account Analytics: Read' on api-token, besides what rotation needs.`);
        this.name = 'HealthQueryError';
    }
}
// The query of Cloudflare's documentation page on tunnel health checks, with documented fields only.
const QUERY = `query GetTunnelHealthCheckResults($accountTag: string, $datetimeStart: string, $datetimeEnd: string) {
  viewer {
    accounts(filter: { accountTag: $accountTag }) {
      magicTransitTunnelHealthChecksAdaptiveGroups(
        limit: 1000
        filter: { datetime_geq: $datetimeStart, datetime_lt: $datetimeEnd }
      ) {
        avg { tunnelState }
        dimensions { tunnelName edgeColoName }
      }
    }
  }
}`;
/** Every data centre's average tunnel state over [from, to), per tunnel name. */
async function queryTunnelHealth(source, from, to) {
    const operation = 'read tunnel health checks';
    const response = await source.http.send({
        method: 'POST',
        url: `${source.baseUrl}/graphql`,
        headers: { ...(0,cloudflare/* authHeaders */.Pw)(source.credentials), accept: 'application/json', 'content-type': 'application/json' },
        body: JSON.stringify({
            query: QUERY,
            variables: { accountTag: source.accountId, datetimeStart: from.toISOString(), datetimeEnd: to.toISOString() },
        }),
        label: operation,
    });
    const body = response.json;
    const errors = Array.isArray(body?.errors) ? body.errors : [];
    if (response.status === 401 || response.status === 403)
        throw new HealthQueryError(`HTTP ${response.status}`);
    if (errors.length > 0)
        throw new HealthQueryError(describeGraphqlErrors(errors));
    if (response.status < 200 || response.status >= 300)
        throw new HealthQueryError(`HTTP ${response.status}`);
    const accounts = body?.data?.viewer?.accounts;
    if (!Array.isArray(accounts))
        throw new HealthQueryError('the answer had no viewer.accounts');
    return accounts.flatMap((account) => {
        const groups = account
            ?.magicTransitTunnelHealthChecksAdaptiveGroups;
        return Array.isArray(groups) ? groups.flatMap(toRow) : [];
    });
}
function toRow(group) {
    const { avg, dimensions } = (group ?? {});
    const state = avg?.tunnelState;
    if (typeof state !== 'number' || !Number.isFinite(state) || typeof dimensions?.tunnelName !== 'string')
        return [];
    return [
        {
            tunnelName: dimensions.tunnelName,
            coloName: typeof dimensions.edgeColoName === 'string' ? dimensions.edgeColoName : 'unknown',
            state,
        },
    ];
}
function describeGraphqlErrors(errors) {
    const messages = errors.map((error) => {
        const { message, extensions } = (error ?? {});
        const code = typeof extensions?.code === 'string' ? ` [${(0,log_text/* outside */.qY)(extensions.code, 40)}]` : '';
        return `${typeof message === 'string' ? (0,log_text/* outside */.qY)(message, 200) : 'no message'}${code}`;
    });
    return messages.slice(0, 3).join('; ');
}

// EXTERNAL MODULE: ./src/durations.ts
var durations = __webpack_require__(5534);
// EXTERNAL MODULE: ./src/logger.ts
var logger = __webpack_require__(6999);
;// CONCATENATED MODULE: ./src/health/verify.ts



/** The GraphQL Analytics API allows about 300 queries per 5 minutes; Cloudflare advises 15–30 s between polls. */
const MAX_POLL_INTERVAL_MS = 30_000;
const MIN_POLL_INTERVAL_MS = 5_000;
/** Each poll reads the most recent minutes only (never before the step's start), so a tunnel that came up counts as up. */
const RECENT_WINDOW_MS = 5 * 60_000;
/**
 * Waits for health-check results newer than `startedAt` until every probed tunnel is healthy or
 * the time is up, polling every quarter of the time-out (between 5 and 30 s). A tunnel still not
 * healthy at the end gets the verdict of its latest fresh results, or `no-data` without any.
 */
async function verifyTunnels(tunnels, options) {
    const now = options.now ?? Date.now;
    const sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    const probed = tunnels.filter((tunnel) => tunnel.healthCheckEnabled);
    const interval = Math.min(MAX_POLL_INTERVAL_MS, Math.max(MIN_POLL_INTERVAL_MS, Math.floor(options.timeoutMs / 4)));
    const deadline = options.startedAt + options.timeoutMs;
    const latest = new Map();
    const seenAt = new Map();
    for (let poll = 1; probed.length > 0; poll++) {
        const to = now();
        const rows = await options.query(new Date(Math.max(options.startedAt, to - RECENT_WINDOW_MS)), new Date(to));
        for (const tunnel of probed) {
            const own = rows.filter((row) => row.tunnelName === tunnel.name);
            if (own.length > 0) {
                latest.set(tunnel.id, own);
                seenAt.set(tunnel.id, to);
            }
        }
        const verdicts = probed.map((tunnel) => judge(tunnel, latest.get(tunnel.id), seenAt.get(tunnel.id)));
        const healthy = verdicts.filter((verdict) => verdict.status === 'healthy').length;
        const waiting = verdicts.length - healthy;
        if (waiting === 0 || to + interval > deadline)
            break;
        options.logger.info(`Health checks, look ${poll}: ${healthy} of ${probed.length} tunnels healthy; waiting for ${waiting} (next look in ${(0,logger/* formatSeconds */.X)(interval)}, until ${new Date(deadline).toISOString()}).`);
        await sleep(interval);
    }
    return tunnels.map((tunnel) => tunnel.healthCheckEnabled
        ? judge(tunnel, latest.get(tunnel.id), seenAt.get(tunnel.id), options)
        : {
            tunnel,
            status: 'unverifiable',
            reason: 'health_check.enabled is false: Cloudflare does not probe this tunnel, so nothing can say whether it is up.',
        });
}
function judge(tunnel, rows, seenAt, options) {
    if (!rows || seenAt === undefined) {
        const waited = options ? ` within verify-timeout ${(0,durations/* formatWait */.Du)(options.timeoutMs)}` : '';
        return {
            tunnel,
            status: 'no-data',
            reason: `No health-check result newer than the step's start${options ? ` (${new Date(options.startedAt).toISOString()})` : ''}${waited}; results lag by up to a few minutes.`,
        };
    }
    const colos = (predicate) => rows
        .filter((row) => predicate(row.state))
        .map((row) => (0,log_text/* outside */.qY)(row.coloName, 40))
        .join(', ');
    const at = `as of ${new Date(seenAt).toISOString()}`;
    const up = colos((state) => state >= 1);
    const down = colos((state) => state <= 0);
    const partial = colos((state) => state > 0 && state < 1);
    if (!down && !partial)
        return { tunnel, status: 'healthy', reason: `State 1 (healthy) in ${rows.length} data centre(s): ${up}, ${at}.` };
    if (!up && !partial)
        return { tunnel, status: 'down', reason: `State 0 (down) in ${rows.length} data centre(s): ${down}, ${at}.` };
    const parts = [down && `down in ${down}`, partial && `degraded in ${partial}`, up && `healthy in ${up}`].filter(Boolean);
    return { tunnel, status: 'degraded', reason: `Some data centres see it down: ${parts.join('; ')}, ${at}.` };
}

;// CONCATENATED MODULE: ./src/health/index.ts







/**
 * `mode: verify`: rotates nothing; reads Cloudflare's health checks of the selected tunnels and
 * fails the step when any is down or has no fresh result, naming each.
 */
async function verifyRun(config, { cloudflare, http, core, startedAt }) {
    const tunnels = await cloudflare.listTunnels();
    const selected = (0,selection/* selectTunnels */.C)(tunnels, config.selector);
    const unprobed = selected.filter((tunnel) => !tunnel.healthCheckEnabled);
    core.info(`Verifying ${selected.length} of the account's ${tunnels.length} IPsec tunnels with Cloudflare's health checks newer than ${new Date(startedAt).toISOString()}` +
        `${unprobed.length > 0 ? `; ${unprobed.length} ha${unprobed.length === 1 ? 's' : 've'} health checks off` : ''}.`);
    const source = { http, baseUrl: config.apiBaseUrl, accountId: config.accountId, credentials: config.credentials };
    const verdicts = await verifyTunnels(selected, {
        query: (from, to) => queryTunnelHealth(source, from, to),
        startedAt,
        timeoutMs: config.verifyTimeoutMs,
        logger: core,
    });
    const results = verdicts.map(({ tunnel, status, reason }) => (0,rotation/* resultFor */.T2)(tunnel, status, { reason }));
    (0,report/* writeOutputs */.Kn)(core, results, new live_psks/* LivePsks */.a(), 'verify');
    try {
        await (0,report/* writeSummary */.Sy)(core.summary, config, results);
    }
    catch (error) {
        core.warning(`Could not write the job summary: ${(0,rotation/* describeError */.Uc)(error)}`);
    }
    const counts = (0,report/* countStatuses */.ip)(results);
    core.info(`Done: ${counts.healthy} healthy, ${counts.degraded} degraded, ${counts.down} down, ${counts['no-data']} without fresh data, ${counts.unverifiable} unverifiable.`);
    for (const result of results) {
        const line = `Tunnel ${(0,log_text/* outside */.qY)(result.name, 100)} (${result.id}) is ${result.status}: ${result.reason}`;
        if (result.status === 'down' || result.status === 'no-data')
            core.error(line);
        else if (result.status === 'degraded' || result.status === 'unverifiable')
            core.warning(line);
    }
    const failing = results.filter((result) => result.status === 'down' || result.status === 'no-data');
    if (failing.length > 0) {
        core.setFailed(`${failing.length} of ${results.length} tunnel${results.length === 1 ? '' : 's'} not confirmed up: ${failing
            .map((result) => `${(0,log_text/* outside */.qY)(result.name, 100)} (${result.status})`)
            .join(', ')}. Check that each router has its new PSK and has authenticated again.`);
    }
}


/***/ })

};
