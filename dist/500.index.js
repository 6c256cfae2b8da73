export const id = 500;
export const ids = [500];
export const modules = {

/***/ 8119:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   verifyMode: () => (/* binding */ verifyMode)
/* harmony export */ });
/* harmony import */ var _live_psks_js__WEBPACK_IMPORTED_MODULE_9__ = __webpack_require__(9553);
/* harmony import */ var _log_text_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3529);
/* harmony import */ var _report_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(665);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3916);
/* harmony import */ var _rotation_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3063);
/* harmony import */ var _selection_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(1973);
/* harmony import */ var _health_budget_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(5529);
/* harmony import */ var _health_graphql_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(3363);
/* harmony import */ var _health_judge_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(6357);
/* harmony import */ var _health_verify_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(481);










/**
 * `mode: verify`: rotates nothing; reads Cloudflare's health checks of the selected tunnels, judged
 * by Cloudflare's own rules, and fails the step when any is down or has no fresh result, naming each.
 */
async function verifyMode(config, { cloudflare, http, core, startedAt }) {
    const deadline = startedAt + config.verifyTimeoutMs;
    const tunnels = await cloudflare.listTunnels();
    const selected = (0,_selection_js__WEBPACK_IMPORTED_MODULE_4__/* .selectTunnels */ .Ci)(tunnels, config.selector);
    const unprobed = selected.filter((tunnel) => !tunnel.healthCheckEnabled);
    core.info(`Verifying ${selected.length} of the account's ${tunnels.length} IPsec tunnels with Cloudflare's health checks newer than ${new Date(startedAt + config.verifySettleMs).toISOString()} (the step's start plus verify-settle), until ${new Date(deadline).toISOString()}` +
        `${unprobed.length > 0 ? `; ${unprobed.length} ha${unprobed.length === 1 ? 's' : 've'} health checks off` : ''}.`);
    const source = { http, baseUrl: config.apiBaseUrl, accountId: config.accountId, credentials: config.credentials, deadline };
    const verdicts = await (0,_health_verify_js__WEBPACK_IMPORTED_MODULE_8__/* .verifyTunnels */ .r)(selected, {
        query: (names, from, to) => (0,_health_graphql_js__WEBPACK_IMPORTED_MODULE_6__/* .queryTunnelHealth */ .rA)(source, names, from, to),
        limit: _health_graphql_js__WEBPACK_IMPORTED_MODULE_6__/* .PAGE_LIMIT */ .Wt,
        startedAt,
        settleMs: config.verifySettleMs,
        timeoutMs: config.verifyTimeoutMs,
        budget: _health_budget_js__WEBPACK_IMPORTED_MODULE_5__/* .GRAPHQL_BUDGET */ .Y,
        logger: core,
    });
    const withSessions = await addBgp(verdicts, cloudflare, core);
    const results = withSessions.map(({ tunnel, status, reason }) => (0,_rotation_js__WEBPACK_IMPORTED_MODULE_3__/* .resultFor */ .T2)(tunnel, status, { reason, verdict: status }));
    const counts = (0,_report_js__WEBPACK_IMPORTED_MODULE_1__/* .countStatuses */ .ip)(results);
    const closing = [
        {
            level: 'info',
            text: `Done: ${counts.healthy} healthy, ${counts.up} up, ${counts.degraded} degraded, ${counts.down} down, ${counts['no-data']} without fresh data, ${counts.unverifiable} unverifiable.`,
        },
    ];
    for (const result of results) {
        const text = `Tunnel ${(0,_log_text_js__WEBPACK_IMPORTED_MODULE_0__/* .outside */ .qY)(result.name, 100)} (${result.id}) is ${result.status}: ${result.reason}`;
        if (result.status === 'down' || result.status === 'no-data')
            closing.push({ level: 'error', text });
        else if (result.status === 'degraded' || result.status === 'unverifiable')
            closing.push({ level: 'warning', text });
    }
    const failing = results.filter((result) => result.status === 'down' || result.status === 'no-data');
    return {
        kind: 'verify',
        results,
        livePsks: new _live_psks_js__WEBPACK_IMPORTED_MODULE_9__/* .LivePsks */ .a(),
        writeSummary: (summary) => (0,_report_js__WEBPACK_IMPORTED_MODULE_1__/* .writeSummary */ .Sy)(summary, (0,_report_js__WEBPACK_IMPORTED_MODULE_1__/* .summarySettings */ .Kj)(config), results),
        closing,
        failure: failing.length === 0
            ? null
            : `${failing.length} of ${results.length} tunnel${results.length === 1 ? '' : 's'} not confirmed up: ${failing
                .map((result) => `${(0,_log_text_js__WEBPACK_IMPORTED_MODULE_0__/* .outside */ .qY)(result.name, 100)} (${result.status})`)
                .join(', ')}. Check that each router has its new PSK and has authenticated again.`,
    };
}
/**
 * BGP as a second signal for tunnels that have it, read once more now that the checks are in: the
 * session's state at the start of the step says nothing about the new SAs.
 */
async function addBgp(verdicts, cloudflare, core) {
    if (!verdicts.some(({ tunnel }) => tunnel.bgpStatus))
        return verdicts;
    let fresh;
    try {
        fresh = new Map((await cloudflare.listTunnels()).map((tunnel) => [tunnel.id, tunnel]));
    }
    catch (error) {
        core.warning(`Could not read the tunnels' BGP status again, so verdicts use health checks only: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .describeError */ .Uc)(error)}`);
        return verdicts;
    }
    return verdicts.map((verdict) => {
        const bgp = fresh.get(verdict.tunnel.id)?.bgpStatus;
        if (!bgp)
            return verdict;
        const { status, reason } = (0,_health_judge_js__WEBPACK_IMPORTED_MODULE_7__/* .withBgp */ .A0)({ status: verdict.status, reason: verdict.reason, settled: true }, bgp);
        return { ...verdict, status, reason };
    });
}


/***/ })

};
