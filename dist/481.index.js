export const id = 481;
export const ids = [481];
export const modules = {

/***/ 5529:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   M: () => (/* binding */ QueryBudget),
/* harmony export */   Y: () => (/* binding */ GRAPHQL_BUDGET)
/* harmony export */ });
/** Cloudflare's GraphQL Analytics API budget: about 300 queries per 5 minutes per user. */
const GRAPHQL_BUDGET = { queries: 300, windowMs: 5 * 60_000 };
/** The step's own account of that budget, so it waits before Cloudflare has to answer 429. */
class QueryBudget {
    budget;
    now;
    sleep;
    sent = [];
    constructor(budget, now, sleep) {
        this.budget = budget;
        this.now = now;
        this.sleep = sleep;
    }
    /** How long the next query must wait for room in the budget (0: none). */
    waitMs() {
        const now = this.now();
        while ((this.sent[0] ?? Infinity) <= now - this.budget.windowMs)
            this.sent.shift();
        const oldest = this.sent[0];
        return this.sent.length < this.budget.queries || oldest === undefined ? 0 : oldest + this.budget.windowMs - now;
    }
    /** Waits for room for one query and counts it; false (and no wait) when that room comes only at or after `deadline`. */
    async take(deadline) {
        const wait = this.waitMs();
        if (this.now() + wait >= deadline)
            return false;
        if (wait > 0)
            await this.sleep(wait);
        this.sent.push(this.now());
        return true;
    }
}


/***/ }),

/***/ 3363:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Wt: () => (/* binding */ PAGE_LIMIT),
/* harmony export */   ev: () => (/* binding */ HealthPermissionError),
/* harmony export */   rA: () => (/* binding */ queryTunnelHealth),
/* harmony export */   w5: () => (/* binding */ HealthBusyError)
/* harmony export */ });
/* unused harmony export HealthQueryError */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);
/* harmony import */ var _cloudflare_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2316);
/* harmony import */ var _log_text_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3529);



/** Rows per answer asked for: the largest of the documented examples. */
const PAGE_LIMIT = 1000;
const PERMISSION = "reading tunnel health (mode: verify, and each wave of router-command) needs the account permission 'Account Analytics: Read' on api-token, besides what rotation needs";
/** The token may not read analytics: says which permission is missing. */
class HealthPermissionError extends _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ActionError */ .lZ {
    constructor(detail) {
        super(`Cloudflare's GraphQL Analytics API refused the tunnel health query (${detail}): ${PERMISSION}.`);
        this.name = 'HealthPermissionError';
    }
}
/** Any other error the API answered with, quoted as itself: waiting does not help. */
class HealthQueryError extends _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ActionError */ .lZ {
    constructor(detail) {
        super(`Cloudflare's GraphQL Analytics API answered the tunnel health query with ${detail}.`);
        this.name = 'HealthQueryError';
    }
}
/** 429 (the budget is spent) or 5xx (503: too many queries at once) after the HTTP client's own retries: try again later. */
class HealthBusyError extends _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ActionError */ .lZ {
    status;
    constructor(status) {
        super(`Cloudflare's GraphQL Analytics API answered HTTP ${status}${status === 429
            ? ' (its budget of about 300 queries per 5 minutes per user is spent)'
            : status === 503
                ? ' (too many queries at once)'
                : ''}`);
        this.status = status;
        this.name = 'HealthBusyError';
    }
}
// The query of Cloudflare's documentation page on tunnel health checks, filtered to some tunnels.
const QUERY = `query GetTunnelHealthCheckResults($accountTag: string, $datetimeStart: string, $datetimeEnd: string, $tunnelNames: [string!]) {
  viewer {
    accounts(filter: { accountTag: $accountTag }) {
      magicTransitTunnelHealthChecksAdaptiveGroups(
        limit: ${PAGE_LIMIT}
        filter: { datetime_geq: $datetimeStart, datetime_lt: $datetimeEnd, tunnelName_in: $tunnelNames }
      ) {
        avg { tunnelState }
        dimensions { tunnelName edgeColoName }
      }
    }
  }
}`;
/** Every data centre's average state of the named tunnels over [from, to): one answer, perhaps cut. */
async function queryTunnelHealth(source, names, from, to) {
    const response = await source.http.send({
        method: 'POST',
        url: `${source.baseUrl}/graphql`,
        headers: { ...(0,_cloudflare_js__WEBPACK_IMPORTED_MODULE_1__/* .authHeaders */ .Pw)(source.credentials), accept: 'application/json', 'content-type': 'application/json' },
        body: JSON.stringify({
            query: QUERY,
            variables: {
                accountTag: source.accountId,
                datetimeStart: from.toISOString(),
                datetimeEnd: to.toISOString(),
                tunnelNames: names,
            },
        }),
        label: 'read tunnel health checks',
        deadline: source.deadline,
    });
    const body = response.json;
    const errors = Array.isArray(body?.errors) ? body.errors : [];
    if (response.status === 401 || response.status === 403) {
        throw new HealthPermissionError(`HTTP ${response.status}${errors.length > 0 ? `: ${quoteErrors(errors)}` : ''}`);
    }
    if (response.status === 429 || response.status >= 500)
        throw new HealthBusyError(response.status);
    if (errors.length > 0) {
        if (errors.some(isPermissionError))
            throw new HealthPermissionError(quoteErrors(errors));
        throw new HealthQueryError(`${errors.length === 1 ? 'an error' : `${errors.length} errors`}: ${quoteErrors(errors)}`);
    }
    if (response.status < 200 || response.status >= 300)
        throw new HealthQueryError(`HTTP ${response.status} and no error message`);
    const accounts = body?.data?.viewer?.accounts;
    if (!Array.isArray(accounts))
        throw new HealthQueryError('an answer without viewer.accounts');
    const groups = accounts.flatMap((account) => {
        const list = account
            ?.magicTransitTunnelHealthChecksAdaptiveGroups;
        return Array.isArray(list) ? list : [];
    });
    return { rows: groups.flatMap(toRow), mayBeCut: groups.length >= PAGE_LIMIT };
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
const PERMISSION_CODES = new Set(['authz', 'unauthorized', 'forbidden', 'unauthenticated']);
function isPermissionError(error) {
    const { message, extensions } = (error ?? {});
    if (typeof extensions?.code === 'string' && PERMISSION_CODES.has(extensions.code.toLowerCase()))
        return true;
    return typeof message === 'string' && /not authori[sz]ed|permission|access denied|authentication error/i.test(message);
}
const QUOTED_ERRORS = 3;
/** The first few errors, each neutralised and quoted with its code; the rest counted. */
function quoteErrors(errors) {
    const quoted = errors.slice(0, QUOTED_ERRORS).map((error) => {
        const { message, extensions } = (error ?? {});
        const code = typeof extensions?.code === 'string' ? ` [${(0,_log_text_js__WEBPACK_IMPORTED_MODULE_2__/* .outside */ .qY)(extensions.code, 40)}]` : '';
        return `${typeof message === 'string' ? `"${(0,_log_text_js__WEBPACK_IMPORTED_MODULE_2__/* .outside */ .qY)(message, 200)}"` : 'no message'}${code}`;
    });
    const more = errors.length - quoted.length;
    return `${quoted.join('; ')}${more > 0 ? `; and ${more} more` : ''}`;
}


/***/ }),

/***/ 6357:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   A0: () => (/* binding */ withBgp),
/* harmony export */   Bh: () => (/* binding */ CLOUDFLARE_HOLD_MS),
/* harmony export */   O$: () => (/* binding */ unreadable),
/* harmony export */   no: () => (/* binding */ assess)
/* harmony export */ });
/* harmony import */ var _durations_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5534);
/* harmony import */ var _log_text_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3529);


/** Cloudflare keeps a tunnel degraded or down for at least this long, even when checks succeed again. */
const CLOUDFLARE_HOLD_MS = 5 * 60_000;
const NAMED_COLOS = 8;
/**
 * Cloudflare's own rules, per data centre (an average of 1 is healthy, 0 down, anything between
 * degraded): `healthy` when every one is healthy; `up` when none is down; with some down, the
 * verdict waits for Cloudflare's hold, then is `down` (all down) or `degraded` (some).
 */
function assess(observation, now, timing, lastProblem) {
    if (!observation || observation.rows.length === 0) {
        return {
            status: 'no-data',
            reason: `No health-check result newer than the step's start plus verify-settle (${iso(timing.settleEnd)}) within verify-timeout ${(0,_durations_js__WEBPACK_IMPORTED_MODULE_1__/* .formatWait */ .Du)(timing.timeoutMs)}; results lag by up to a few minutes.${lastProblem ? ` The last look failed: ${lastProblem}` : ''}`,
            settled: false,
        };
    }
    const { rows } = observation;
    const healthy = rows.filter((row) => row.state >= 0.999);
    const down = rows.filter((row) => row.state <= 0.001);
    const degraded = rows.filter((row) => row.state > 0.001 && row.state < 0.999);
    const at = `as of ${iso(observation.to)}`;
    if (down.length === 0 && degraded.length === 0) {
        return { status: 'healthy', reason: `State 1 (healthy) in all ${rows.length} data centre(s): ${colos(healthy)}, ${at}.`, settled: true };
    }
    if (down.length === 0) {
        return {
            status: 'up',
            reason: `Up: no data centre sees it down. Degraded in ${colos(degraded)}${healthy.length > 0 ? `, healthy in ${colos(healthy)}` : ''}, ${at}; Cloudflare takes up to 30 minutes to call a recovered tunnel healthy.`,
            settled: true,
        };
    }
    const afterHold = now >= timing.holdEnd;
    const hold = afterHold
        ? " after Cloudflare's 5-minute hold could have cleared it"
        : `. Cloudflare keeps a data centre down for at least 5 minutes; verify-timeout ended before that hold could clear it (${iso(timing.holdEnd)}), so a longer verify-timeout can tell a late recovery from a failure`;
    if (down.length === rows.length) {
        return {
            status: 'down',
            reason: `State 0 (down) in all ${rows.length} data centre(s): ${colos(down)}, ${at}${hold}.`,
            settled: afterHold,
        };
    }
    const others = [degraded.length > 0 && `degraded in ${colos(degraded)}`, healthy.length > 0 && `healthy in ${colos(healthy)}`];
    return {
        status: 'degraded',
        reason: `Down in ${down.length} of ${rows.length} data centres: ${colos(down)}; ${others.filter(Boolean).join(', ')}, ${at}${hold}.`,
        settled: afterHold,
    };
}
/** A tunnel whose answer reaches `limit` rows even alone in the narrowest window. */
function unreadable(limit) {
    return {
        status: 'unverifiable',
        reason: `Its health checks reach the GraphQL answer limit of ${limit} rows even alone over a short window, so no answer is known to be whole: no verdict.`,
        settled: true,
    };
}
/**
 * BGP as a second signal: a session not `BGP_UP` turns passing health checks into `degraded`;
 * otherwise the session's state is added to the reason.
 */
function withBgp(assessment, bgp) {
    if (!bgp)
        return assessment;
    const session = `BGP session ${(0,_log_text_js__WEBPACK_IMPORTED_MODULE_0__/* .outside */ .qY)(bgp.state, 40)}${bgp.updatedAt ? ` (updated ${(0,_log_text_js__WEBPACK_IMPORTED_MODULE_0__/* .outside */ .qY)(bgp.updatedAt, 40)})` : ''}`;
    if (bgp.state !== 'BGP_UP' && (assessment.status === 'healthy' || assessment.status === 'up')) {
        return {
            status: 'degraded',
            reason: `Health checks pass, but the ${session} is not up, so no routes are learnt over it: ${assessment.reason}`,
            settled: true,
        };
    }
    return { ...assessment, reason: `${assessment.reason} ${session}.` };
}
function colos(rows) {
    const names = rows.slice(0, NAMED_COLOS).map((row) => (0,_log_text_js__WEBPACK_IMPORTED_MODULE_0__/* .outside */ .qY)(row.coloName, 40));
    return rows.length > NAMED_COLOS ? `${names.join(', ')} and ${rows.length - NAMED_COLOS} more` : names.join(', ');
}
function iso(ms) {
    return new Date(ms).toISOString();
}


/***/ }),

/***/ 481:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  r: () => (/* binding */ verifyTunnels)
});

// EXTERNAL MODULE: ./src/http.ts
var http = __webpack_require__(6803);
// EXTERNAL MODULE: ./src/logger.ts
var logger = __webpack_require__(6999);
// EXTERNAL MODULE: ./src/health/budget.ts
var health_budget = __webpack_require__(5529);
// EXTERNAL MODULE: ./src/health/graphql.ts
var graphql = __webpack_require__(3363);
// EXTERNAL MODULE: ./src/health/judge.ts
var judge = __webpack_require__(6357);
;// CONCATENATED MODULE: ./src/health/reader.ts
/** Batches aim at this share of `limit`, leaving room for data centres that were not seen last time. */
const FILL = 0.8;
/** A first guess of data centres per tunnel, before any answer told. */
const FIRST_GUESS_ROWS = 10;
/** Names in one `tunnelName_in` filter at most, to keep a query small. */
const MAX_NAMES = 200;
/** A lone tunnel's window is halved (newest half kept) at most this many times. */
const MAX_HALVINGS = 4;
/**
 * Reads every row of `names` over [from, to) in batches of `tunnelName_in`, never judging from an
 * answer that reached `limit`: such a batch is split (sized by what the cut answer showed), and a
 * lone tunnel's window narrowed to its newest half. Throws what the query throws; tunnels already
 * read have been handed to `onTunnel` by then.
 */
async function readHealth(names, from, to, options) {
    const { query, limit, rowsPerTunnel } = options;
    let guess = averageRows(rowsPerTunnel) ?? FIRST_GUESS_ROWS;
    const estimate = (name) => rowsPerTunnel.get(name) ?? guess;
    const queue = pack(names, estimate, limit, MAX_NAMES).map((batch) => ({ names: batch, from, to, halvings: 0 }));
    let queries = 0;
    // Each round either finishes a batch or splits it into smaller ones or halves its window.
    const maxRounds = 4 * names.length + MAX_HALVINGS * names.length + 16;
    for (let round = 0; round < maxRounds; round++) {
        const batch = queue.shift();
        if (!batch)
            break;
        const page = await query(batch.names, new Date(batch.from), new Date(batch.to));
        queries++;
        if (!page.mayBeCut) {
            const byName = new Map(batch.names.map((name) => [name, []]));
            for (const row of page.rows)
                byName.get(row.tunnelName)?.push(row);
            for (const [name, rows] of byName) {
                if (rows.length > 0)
                    rowsPerTunnel.set(name, rows.length);
                options.onTunnel(name, rows, { from: batch.from, to: batch.to });
            }
            continue;
        }
        if (batch.names.length === 1) {
            const [name] = batch.names;
            if (batch.halvings >= MAX_HALVINGS)
                options.onUnreadable(name);
            else
                queue.unshift({ ...batch, from: batch.from + Math.floor((batch.to - batch.from) / 2), halvings: batch.halvings + 1 });
            continue;
        }
        // A cut answer still tells how many data centres its tunnels have: the next batches are sized by it.
        const seen = new Set(page.rows.map((row) => row.tunnelName)).size;
        guess = Math.max(guess, Math.ceil(page.rows.length / Math.max(1, seen)));
        for (const name of batch.names)
            rowsPerTunnel.set(name, Math.max(rowsPerTunnel.get(name) ?? 0, guess));
        // The batches still waiting were sized by the old guess: packed again, behind the cut one's halves.
        const narrowed = queue.filter((waiting) => waiting.halvings > 0);
        const rest = queue.filter((waiting) => waiting.halvings === 0).flatMap((waiting) => waiting.names);
        const smaller = [...pack(batch.names, estimate, limit, Math.ceil(batch.names.length / 2)), ...pack(rest, estimate, limit, MAX_NAMES)];
        queue.splice(0, queue.length, ...narrowed, ...smaller.map((names) => ({ names, from, to, halvings: 0 })));
    }
    for (const batch of queue)
        for (const name of batch.names)
            options.onUnreadable(name);
    return queries;
}
/** Consecutive batches whose estimated rows stay within FILL × limit, each of at most `maxNames`. */
function pack(names, estimate, limit, maxNames) {
    const target = Math.max(1, Math.floor(limit * FILL));
    const batches = [];
    let current = [];
    let rows = 0;
    for (const name of names) {
        const own = estimate(name);
        if (current.length > 0 && (rows + own > target || current.length >= maxNames)) {
            batches.push(current);
            current = [];
            rows = 0;
        }
        current.push(name);
        rows += own;
    }
    if (current.length > 0)
        batches.push(current);
    return batches;
}
function averageRows(rowsPerTunnel) {
    if (rowsPerTunnel.size === 0)
        return null;
    let sum = 0;
    for (const rows of rowsPerTunnel.values())
        sum += rows;
    return Math.ceil(sum / rowsPerTunnel.size);
}

;// CONCATENATED MODULE: ./src/health/verify.ts






/** Each look reads at most the last five minutes, Cloudflare's own window for calling a tunnel degraded. */
const RECENT_WINDOW_MS = 5 * 60_000;
/** A look every twentieth of verify-timeout, within Cloudflare's advice of at most every 15–30 s for long runs. */
const LOOKS_PER_TIMEOUT = 20;
const MIN_INTERVAL_MS = 1_000;
const MAX_INTERVAL_MS = 30_000;
/**
 * Looks at the probed tunnels' health checks from the end of the settle time until every tunnel
 * has a verdict no later look can change (healthy or up; down or degraded after Cloudflare's hold)
 * or verify-timeout is reached, each look reading only the tunnels still open. Tunnels without a
 * whole answer by then are `no-data`.
 */
async function verifyTunnels(tunnels, options) {
    const now = options.now ?? Date.now;
    const sleep = options.sleep ?? logger/* sleep */.y;
    const settleEnd = options.startedAt + options.settleMs;
    const timing = {
        settleEnd,
        holdEnd: settleEnd + (options.holdMs ?? judge/* CLOUDFLARE_HOLD_MS */.Bh),
        deadline: options.startedAt + options.timeoutMs,
        timeoutMs: options.timeoutMs,
    };
    const interval = Math.min(MAX_INTERVAL_MS, Math.max(MIN_INTERVAL_MS, Math.floor(options.timeoutMs / LOOKS_PER_TIMEOUT)));
    const budget = options.budgetAccount ?? new health_budget/* QueryBudget */.M(options.budget, now, sleep);
    const stopped = () => options.stop?.aborted === true;
    const probed = tunnels.filter((tunnel) => tunnel.healthCheckEnabled);
    const observations = new Map();
    const unreadableNames = new Set();
    const rowsPerTunnel = new Map();
    let lastProblem = null;
    const assessAll = () => new Map(probed.map((tunnel) => [
        tunnel.id,
        unreadableNames.has(tunnel.name) ? (0,judge/* unreadable */.O$)(options.limit) : (0,judge/* assess */.no)(observations.get(tunnel.name), now(), timing, lastProblem),
    ]));
    // The first look waits for one interval of results after the settle time, so that every data
    // centre has had time to report (within the time-out).
    const firstLook = Math.min(settleEnd + interval, settleEnd + Math.floor((timing.deadline - settleEnd) / 2));
    if (probed.length > 0 && now() < firstLook) {
        options.logger.info(`Ignoring results until ${new Date(settleEnd).toISOString()} (verify-settle), while the new SAs reach every data centre; first look at ${new Date(firstLook).toISOString()}.`);
        await sleep(firstLook - now());
    }
    const query = async (names, from, to) => {
        if (!(await budget.take(timing.deadline)))
            throw new http/* DeadlineError */.j3('Cloudflare', 'read tunnel health checks', 'the GraphQL budget has no room before it', false);
        return options.query(names, from, to);
    };
    const settledAt = new Map();
    const noteSettled = (verdicts) => {
        for (const [id, verdict] of verdicts)
            if (verdict.settled && !settledAt.has(id))
                settledAt.set(id, now());
    };
    let verdicts = assessAll();
    const maxLooks = Math.ceil(options.timeoutMs / interval) + 1;
    for (let look = 1; look <= maxLooks && probed.length > 0 && !stopped(); look++) {
        const open = probed.filter((tunnel) => !verdicts.get(tunnel.id)?.settled);
        if (open.length === 0)
            break;
        const to = now();
        const from = Math.max(settleEnd, to - RECENT_WINDOW_MS);
        try {
            const queries = await readHealth([...new Set(open.map((tunnel) => tunnel.name))], from, to, {
                query,
                limit: options.limit,
                rowsPerTunnel,
                onTunnel: (name, rows, window) => {
                    // An empty answer keeps the last one: results lag, and sampling may leave a window empty.
                    if (rows.length > 0 || !observations.has(name))
                        observations.set(name, { rows, ...window });
                },
                onUnreadable: (name) => unreadableNames.add(name),
            });
            lastProblem = null;
            options.logger.debug(`Health checks, look ${look}: ${open.length} tunnels in ${queries} queries.`);
        }
        catch (error) {
            if (error instanceof http/* DeadlineError */.j3) {
                lastProblem = `verify-timeout ran out (${error.message})`;
                break;
            }
            if (!(error instanceof graphql/* HealthBusyError */.w5 || error instanceof http/* TransportError */.wX))
                throw error;
            lastProblem = error.message;
            options.logger.info(`Health checks, look ${look}: ${error.message}; looking again in ${(0,logger/* formatSeconds */.X)(interval)}.`);
        }
        verdicts = assessAll();
        noteSettled(verdicts);
        const waiting = probed.filter((tunnel) => !verdicts.get(tunnel.id)?.settled);
        if (waiting.length === 0 || now() + interval >= timing.deadline || stopped())
            break;
        options.logger.info(`Health checks, look ${look}: ${probed.length - waiting.length} of ${probed.length} tunnels have a verdict; waiting for ${waiting.length} (${describeWaiting(waiting, verdicts)}; next look in ${(0,logger/* formatSeconds */.X)(interval)}, until ${new Date(timing.deadline).toISOString()}).`);
        await sleep(interval);
    }
    verdicts = assessAll();
    const end = now();
    return tunnels.map((tunnel) => {
        const verdict = verdicts.get(tunnel.id);
        if (verdict)
            return { tunnel, status: verdict.status, reason: verdict.reason, at: settledAt.get(tunnel.id) ?? end };
        return {
            tunnel,
            status: 'unverifiable',
            reason: 'health_check.enabled is false: Cloudflare does not probe this tunnel, so nothing can say whether it is up.',
            at: end,
        };
    });
}
function describeWaiting(waiting, verdicts) {
    const counts = new Map();
    for (const tunnel of waiting) {
        const status = verdicts.get(tunnel.id)?.status ?? 'no-data';
        counts.set(status, (counts.get(status) ?? 0) + 1);
    }
    return [...counts].map(([status, count]) => `${count} ${status === 'no-data' ? 'without data' : `${status} so far`}`).join(', ');
}


/***/ })

};
