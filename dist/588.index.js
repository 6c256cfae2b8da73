export const id = 588;
export const ids = [588];
export const modules = {

/***/ 2316:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $7: () => (/* binding */ CloudflareClient),
/* harmony export */   Pw: () => (/* binding */ authHeaders),
/* harmony export */   eP: () => (/* binding */ BULK_SET_LIMIT),
/* harmony export */   kx: () => (/* binding */ CloudflareApiError),
/* harmony export */   qx: () => (/* binding */ UnexpectedAnswerError)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);
/* harmony import */ var _inputs_values_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8463);
/* harmony import */ var _log_text_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3529);



/**
 * Cloudflare answered, but not with success: carries the HTTP status, Cloudflare's error list and
 * whether the call may have taken effect all the same (a 5xx, an answer that was not the
 * documented success, or an earlier attempt whose answer was lost).
 */
class CloudflareApiError extends _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ActionError */ .lZ {
    operation;
    status;
    mayHaveApplied;
    constructor(operation, status, errors, mayHaveApplied) {
        super(`Cloudflare refused to ${operation} (HTTP ${status}): ${describeErrors(status, errors)}`);
        this.operation = operation;
        this.status = status;
        this.mayHaveApplied = mayHaveApplied;
        this.name = 'CloudflareApiError';
    }
}
/**
 * Cloudflare answered with success, but not with the documented answer, on every attempt: whatever
 * the call does may have happened.
 */
class UnexpectedAnswerError extends _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ActionError */ .lZ {
    operation;
    mayHaveApplied = true;
    constructor(operation, status, attempts) {
        super(`Cloudflare answered HTTP ${status} to ${operation}, but not with the documented answer (${attempts}).`);
        this.operation = operation;
        this.name = 'UnexpectedAnswerError';
    }
}
const BULK_SET_LIMIT = 100;
/** Errors quoted from one Cloudflare answer; the rest are counted. */
const QUOTED_ERRORS = 3;
/**
 * The four Magic IPsec endpoints the action uses. Every PSK in a response goes to `mask` before
 * the response is looked at any further; an answer without the documented fields counts as lost.
 */
class CloudflareClient {
    http;
    credentials;
    mask;
    logger;
    accountUrl;
    constructor(http, baseUrl, accountId, credentials, mask, logger) {
        this.http = http;
        this.credentials = credentials;
        this.mask = mask;
        this.logger = logger;
        this.accountUrl = `${baseUrl}/accounts/${accountId}/magic/ipsec_tunnels`;
    }
    /** Every tunnel once: a tunnel listed twice is rotated once, with a warning. */
    async listTunnels() {
        const { result } = await this.call("list the account's IPsec tunnels", 'GET', this.accountUrl, undefined, (result) => isRecord(result) && Array.isArray(result.ipsec_tunnels) && result.ipsec_tunnels.every(isTunnelEntry));
        const tunnels = new Map();
        for (const entry of result.ipsec_tunnels) {
            const tunnel = toTunnel(entry);
            const first = tunnels.get(tunnel.id);
            if (first) {
                this.logger?.warning(`Cloudflare listed tunnel ${tunnel.id} more than once; it is rotated once, as '${(0,_log_text_js__WEBPACK_IMPORTED_MODULE_2__/* .outside */ .qY)(first.name, 100)}'.`);
                continue;
            }
            tunnels.set(tunnel.id, tunnel);
        }
        return [...tunnels.values()];
    }
    async getTunnel(id) {
        const { result } = await this.call(`read tunnel ${id}`, 'GET', `${this.accountUrl}/${id}`, undefined, (result) => isRecord(result) && isTunnelEntry(result.ipsec_tunnel));
        return toTunnel(result.ipsec_tunnel);
    }
    async generatePsk(tunnel, validateOnly) {
        const operation = `generate a PSK for tunnel ${(0,_log_text_js__WEBPACK_IMPORTED_MODULE_2__/* .outside */ .qY)(tunnel.name, 100)}`;
        const url = `${this.accountUrl}/${tunnel.id}/psk_generate${validateOnly ? '?validate_only=true' : ''}`;
        const answer = await this.call(operation, 'POST', url, {}, 
        // Whatever non-empty PSK Cloudflare answers is live: a strange one is warned about, never retried.
        (result) => isRecord(result) && typeof result.psk === 'string' && result.psk.length > 0);
        const result = answer.result;
        return {
            psk: result.psk,
            lastGeneratedOn: textOrNull(result.psk_metadata?.last_generated_on),
            earlierAttemptMayHaveApplied: answer.earlierAttemptMayHaveApplied,
        };
    }
    /**
     * One bulk request of at most BULK_SET_LIMIT tunnels. An answer is taken at its word only where
     * it agrees with itself and with the request: an entry filed under one tunnel but naming
     * another, a tunnel both applied and unapplied, or a PSK other than the one sent makes that
     * tunnel's outcome unknown, never a PSK for another tunnel.
     */
    async setPsks(assignments, validateOnly) {
        const operation = `set the PSKs of ${assignments.length} tunnel${assignments.length === 1 ? '' : 's'}`;
        const url = `${this.accountUrl}/psk${validateOnly ? '?validate_only=true' : ''}`;
        const { result } = await this.call(operation, 'POST', url, { psks: assignments }, (result) => isRecord(result));
        const answer = result;
        const sent = new Map(assignments.map(({ id, psk }) => [id, psk]));
        const outcome = { applied: new Map(), unapplied: new Map(), contradictory: new Map() };
        const contradiction = (id, why) => {
            if (!sent.has(id)) {
                this.logger?.warning(`Cloudflare's answer to ${operation} names tunnel ${(0,_log_text_js__WEBPACK_IMPORTED_MODULE_2__/* .outside */ .qY)(id, 64)}, which the request did not include; ignored.`);
            }
            else if (!outcome.contradictory.has(id)) {
                // The first contradiction found for a tunnel is the one reported.
                outcome.contradictory.set(id, why);
            }
        };
        for (const [key, raw] of Object.entries(isRecord(answer.successfully_applied_psks) ? answer.successfully_applied_psks : {})) {
            const entry = (isRecord(raw) ? raw : {});
            const psk = typeof entry.psk === 'string' && entry.psk ? entry.psk : null;
            const id = key.toLowerCase();
            const named = typeof entry.ipsec_tunnel_id === 'string' ? entry.ipsec_tunnel_id.toLowerCase() : id;
            if (named !== id) {
                contradiction(id, `Cloudflare's answer filed an entry naming tunnel ${(0,_log_text_js__WEBPACK_IMPORTED_MODULE_2__/* .outside */ .qY)(named, 64)} under this tunnel's ID`);
                contradiction(named, `Cloudflare's answer filed this tunnel's entry under tunnel ${(0,_log_text_js__WEBPACK_IMPORTED_MODULE_2__/* .outside */ .qY)(id, 64)}'s ID`);
            }
            else if (psk !== null && sent.has(id) && psk !== sent.get(id)) {
                contradiction(id, "Cloudflare's answer reported a different PSK applied than the one sent");
            }
            else {
                outcome.applied.set(id, {
                    ipsecId: typeof entry.ipsec_id === 'string' ? entry.ipsec_id : null,
                    lastGeneratedOn: textOrNull(entry.psk_metadata?.last_generated_on),
                    psk,
                });
            }
        }
        for (const [key, reason] of Object.entries(isRecord(answer.unapplied_psks) ? answer.unapplied_psks : {})) {
            const id = key.toLowerCase();
            if (outcome.applied.has(id) || outcome.contradictory.has(id)) {
                outcome.applied.delete(id);
                contradiction(id, "Cloudflare's answer listed this tunnel both as applied and as not applied");
            }
            else {
                outcome.unapplied.set(id, typeof reason === 'string' && reason ? (0,_log_text_js__WEBPACK_IMPORTED_MODULE_2__/* .outside */ .qY)(reason) : 'not applied (no reason given)');
            }
        }
        for (const id of outcome.contradictory.keys())
            outcome.applied.delete(id);
        return outcome;
    }
    async call(operation, method, url, body, isResult) {
        const response = await this.http.send({
            method,
            url,
            headers: this.headers(body !== undefined),
            body: body === undefined ? undefined : JSON.stringify(body),
            label: operation,
            isAnswer: (json) => {
                // Masked before anything else looks at the answer, even one that is then judged strange.
                maskPsks(json, this.mask);
                const envelope = json;
                return envelope?.success === true && isResult(envelope.result);
            },
        });
        return { result: unwrapEnvelope(operation, response), earlierAttemptMayHaveApplied: response.earlierAttemptMayHaveApplied };
    }
    headers(withBody) {
        return { accept: 'application/json', ...(withBody ? { 'content-type': 'application/json' } : {}), ...authHeaders(this.credentials) };
    }
}
/** The headers that carry the credentials, for the REST and the GraphQL API alike. */
function authHeaders(credentials) {
    return credentials.kind === 'token'
        ? { authorization: `Bearer ${credentials.token}` }
        : { 'x-auth-email': credentials.email, 'x-auth-key': credentials.key };
}
function unwrapEnvelope(operation, response) {
    const envelope = response.json;
    const ok = response.status >= 200 && response.status < 300;
    if (ok && response.notAnAnswer) {
        throw new UnexpectedAnswerError(operation, response.status, 'the body was not JSON with the documented fields, on every attempt');
    }
    if (ok && envelope?.success === true)
        return envelope.result;
    const mayHaveApplied = response.earlierAttemptMayHaveApplied || ok || response.status >= 500 || response.status === 408;
    throw new CloudflareApiError(operation, response.status, envelopeErrors(envelope?.errors), mayHaveApplied);
}
/** Every string under a `psk` key, at any depth an answer nests it (the bulk answer: three levels). */
function maskPsks(value, mask, depth = 0) {
    if (depth > 5 || typeof value !== 'object' || value === null)
        return;
    for (const [key, child] of Object.entries(value)) {
        if (key === 'psk' && typeof child === 'string' && child)
            mask(child);
        else
            maskPsks(child, mask, depth + 1);
    }
}
function isRecord(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
function isTunnelEntry(value) {
    return isRecord(value) && typeof value.id === 'string' && _inputs_values_js__WEBPACK_IMPORTED_MODULE_1__/* .ID_PATTERN */ .pw.test(value.id) && typeof value.name === 'string';
}
/** The errors Cloudflare listed: the first few quoted, the rest only counted. */
function envelopeErrors(errors) {
    const listed = Array.isArray(errors)
        ? errors.filter((error) => typeof error === 'object' && error !== null)
        : [];
    return {
        quoted: listed.slice(0, QUOTED_ERRORS).map((error) => ({
            code: typeof error.code === 'number' ? error.code : 0,
            message: typeof error.message === 'string' ? (0,_log_text_js__WEBPACK_IMPORTED_MODULE_2__/* .outside */ .qY)(error.message, 300) : 'no message',
        })),
        total: listed.length,
    };
}
const STATUS_HINTS = {
    401: "check 'api-token' (or 'api-email' and 'api-key').",
    403: "check that the token is for this account and has 'Magic WAN Write' or 'Magic Transit Write'.",
    404: "check 'account-id' and the tunnel IDs.",
    429: 'Cloudflare rate limit: wait a few minutes before re-running.',
};
function describeErrors(status, { quoted, total }) {
    const more = total > quoted.length ? ` and ${total - quoted.length} more error${total - quoted.length === 1 ? '' : 's'}` : '';
    const listed = quoted.length > 0 ? `${quoted.map((error) => `[${error.code}] ${error.message}`).join('; ')}${more}` : '';
    const hint = STATUS_HINTS[status];
    if (listed)
        return hint ? `${listed} (${hint})` : listed;
    return hint ?? 'no error details in the response.';
}
function toTunnel(tunnel) {
    const metadata = isRecord(tunnel.psk_metadata) ? tunnel.psk_metadata : {};
    const healthCheck = isRecord(tunnel.health_check)
        ? tunnel.health_check
        : isRecord(tunnel.tunnel_health_check)
            ? tunnel.tunnel_health_check
            : {};
    return {
        id: String(tunnel.id).toLowerCase(),
        name: String(tunnel.name),
        lastGeneratedOn: textOrNull(metadata.last_generated_on),
        healthCheckEnabled: healthCheck.enabled !== false,
        ...(isRecord(tunnel.bgp_status) && typeof tunnel.bgp_status.state === 'string'
            ? { bgpStatus: { state: tunnel.bgp_status.state, updatedAt: textOrNull(tunnel.bgp_status.updated_at) } }
            : {}),
        router: {
            customerEndpoint: textOrNull(tunnel.customer_endpoint),
            cloudflareEndpoint: textOrNull(tunnel.cloudflare_endpoint),
            interfaceAddress: textOrNull(tunnel.interface_address),
            fqdnId: textOrNull(isRecord(tunnel.custom_remote_identities) ? tunnel.custom_remote_identities.fqdn_id : undefined),
        },
    };
}
function textOrNull(value) {
    return typeof value === 'string' && value ? value : null;
}


/***/ }),

/***/ 5250:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   S: () => (/* binding */ createDispatcher)
/* harmony export */ });
/* harmony import */ var undici__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6752);
/* harmony import */ var _proxy_env_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5049);


const CONNECT_TIMEOUT_MS = 10_000;
/**
 * The connection pool every request of the action goes through: direct, or through the proxy that
 * HTTPS_PROXY / HTTP_PROXY name, host by host as NO_PROXY says (see proxy-env.ts). Throws when a
 * proxy variable is set but holds no URL.
 */
function createDispatcher({ connections, env }) {
    const options = { connections, connect: { timeout: CONNECT_TIMEOUT_MS } };
    const direct = new undici__WEBPACK_IMPORTED_MODULE_0__.Agent(options);
    const https = (0,_proxy_env_js__WEBPACK_IMPORTED_MODULE_1__/* .proxyFromVariables */ .__)(env, 'https_proxy', 'HTTPS_PROXY');
    const http = (0,_proxy_env_js__WEBPACK_IMPORTED_MODULE_1__/* .proxyFromVariables */ .__)(env, 'http_proxy', 'HTTP_PROXY');
    if (!https && !http)
        return direct;
    const through = (proxy) => proxy ? new undici__WEBPACK_IMPORTED_MODULE_0__.ProxyAgent({ ...options, uri: proxy.url.href, ...(proxy.authorization ? { token: proxy.authorization } : {}) }) : direct;
    return new ProxyRouter(direct, { 'https:': through(https), 'http:': through(http) }, env);
}
/** Sends each request direct or through its scheme's proxy. */
class ProxyRouter extends undici__WEBPACK_IMPORTED_MODULE_0__.Dispatcher {
    direct;
    proxies;
    env;
    constructor(direct, proxies, env) {
        super();
        this.direct = direct;
        this.proxies = proxies;
        this.env = env;
    }
    dispatch(options, handler) {
        const origin = new URL(String(options.origin));
        const proxied = origin.protocol === 'https:' || origin.protocol === 'http:' ? this.proxies[origin.protocol] : this.direct;
        return ((0,_proxy_env_js__WEBPACK_IMPORTED_MODULE_1__/* .bypassesProxy */ .Zt)(origin, this.env) ? this.direct : proxied).dispatch(options, handler);
    }
    async close() {
        await Promise.all(this.pools().map((pool) => pool.close()));
    }
    async destroy() {
        await Promise.all(this.pools().map((pool) => pool.destroy()));
    }
    pools() {
        return [...new Set([this.direct, this.proxies['https:'], this.proxies['http:']])];
    }
}


/***/ }),

/***/ 5534:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Du: () => (/* binding */ formatWait),
/* harmony export */   a3: () => (/* binding */ formatDuration),
/* harmony export */   eM: () => (/* binding */ sameInstant),
/* harmony export */   nV: () => (/* binding */ formatAge)
/* harmony export */ });
/** How long ago `timestamp` was, in words; 'unknown' when there is none or it cannot be read. */
function formatAge(timestamp, now) {
    if (timestamp === null)
        return 'unknown';
    const generated = Date.parse(timestamp);
    if (Number.isNaN(generated))
        return 'unknown';
    return formatDuration(Math.max(0, now - generated));
}
/** A duration in the largest unit that keeps it readable: min, h or d. */
function formatDuration(ms) {
    const minutes = Math.floor(ms / 60_000);
    if (minutes < 1)
        return 'under 1 min';
    if (minutes < 120)
        return `${minutes} min`;
    const hours = Math.floor(minutes / 60);
    if (hours < 48)
        return `${hours} h`;
    return `${Math.floor(hours / 24)} d`;
}
/** A configured wait in words: seconds below two minutes, then as formatDuration. */
function formatWait(ms) {
    return ms < 120_000 ? `${Math.round(ms / 1000)} s` : formatDuration(ms);
}
/** Two `last_generated_on` values name the same moment (formats may differ between endpoints). */
function sameInstant(a, b) {
    if (a === null || b === null)
        return a === b;
    return a === b || Date.parse(a) === Date.parse(b);
}


/***/ }),

/***/ 9935:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ic: () => (/* binding */ describeFailure),
/* harmony export */   Uh: () => (/* binding */ NOTHING_ROTATED),
/* harmony export */   a5: () => (/* binding */ isRateLimit),
/* harmony export */   g5: () => (/* binding */ failureOf),
/* harmony export */   o7: () => (/* binding */ SecretsError)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);
/* harmony import */ var _log_text_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3529);
/* harmony import */ var _rate_limit_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9419);
/* harmony import */ var _retry_policy_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3680);




/** Ends every refusal of the preflight, which stops the run before anything rotates. */
const NOTHING_ROTATED = 'Nothing was rotated: every tunnel keeps its current PSK.';
/** GitHub refused, or the destination cannot take the run's PSKs: reported by its message, never as a bug. */
class SecretsError extends _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ActionError */ .lZ {
}
function failureOf(error) {
    const candidate = error;
    const response = candidate?.response;
    const data = response?.data;
    const said = typeof data === 'object' && data !== null && typeof data.message === 'string'
        ? data.message
        : typeof data === 'string' && data.trim()
            ? data
            : error instanceof Error
                ? error.message
                : String(error);
    return {
        status: typeof candidate?.status === 'number' ? candidate.status : undefined,
        message: (0,_log_text_js__WEBPACK_IMPORTED_MODULE_1__/* .outside */ .qY)(said.replace(/\s+/g, ' ').trim(), 300),
        headers: response?.headers ?? {},
        answered: response !== undefined,
        sent: candidate?.request !== undefined,
    };
}
function isRateLimit(failure) {
    const primary = (0,_rate_limit_js__WEBPACK_IMPORTED_MODULE_2__/* .headerText */ .TK)(failure.headers['x-ratelimit-remaining']) === '0' && (failure.status === 403 || failure.status === 429);
    return primary || /\bsecondary rate\b/i.test(failure.message);
}
/** What the destination needs from the token, for 401/403/404 messages. */
function permissionAdvice(scope, target) {
    const needs = scope === 'organization'
        ? `the organization permission "Secrets: Read and write" on ${target} (Organization permissions → Secrets; a classic token needs the admin:org scope, plus repo for secrets shared with private repositories)`
        : scope === 'environment'
            ? `the repository permissions "Secrets: Read and write" and "Environments: Read and write" on ${target} (a classic token needs the repo scope)`
            : `the repository permission "Secrets: Read and write" on ${target} (a classic token needs the repo scope)`;
    return `github-token must be a fine-grained personal access token or a GitHub App installation token with ${needs}. The workflow's GITHUB_TOKEN cannot write secrets, whatever its permissions.`;
}
/** One actionable sentence or three: what failed, where, what GitHub said, and what to fix. */
function describeFailure(error, action, place) {
    const failure = failureOf(error);
    const where = `${action} of ${place.description}`;
    const said = failure.message ? `: ${failure.message}` : '';
    if (!failure.sent)
        return `Could not ${where}: ${failure.message} (nothing was sent to GitHub).`;
    if (!failure.answered)
        return `Could not ${where}: no answer from GitHub (${failure.message}), also after ${_retry_policy_js__WEBPACK_IMPORTED_MODULE_3__/* .MAX_RETRIES */ .kd} retries.`;
    const status = failure.status ?? 0;
    if (isRateLimit(failure) || status === 429) {
        return `GitHub's rate limit did not lift for the request to ${where} (HTTP ${status}${said}); this action retries ${_retry_policy_js__WEBPACK_IMPORTED_MODULE_3__/* .MAX_RETRIES */ .kd} times and waits at most ${_retry_policy_js__WEBPACK_IMPORTED_MODULE_3__/* .MAX_RATE_LIMIT_WAIT_SECONDS */ .Sf} s at a time.`;
    }
    if (status === 401)
        return `GitHub rejected github-token when trying to ${where} (HTTP 401${said}): the token is wrong, expired or revoked.`;
    if (status === 403) {
        const accepted = (0,_log_text_js__WEBPACK_IMPORTED_MODULE_1__/* .outside */ .qY)((0,_rate_limit_js__WEBPACK_IMPORTED_MODULE_2__/* .headerText */ .TK)(failure.headers['x-accepted-github-permissions']), 200);
        return `GitHub did not allow github-token to ${where} (HTTP 403${said}).${accepted ? ` GitHub says this call needs: ${accepted}.` : ''} ${permissionAdvice(place.scope, place.target)}`;
    }
    if (status === 404) {
        return `GitHub answered HTTP 404${said} when trying to ${where}: it does not exist, or github-token cannot see it. ${place.notFoundAdvice} ${permissionAdvice(place.scope, place.target)}`;
    }
    if (status >= 500)
        return `GitHub could not ${where} (HTTP ${status}${said}), also after ${_retry_policy_js__WEBPACK_IMPORTED_MODULE_3__/* .MAX_RETRIES */ .kd} retries.`;
    return `GitHub refused to ${where} (HTTP ${status}${said}).`;
}


/***/ }),

/***/ 3680:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Jb: () => (/* binding */ retryPolicy),
/* harmony export */   Ng: () => (/* binding */ describeRequest),
/* harmony export */   Sf: () => (/* binding */ MAX_RATE_LIMIT_WAIT_SECONDS),
/* harmony export */   Tv: () => (/* binding */ FALLBACK_RETRY_AFTER_SECONDS),
/* harmony export */   kd: () => (/* binding */ MAX_RETRIES)
/* harmony export */ });
/* unused harmony export rateLimitDecision */
/* harmony import */ var _logger_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6999);

/** Retries of one request for 5xx/network errors, for plain 429s and for each kind of rate limit. */
const MAX_RETRIES = 3;
/** A rate limit asking for a longer wait than this fails the request instead of stalling the job. */
const MAX_RATE_LIMIT_WAIT_SECONDS = 300;
/** GitHub's advice when a rate-limited answer carries no retry-after: wait at least a minute. */
const FALLBACK_RETRY_AFTER_SECONDS = 60;
/** plugin-retry's default list of statuses it leaves alone, plus 429, which `retry-after` decides. */
const DO_NOT_RETRY = [400, 401, 403, 404, 410, 422, 429, 451];
/** "PUT /repos/octo-org/network/actions/secrets/IPSEC_PSK_A": a route with its parameters filled in. */
function describeRequest(options) {
    const path = String(options.url ?? '')
        .replace(/\{(\w+)\}/g, (match, key) => {
        const value = options[key];
        return typeof value === 'string' || typeof value === 'number' ? encodeURIComponent(value) : match;
    })
        .replace(/^https?:\/\/[^/]+/, '');
    return `${String(options.method ?? 'GET').toUpperCase()} ${path}`;
}
/**
 * Whether to wait out a rate limit, as @octokit/plugin-throttling asks: at most MAX_RETRIES
 * times and never longer than MAX_RATE_LIMIT_WAIT_SECONDS; each decision logged in plain words.
 */
function rateLimitDecision(kind, logger) {
    return (retryAfter, options, _octokit, retryCount) => {
        const label = describeRequest(options);
        const wait = (0,_logger_js__WEBPACK_IMPORTED_MODULE_0__/* .formatSeconds */ .X)(retryAfter * 1000);
        if (retryCount >= MAX_RETRIES) {
            logger.info(`GitHub ${kind} on ${label}; giving up after ${MAX_RETRIES} retries.`);
            return false;
        }
        if (retryAfter > MAX_RATE_LIMIT_WAIT_SECONDS) {
            logger.info(`GitHub ${kind} on ${label} asks to wait ${wait}, longer than ${MAX_RATE_LIMIT_WAIT_SECONDS} s; not waiting.`);
            return false;
        }
        logger.info(`GitHub ${kind} on ${label}; waiting ${wait} (retry ${retryCount + 1} of ${MAX_RETRIES}).`);
        return true;
    };
}
/**
 * The options of @octokit/plugin-throttling and @octokit/plugin-retry: the whole retry policy.
 * `unitMs` is the length of one second of waiting (tests shrink it).
 */
function retryPolicy(logger, unitMs) {
    return {
        // Writes stay paced one at a time, 1 s apart (the plugin's default write group; createClient can shorten it for tests).
        throttle: {
            onSecondaryRateLimit: rateLimitDecision('secondary rate limit', logger),
            onRateLimit: rateLimitDecision('API rate limit for this token is used up', logger),
            fallbackSecondaryRateRetryAfter: FALLBACK_RETRY_AFTER_SECONDS,
            retryAfterBaseValue: unitMs,
        },
        retry: { retries: MAX_RETRIES, doNotRetry: DO_NOT_RETRY, retryAfterBaseValue: unitMs },
    };
}


/***/ }),

/***/ 4228:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   I4: () => (/* binding */ ENV_VALUE_LIMIT_BYTES),
/* harmony export */   PT: () => (/* binding */ HandoverFiles),
/* harmony export */   Un: () => (/* binding */ writeRouterFiles)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);



/**
 * The step's outputs as files too, in a folder of this run's own under RUNNER_TEMP (the runner
 * empties it after the job): a 1,000-tunnel `results` is larger than Linux lets one environment
 * variable be, and a router step should read only its own router's keys. Folder 700, files 600.
 */
class HandoverFiles {
    base;
    folder = null;
    constructor(base = process.env.RUNNER_TEMP || (0,node_os__WEBPACK_IMPORTED_MODULE_1__.tmpdir)()) {
        this.base = base;
    }
    /** Writes `name` in the run's folder and returns its path. */
    write(name, content) {
        const path = this.pathFor(name);
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.writeFileSync)(path, content, { mode: 0o600 });
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.chmodSync)(path, 0o600);
        return path;
    }
    /**
     * Removes a path of the run's folder (written by `write`, or by a command given its path, which
     * may have made it a folder); gone already is fine, and a path that cannot be removed stays in
     * the folder, which the runner empties after the job.
     */
    remove(path) {
        try {
            (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.rmSync)(path, { force: true, recursive: true });
        }
        catch {
            // Left for the runner.
        }
    }
    /** A path in the run's folder that nothing has written yet, for a command to write. */
    pathFor(name) {
        if (this.folder === null) {
            this.folder = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.mkdtempSync)((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(this.base, 'ipsec-psk-'));
            (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.chmodSync)(this.folder, 0o700);
        }
        return (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(this.folder, name);
    }
}
/** One entry a router, in the order its first tunnel appears: its tunnels, and files holding only their PSKs and results. */
function writeRouterFiles(files, results, psks, routerOf, 
/** Before each file's name: a wave's files stay apart from the run's. */
prefix = '') {
    const byRouter = new Map();
    for (const result of results) {
        const router = routerOf(result);
        const own = byRouter.get(router);
        if (own)
            own.push(result);
        else
            byRouter.set(router, [result]);
    }
    return [...byRouter].map(([router, own], index) => {
        const ownPsks = Object.fromEntries(own.filter(({ id }) => id in psks).map(({ id }) => [id, psks[id]]));
        return {
            router,
            tunnels: own.map(({ id }) => id),
            psks_file: files.write(`${prefix}router-${index + 1}-psks.json`, JSON.stringify(ownPsks)),
            results_file: files.write(`${prefix}router-${index + 1}-results.json`, JSON.stringify(own)),
        };
    });
}
/** Linux refuses to start a process with one environment variable longer than this (MAX_ARG_STRLEN). */
const ENV_VALUE_LIMIT_BYTES = 128 * 1024;


/***/ }),

/***/ 6803:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Qq: () => (/* binding */ HttpClient),
/* harmony export */   j3: () => (/* binding */ DeadlineError),
/* harmony export */   wX: () => (/* binding */ TransportError)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);
/* harmony import */ var undici__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6752);
/* harmony import */ var _logger_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(6999);
/* harmony import */ var _rate_limit_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9419);
/* harmony import */ var _stop_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(1123);





const DEFAULT_RETRY_POLICY = {
    timeoutMs: 30_000,
    maxRetries: 4,
    baseDelayMs: 500,
    maxDelayMs: 15_000,
    maxRetryAfterMs: _rate_limit_js__WEBPACK_IMPORTED_MODULE_2__/* .MAX_PACING_WAIT_MS */ .Nr,
};
/** The request never produced a response. */
class TransportError extends _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ActionError */ .lZ {
    mayHaveApplied;
    constructor(message, 
    /**
     * The request may have taken effect with no answer to confirm it: an attempt may have reached
     * the server (a reset or timeout after sending, or an earlier 5xx/408 or undocumented answer).
     */
    mayHaveApplied) {
        super(message);
        this.mayHaveApplied = mayHaveApplied;
        this.name = 'TransportError';
    }
}
/** The request could not be answered before its deadline: no attempt, retry or wait runs past it. */
class DeadlineError extends TransportError {
    constructor(service, label, detail, mayHaveApplied) {
        super(`${service} request to ${label} could not finish before the deadline: ${detail}.`, mayHaveApplied);
        this.name = 'DeadlineError';
    }
}
const NOT_SENT_CODES = new Set([
    'ECONNREFUSED',
    'ENOTFOUND',
    'EAI_AGAIN',
    'UND_ERR_CONNECT_TIMEOUT',
    'EHOSTUNREACH',
    'ENETUNREACH',
    'UND_ERR_INVALID_ARG',
]);
// undici's words when the proxy answers a CONNECT with anything but 200.
const PROXY_REFUSAL = /^Proxy response \((\d{3})\) !== 200 when HTTP Tunneling$/;
const UNTRUSTED_CERTIFICATE_CODES = new Set([
    'SELF_SIGNED_CERT_IN_CHAIN',
    'DEPTH_ZERO_SELF_SIGNED_CERT',
    'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    'UNABLE_TO_GET_ISSUER_CERT',
    'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
]);
/**
 * JSON over HTTP with a timeout on every request, bounded retries with exponential backoff and
 * jitter for 5xx, 408 and connection errors, and Retry-After for 429. Bodies are never logged:
 * they carry PSKs.
 */
class HttpClient {
    options;
    policy;
    wait;
    random;
    now;
    constructor(options) {
        this.options = options;
        this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
        this.wait = options.wait ?? _logger_js__WEBPACK_IMPORTED_MODULE_4__/* .sleep */ .y;
        this.random = options.random ?? Math.random;
        this.now = options.now ?? Date.now;
    }
    async send(req) {
        const { logger, service, pacer, stop } = this.options;
        const attempts = this.policy.maxRetries + 1;
        let mayHaveApplied = false;
        const stopped = () => new _stop_js__WEBPACK_IMPORTED_MODULE_3__/* .StoppedError */ .K(req.label, mayHaveApplied);
        const pause = (ms) => (0,_stop_js__WEBPACK_IMPORTED_MODULE_3__/* .unlessStopped */ .O)(this.wait(ms), stop, stopped);
        const deadline = Math.min(req.deadline ?? Infinity, this.options.deadline ?? Infinity);
        const left = () => deadline - this.now();
        const late = (detail) => new DeadlineError(service, req.label, detail, mayHaveApplied);
        for (let attempt = 1;; attempt++) {
            if (stop?.aborted)
                throw stopped();
            if (left() <= 0)
                throw late(attempt === 1 ? 'no time was left to send it' : 'no time was left to try again');
            await (0,_stop_js__WEBPACK_IMPORTED_MODULE_3__/* .unlessStopped */ .O)(beforeDeadline(pacer?.acquire() ?? Promise.resolve(), left(), late), stop, stopped);
            const timeoutMs = Math.min(this.policy.timeoutMs, left());
            let response;
            try {
                response = await this.sendOnce(req, timeoutMs);
            }
            catch (error) {
                pacer?.release(null);
                const failure = describeTransportFailure(error, timeoutMs);
                mayHaveApplied ||= failure.mayHaveApplied;
                if (attempt >= attempts) {
                    throw new TransportError(`${service} request to ${req.label} failed after ${attempts} attempts: ${failure.text}.`, mayHaveApplied);
                }
                const delay = this.backoff(attempt);
                if (delay >= left())
                    throw late(failure.text);
                logger.info(`${req.label}: ${failure.text}; retrying in ${(0,_logger_js__WEBPACK_IMPORTED_MODULE_4__/* .formatSeconds */ .X)(delay)} (attempt ${attempt + 1} of ${attempts}).`);
                await pause(delay);
                continue;
            }
            pacer?.release(response.headers);
            logger.debug(`${req.method} ${new URL(req.url).pathname} -> ${response.status}`);
            const ok = response.status >= 200 && response.status < 300;
            const notAnAnswer = ok && req.isAnswer !== undefined && !req.isAnswer(response.json);
            const result = { ...response, earlierAttemptMayHaveApplied: mayHaveApplied, notAnAnswer };
            if (attempt >= attempts)
                return result;
            if (response.status === 429) {
                const retryAfter = (0,_rate_limit_js__WEBPACK_IMPORTED_MODULE_2__/* .parseRetryAfter */ .mu)(response.headers['retry-after']);
                const delay = retryAfter ?? this.backoff(attempt);
                if (delay > this.policy.maxRetryAfterMs || delay >= left())
                    return result;
                logger.info(`${service} rate limit hit (HTTP 429) on ${req.label}; waiting ${(0,_logger_js__WEBPACK_IMPORTED_MODULE_4__/* .formatSeconds */ .X)(delay)}${retryAfter === null ? '' : ' as Retry-After asks'} (attempt ${attempt + 1} of ${attempts}).`);
                pacer?.holdFor(delay);
                await pause(delay);
                continue;
            }
            if (response.status >= 500 || response.status === 408 || notAnAnswer) {
                mayHaveApplied = true;
                const delay = this.backoff(attempt);
                if (delay >= left())
                    return { ...result, earlierAttemptMayHaveApplied: true };
                const what = notAnAnswer
                    ? `${service} answered HTTP ${response.status} without the documented answer`
                    : `${service} answered HTTP ${response.status}`;
                logger.info(`${req.label}: ${what}; retrying in ${(0,_logger_js__WEBPACK_IMPORTED_MODULE_4__/* .formatSeconds */ .X)(delay)} (attempt ${attempt + 1} of ${attempts}).`);
                await pause(delay);
                continue;
            }
            return result;
        }
    }
    async sendOnce(req, timeoutMs) {
        const controller = new AbortController();
        const timer = setTimeout(() => controller.abort(new RequestTimeout()), timeoutMs);
        try {
            const response = await (0,undici__WEBPACK_IMPORTED_MODULE_1__.request)(req.url, {
                method: req.method,
                headers: req.headers,
                body: req.body,
                dispatcher: this.options.dispatcher,
                signal: controller.signal,
            });
            const text = await response.body.text();
            return { status: response.statusCode, headers: response.headers, json: parseJson(text) };
        }
        finally {
            clearTimeout(timer);
        }
    }
    /** Exponential backoff with "equal jitter": half fixed, half random. */
    backoff(attempt) {
        const ceiling = Math.min(this.policy.maxDelayMs, this.policy.baseDelayMs * 2 ** (attempt - 1));
        return Math.round(ceiling / 2 + (this.random() * ceiling) / 2);
    }
}
/** `waiting`, unless `ms` pass first: then it throws what `late` makes. */
async function beforeDeadline(waiting, ms, late) {
    if (ms === Infinity)
        return waiting;
    let timer;
    const expired = new Promise((_resolve, reject) => {
        timer = setTimeout(() => reject(late('the wait for the rate limit outlasted it')), ms);
    });
    try {
        return await Promise.race([waiting, expired]);
    }
    finally {
        clearTimeout(timer);
    }
}
class RequestTimeout extends _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ActionError */ .lZ {
    constructor() {
        super('request timed out');
        this.name = 'RequestTimeout';
    }
}
function parseJson(text) {
    if (!text)
        return null;
    try {
        return JSON.parse(text);
    }
    catch {
        return null;
    }
}
function describeTransportFailure(error, timeoutMs) {
    if (error instanceof RequestTimeout || (error instanceof Error && error.cause instanceof RequestTimeout)) {
        return { text: `no complete answer within ${(0,_logger_js__WEBPACK_IMPORTED_MODULE_4__/* .formatSeconds */ .X)(timeoutMs)}`, mayHaveApplied: true };
    }
    const code = errorCode(error);
    const reason = error instanceof Error ? error.message : String(error);
    const refusal = PROXY_REFUSAL.exec(innermostMessage(error));
    if (refusal)
        return { text: `the proxy refused the connection (HTTP ${refusal[1]})`, mayHaveApplied: false };
    if (UNTRUSTED_CERTIFICATE_CODES.has(code)) {
        return {
            text: `the server's TLS certificate is not trusted (${code}: ${reason}); if a private CA signs it, as for a TLS-inspecting proxy, give that CA's certificate file in NODE_EXTRA_CA_CERTS`,
            mayHaveApplied: false,
        };
    }
    return {
        text: `connection error (${code ? `${code}: ` : ''}${reason})`,
        mayHaveApplied: !NOT_SENT_CODES.has(code),
    };
}
function innermostMessage(error) {
    let current = error;
    while (current instanceof Error && current.cause instanceof Error)
        current = current.cause;
    return current instanceof Error ? current.message : '';
}
function errorCode(error) {
    for (let current = error; current instanceof Error; current = current.cause) {
        const code = current.code;
        if (typeof code === 'string')
            return code;
    }
    return '';
}


/***/ }),

/***/ 9553:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   a: () => (/* binding */ LivePsks)
/* harmony export */ });
/**
 * Every PSK that is, or may be, live on Cloudflare, recorded before the request that can make it
 * live is sent. It is the one source of the `psks` output, so a run that stops at any point (a
 * cancel, a bug, a strange answer) still hands over every key a router may need.
 */
class LivePsks {
    /** Tunnel ID to PSK: sent and not known to be refused, or confirmed live. */
    psks = new Map();
    /** Tunnels whose `psk_generate` is in flight: Cloudflare may be replacing a PSK this run has not seen. */
    generating = new Set();
    /** Tunnels whose live PSK reached every destination the user asked for. */
    stored = new Set();
    /** Before a request that sets `psk` for the tunnel is sent. */
    sending(id, psk) {
        this.psks.set(id, psk);
    }
    /** Before a `psk_generate` for the tunnel is sent. */
    generatingFor(id) {
        this.generating.add(id);
    }
    /** The PSK that is (or may be) live; ends a `psk_generate` in flight. */
    live(id, psk) {
        this.generating.delete(id);
        this.stored.delete(id);
        this.psks.set(id, psk);
    }
    /** The PSK this run holds for the tunnel is known not to be live (refused, never sent, or replaced). */
    notLive(id) {
        this.generating.delete(id);
        this.stored.delete(id);
        this.psks.delete(id);
    }
    /** The live PSK reached every destination the user asked for. */
    storedEverywhere(id) {
        this.stored.add(id);
    }
    /** Tunnels whose PSK is or may be live and is held by nothing but the `psks` output. */
    onlyInOutput() {
        return this.ids().filter((id) => !this.stored.has(id));
    }
    /** A `psk_generate` that ended without a PSK this run holds (its outcome is reported elsewhere). */
    generateEnded(id) {
        this.generating.delete(id);
    }
    has(id) {
        return this.psks.has(id);
    }
    get size() {
        return this.psks.size;
    }
    ids() {
        return [...this.psks.keys()];
    }
    /** Tunnels whose `psk_generate` was sent and has not answered. */
    generatingIds() {
        return [...this.generating];
    }
    /** The `psks` output: `{"<tunnel id>": "<psk>"}`. Every PSK in it was masked when it came to exist. */
    toJSON() {
        return JSON.stringify(this.toRecord());
    }
    toRecord() {
        return Object.fromEntries(this.psks);
    }
}


/***/ }),

/***/ 1050:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  wS: () => (/* binding */ prepareRotation),
  bl: () => (/* binding */ rotateMode),
  ic: () => (/* binding */ rotationEnding)
});

// UNUSED EXPORTS: finishStore

// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/github-secrets/bundle-format.ts
var bundle_format = __webpack_require__(1643);
// EXTERNAL MODULE: ./src/log-text.ts
var log_text = __webpack_require__(3529);
// EXTERNAL MODULE: ./node_modules/undici/index.js
var undici = __webpack_require__(6752);
// EXTERNAL MODULE: ./src/dispatcher.ts
var dispatcher = __webpack_require__(5250);
// EXTERNAL MODULE: ./src/logger.ts
var src_logger = __webpack_require__(6999);
// EXTERNAL MODULE: ./src/rate-limit.ts
var rate_limit = __webpack_require__(9419);
// EXTERNAL MODULE: ./src/github-secrets/errors.ts
var github_secrets_errors = __webpack_require__(9935);
// EXTERNAL MODULE: ./src/github-secrets/retry-policy.ts
var retry_policy = __webpack_require__(3680);
;// CONCATENATED MODULE: ./src/github-secrets/client.ts







const API_VERSION = '2022-11-28';
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/**
 * Every attempt, retries included, goes through here: the proxy rules of every other request, a
 * time-out of its own and the API version header, and a plain-words line when it fails
 * (plugin-retry then decides whether to retry). No redirect is followed: a sealed PSK goes only to
 * the API whose key sealed it, and a secret counts as stored only when that API itself says so.
 */
function attemptFetch({ logger, timeoutMs }, dispatcher) {
    const attempts = new Map();
    return async (input, init) => {
        const url = new URL(input instanceof Request ? input.url : String(input));
        const request = `${init?.method ?? 'GET'} ${url.pathname}${url.search}`;
        const attempt = (attempts.get(request) ?? 0) + 1;
        attempts.set(request, attempt);
        const label = `${request} (attempt ${attempt})`;
        const headers = new Headers(init?.headers);
        headers.set('x-github-api-version', API_VERSION);
        const timeout = AbortSignal.timeout(timeoutMs);
        const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
        try {
            const response = await (0,undici.fetch)(url, {
                method: init?.method,
                body: init?.body,
                headers,
                signal,
                redirect: 'manual',
                dispatcher,
            });
            logger.debug(`${label} -> ${response.status}`);
            if (response.status >= 500)
                logger.info(`GitHub answered HTTP ${response.status} to ${label}.`);
            return response;
        }
        catch (error) {
            const why = timeout.aborted ? `no answer within ${(0,src_logger/* formatSeconds */.X)(timeoutMs)}` : (0,log_text/* outside */.qY)(connectionFailure(error), 200);
            logger.info(`No answer from GitHub to ${label}: ${why}.`);
            throw init?.signal?.aborted ? error : new Error(why, { cause: error });
        }
    };
}
/** fetch says only "fetch failed": the reason is the innermost cause ("Proxy response (403) …"). */
function connectionFailure(error) {
    let current = error;
    while (current instanceof Error && current.cause instanceof Error)
        current = current.cause;
    return current instanceof Error ? current.message : String(current);
}
/**
 * A redirect (fetch follows none) fails the request with GitHub's status, like a refusal, so a
 * public key from elsewhere is never used and a PUT that was not stored is never counted.
 */
function refuseRedirects() {
    return (octokit) => {
        octokit.hook.wrap('request', async (request, options) => {
            const response = await request(options);
            if (!REDIRECT_STATUSES.has(response.status))
                return response;
            const location = typeof response.headers.location === 'string' ? response.headers.location : '';
            const message = `a redirect to ${redirectTarget(location, String(options.baseUrl))}, which this action does not follow: it reads and writes secrets only at the GitHub API it was given`;
            throw Object.assign(new Error(message), {
                status: response.status,
                request: options,
                response: { headers: response.headers, data: { message } },
            });
        });
    };
}
function redirectTarget(location, baseUrl) {
    try {
        return (0,log_text/* outside */.qY)(new URL(location, baseUrl).origin, 100);
    }
    catch {
        return 'an unreadable location';
    }
}
/**
 * A plain 429 (neither a primary nor a secondary rate limit, which the throttling plugin handles)
 * waits as its retry-after asks, at most MAX_RATE_LIMIT_WAIT_SECONDS, up to MAX_RETRIES times.
 */
function plainTooManyRequests({ logger, unitMs }) {
    return (octokit) => {
        octokit.hook.wrap('request', async (request, options) => {
            for (let attempt = 0;; attempt++) {
                try {
                    return await request(options);
                }
                catch (error) {
                    const failure = (0,github_secrets_errors/* failureOf */.g5)(error);
                    if (failure.status !== 429 || (0,github_secrets_errors/* isRateLimit */.a5)(failure) || attempt >= retry_policy/* MAX_RETRIES */.kd)
                        throw error;
                    const label = (0,retry_policy/* describeRequest */.Ng)(options);
                    const retryAfterMs = (0,rate_limit/* parseRetryAfter */.mu)(failure.headers['retry-after']);
                    const waitMs = retryAfterMs ?? retry_policy/* FALLBACK_RETRY_AFTER_SECONDS */.Tv * 1000;
                    if (waitMs > retry_policy/* MAX_RATE_LIMIT_WAIT_SECONDS */.Sf * 1000) {
                        logger.info(`GitHub answered HTTP 429 to ${label} and asks to wait ${(0,src_logger/* formatSeconds */.X)(waitMs)}; not waiting that long.`);
                        throw error;
                    }
                    logger.info(`GitHub answered HTTP 429 (too many requests) to ${label}; waiting ${(0,src_logger/* formatSeconds */.X)(waitMs)}${retryAfterMs === null ? '' : ' as retry-after asks'} (retry ${attempt + 1} of ${retry_policy/* MAX_RETRIES */.kd}).`);
                    await (0,src_logger/* sleep */.y)((waitMs * unitMs) / 1000);
                }
            }
        });
    };
}
/**
 * A write group like plugin-throttling's own (one write at a time, a Redis TTL of 2 minutes), with
 * `gapMs` between launches instead of its 1 s; null for the plugin's own group.
 */
async function writeGroup(gapMs) {
    if (gapMs === undefined)
        return null;
    const { default: BottleneckLight } = await __webpack_require__.e(/* import() */ 251).then(__webpack_require__.t.bind(__webpack_require__, 3251, 23));
    return new BottleneckLight.Group({ id: 'octokit-write', maxConcurrent: 1, minTime: gapMs, timeout: 2 * 60 * 1000 });
}
async function createClient(token, apiUrl, settings) {
    const [{ getOctokit }, { throttling }, { retry }, write] = await Promise.all([
        __webpack_require__.e(/* import() */ 270).then(__webpack_require__.bind(__webpack_require__, 2270)),
        Promise.all(/* import() */[__webpack_require__.e(251), __webpack_require__.e(856)]).then(__webpack_require__.bind(__webpack_require__, 6856)),
        Promise.all(/* import() */[__webpack_require__.e(251), __webpack_require__.e(735)]).then(__webpack_require__.bind(__webpack_require__, 9735)),
        writeGroup(settings.writeGapMs),
    ]);
    const { logger } = settings;
    const baseUrl = apiUrl ?? process.env.GITHUB_API_URL;
    const policy = (0,retry_policy/* retryPolicy */.Jb)(logger, settings.unitMs);
    return getOctokit(token, {
        // A trailing slash (GITHUB_API_URL=https://ghes.example/api/v3/) would double every route's.
        ...(baseUrl ? { baseUrl: baseUrl.replace(/\/+$/, '') } : {}),
        userAgent: 'cloudflare-ipsec-psk-rotate',
        request: { fetch: attemptFetch(settings, (0,dispatcher/* createDispatcher */.S)({ env: process.env })) },
        log: {
            debug: (message) => logger.debug(message),
            info: (message) => logger.debug(message),
            warn: (message) => logger.warning(message),
            error: (message) => logger.error(message),
        },
        ...policy,
        throttle: { ...policy.throttle, ...(write ? { write } : {}) },
    }, refuseRedirects(), plainTooManyRequests(settings), throttling, retry);
}

;// CONCATENATED MODULE: ./src/github-secrets/write.ts

/**
 * Seals `value` on this runner and writes it as secret `name`; `holds` says what the secret holds,
 * for messages ("the PSK", "the new PSKs"). Only GitHub's own 201 or 204 counts as stored.
 */
async function writeSecret(writer, name, value, holds) {
    const { destination } = writer;
    const clean = (text) => writer.clean(text);
    let sealed;
    try {
        sealed = writer.seal(value);
    }
    catch (error) {
        throw new github_secrets_errors/* SecretsError */.o7(`Could not seal ${holds} for secret ${name} of ${destination.description} on this runner: ${clean(error instanceof Error ? error.message : String(error))}.`, { cause: error });
    }
    let status;
    try {
        status = await destination.put(name, sealed, writer.publicKey.keyId);
    }
    catch (error) {
        writer.onWriteFailed(error);
        throw new github_secrets_errors/* SecretsError */.o7(clean((0,github_secrets_errors/* describeFailure */.Ic)(error, `write secret ${name}`, destination)), { cause: error });
    }
    if (status !== 201 && status !== 204) {
        throw new github_secrets_errors/* SecretsError */.o7(`GitHub answered HTTP ${status} to writing secret ${name} of ${destination.description}, not 201 (created) or 204 (updated); the secret may not hold ${holds}.`);
    }
    return status === 201 ? 'created' : 'updated';
}

;// CONCATENATED MODULE: ./src/github-secrets/bundle.ts




/** The largest the bundle can get in this run: the longest PSK set (set mode), else LONGEST_GENERATED_PSK each. */
function largestBundleBytes(current, due, pskLength) {
    const placeholders = new Map(due.map((tunnel) => [tunnel.id, 'x'.repeat(pskLength ?? bundle_format/* LONGEST_GENERATED_PSK */.G7)]));
    return Buffer.byteLength((0,bundle_format/* mergeBundle */.nq)(current, placeholders), 'utf8');
}
/**
 * Refuses, before anything rotates, a bundle this run cannot write safely: one that exists while
 * `current-bundle` is empty (its other PSKs would be lost), or one that could outgrow GitHub's cap.
 * Messages name the secret and never quote its value.
 */
function checkBundle(bundle, exists, due, pskLength, description) {
    if (exists && bundle.current === null && due.length > 0) {
        throw new github_secrets_errors/* SecretsError */.o7(`Secret ${bundle.name} exists in ${description}, but current-bundle is empty: writing it would drop the PSKs it holds for other tunnels. ` +
            `Add this line to the step's with: current-bundle: \${{ secrets.${bundle.name} }}`);
    }
    const bytes = largestBundleBytes(bundle.current, due, pskLength);
    if (bytes > bundle_format/* BUNDLE_SIZE_LIMIT_BYTES */.n8) {
        const entries = new Set([...(bundle.current?.keys() ?? []), ...due.map((tunnel) => tunnel.id)]).size;
        const fit = Math.floor(bundle_format/* BUNDLE_SIZE_LIMIT_BYTES */.n8 / Math.ceil(bytes / Math.max(1, entries)));
        throw new github_secrets_errors/* SecretsError */.o7(`Secret ${bundle.name} could reach ${bytes} bytes in this run (counting ${pskLength ?? bundle_format/* LONGEST_GENERATED_PSK */.G7} characters for each new PSK), over GitHub's limit of ${bundle_format/* BUNDLE_SIZE_LIMIT_BYTES */.n8} bytes a secret: about ${fit} of these ${entries} tunnels fit. Split them over several bundles: one per environment (secret-scope: environment), or one per tunnel-names group with a secret-name of its own.`);
    }
}
/**
 * `secret-layout: bundle`: `store` only records each live PSK; `finish` merges them into
 * `current-bundle` and writes the one secret, after every change of the run.
 */
function prepareBundleStore(config, context) {
    const { bundle } = config;
    const { destination, logger } = context;
    try {
        checkBundle(bundle, context.existingNames.has(bundle.name.toUpperCase()), context.due, context.pskLength, destination.description);
    }
    catch (error) {
        throw new github_secrets_errors/* SecretsError */.o7(`${error instanceof Error ? error.message : String(error)} ${github_secrets_errors/* NOTHING_ROTATED */.Uh}`, { cause: error });
    }
    const replaced = context.due.filter((tunnel) => bundle.current?.has(tunnel.id)).length;
    const assumed = context.pskLength === null ? ` (assuming generated PSKs of up to ${bundle_format/* LONGEST_GENERATED_PSK */.G7} characters)` : '';
    logger.info(`GitHub secrets: ${context.validateOnly ? 'would write' : 'writes'} the PSKs of ${context.due.length} tunnel${context.due.length === 1 ? '' : 's'} to secret ${bundle.name} of ${destination.description} once every change of this run is done: ${context.due.length - replaced} added, ${replaced} replaced, ${(bundle.current?.size ?? 0) - replaced} other entries kept; at most ${largestBundleBytes(bundle.current, context.due, context.pskLength)} of ${bundle_format/* BUNDLE_SIZE_LIMIT_BYTES */.n8} bytes${assumed}.`);
    const recorded = new Map();
    let refused = null;
    const writable = () => {
        if (context.validateOnly)
            throw new github_secrets_errors/* SecretsError */.o7('This is a validate-only run: no secret is written.');
        if (refused !== null)
            throw new github_secrets_errors/* SecretsError */.o7(`Not attempted: ${refused}`);
    };
    return {
        secretNameFor: () => bundle.name,
        unavailable: () => refused,
        store: (tunnel, psk) => new Promise((resolve) => {
            writable();
            recorded.set(tunnel.id, psk);
            resolve();
        }),
        async finish() {
            if (recorded.size === 0)
                return;
            writable();
            const value = (0,bundle_format/* mergeBundle */.nq)(bundle.current, recorded);
            const secrets = [value, ...recorded.values(), ...(bundle.current?.values() ?? [])].filter((secret) => secret.length >= 4);
            const clean = (text) => secrets.reduce((result, secret) => result.split(secret).join('***'), context.redact(text));
            const outcome = await writeSecret({
                destination,
                publicKey: context.publicKey,
                seal: (secretValue) => context.seal(secretValue),
                clean,
                onWriteFailed: () => {
                    refused = `GitHub did not take secret ${bundle.name} of ${destination.description}.`;
                },
            }, bundle.name, value, 'the new PSKs');
            logger.info(`Stored the new PSKs of ${recorded.size} tunnel${recorded.size === 1 ? '' : 's'} in ${destination.description}: secret ${bundle.name} (${outcome}).`);
        },
    };
}

;// CONCATENATED MODULE: ./src/github-secrets/destinations.ts



const PER_PAGE = 100;
/** The destination `config` names. */
function destinationFor(octokit, config, logger) {
    if (config.scope === 'organization')
        return new OrganizationDestination(octokit, config.organization, config.visibility);
    if (config.scope === 'environment')
        return new EnvironmentDestination(octokit, config.owner, config.repo, config.environment ?? '', logger);
    return new RepositoryDestination(octokit, config.owner, config.repo);
}
class RepositoryDestination {
    octokit;
    owner;
    repo;
    scope = 'repository';
    description;
    target;
    notFoundAdvice;
    constructor(octokit, owner, repo) {
        this.octokit = octokit;
        this.owner = owner;
        this.repo = repo;
        this.target = `${owner}/${repo}`;
        this.description = `repository ${this.target}`;
        this.notFoundAdvice = `Check the repository input ('${this.target}'), and that github-token was granted access to this repository.`;
    }
    async publicKey() {
        const { data } = await this.octokit.rest.actions.getRepoPublicKey({ owner: this.owner, repo: this.repo });
        return { keyId: data.key_id, key: data.key };
    }
    listSecrets() {
        return this.octokit.paginate(this.octokit.rest.actions.listRepoSecrets, { owner: this.owner, repo: this.repo, per_page: PER_PAGE });
    }
    prepareWrites() {
        return Promise.resolve(new Map());
    }
    async put(name, encryptedValue, keyId) {
        const { status } = await this.octokit.rest.actions.createOrUpdateRepoSecret({
            owner: this.owner,
            repo: this.repo,
            secret_name: name,
            encrypted_value: encryptedValue,
            key_id: keyId,
        });
        return status;
    }
}
/**
 * `/repos/{owner}/{repo}/environments/{environment}/secrets/...`, falling back to the older
 * `/repositories/{id}/environments/...` routes only when the first answers 404 and the second works.
 */
class EnvironmentDestination {
    octokit;
    owner;
    repo;
    environment;
    logger;
    scope = 'environment';
    description;
    target;
    notFoundAdvice;
    /** Set when this server only has the /repositories/{id}/environments/... routes. */
    legacyRepositoryId = null;
    constructor(octokit, owner, repo, environment, logger) {
        this.octokit = octokit;
        this.owner = owner;
        this.repo = repo;
        this.environment = environment;
        this.logger = logger;
        this.target = `${owner}/${repo}`;
        this.description = `environment '${environment}' of ${this.target}`;
        this.notFoundAdvice = `Check that the environment input ('${environment}') names an existing environment of ${this.target} and that github-token was granted access to this repository.`;
    }
    async publicKey() {
        try {
            const { data } = await this.octokit.rest.actions.getEnvironmentPublicKey(this.modern());
            return { keyId: data.key_id, key: data.key };
        }
        catch (error) {
            if ((0,github_secrets_errors/* failureOf */.g5)(error).status !== 404)
                throw error;
        }
        // 404: no such environment, or an older server without the /repos/.../environments routes.
        const { data: repository } = await this.octokit.rest.repos.get({ owner: this.owner, repo: this.repo });
        const response = await this.octokit.request('GET /repositories/{repository_id}/environments/{environment_name}/secrets/public-key', {
            repository_id: repository.id,
            environment_name: this.environment,
        });
        const data = response.data;
        this.legacyRepositoryId = repository.id;
        this.logger.info(`This GitHub server has no /repos/{owner}/{repo}/environments/{environment}/secrets routes; using /repositories/${repository.id}/environments/... instead.`);
        return { keyId: data.key_id, key: data.key };
    }
    async listSecrets() {
        if (this.legacyRepositoryId === null) {
            return this.octokit.paginate(this.octokit.rest.actions.listEnvironmentSecrets, { ...this.modern(), per_page: PER_PAGE });
        }
        const secrets = await this.octokit.paginate('GET /repositories/{repository_id}/environments/{environment_name}/secrets', {
            ...this.legacy(this.legacyRepositoryId),
            per_page: PER_PAGE,
        });
        return secrets;
    }
    prepareWrites() {
        return Promise.resolve(new Map());
    }
    async put(name, encryptedValue, keyId) {
        const body = { secret_name: name, encrypted_value: encryptedValue, key_id: keyId };
        if (this.legacyRepositoryId === null) {
            const { status } = await this.octokit.rest.actions.createOrUpdateEnvironmentSecret({ ...this.modern(), ...body });
            return status;
        }
        const { status } = await this.octokit.request('PUT /repositories/{repository_id}/environments/{environment_name}/secrets/{secret_name}', { ...this.legacy(this.legacyRepositoryId), ...body });
        return status;
    }
    /** Octokit URL-encodes {environment_name} (a space becomes %20, a slash %2F). */
    modern() {
        return { owner: this.owner, repo: this.repo, environment_name: this.environment };
    }
    legacy(repositoryId) {
        return { repository_id: repositoryId, environment_name: this.environment };
    }
}
class OrganizationDestination {
    octokit;
    org;
    newVisibility;
    scope = 'organization';
    description;
    target;
    notFoundAdvice;
    /** What each secret this run writes keeps or gets: its visibility and selected repositories. */
    settings = new Map();
    constructor(octokit, org, 
    /** `secret-visibility`: for the secrets this run creates. */
    newVisibility) {
        this.octokit = octokit;
        this.org = org;
        this.newVisibility = newVisibility;
        this.target = `organization ${org}`;
        this.description = `organization ${org}`;
        this.notFoundAdvice = `Check the organization input ('${org}'; it defaults to the repository owner, and a personal account has no organization secrets) and that github-token belongs to a member allowed to manage its secrets.`;
    }
    async publicKey() {
        const { data } = await this.octokit.rest.actions.getOrgPublicKey({ org: this.org });
        return { keyId: data.key_id, key: data.key };
    }
    listSecrets() {
        return this.octokit.paginate(this.octokit.rest.actions.listOrgSecrets, { org: this.org, per_page: PER_PAGE });
    }
    /**
     * An existing secret keeps who may read it (its visibility, and for `selected` its repositories);
     * a new one gets `secret-visibility`. A visibility GitHub does not report is not guessed.
     */
    async prepareWrites(names, existing) {
        const notes = new Map();
        for (const name of names) {
            const visibility = existing.has(name) ? existing.get(name)?.visibility : this.newVisibility;
            if (visibility === 'all' || visibility === 'private') {
                this.settings.set(name, { visibility });
                notes.set(name, `, visibility ${visibility}`);
            }
            else if (visibility === 'selected') {
                const repositories = await this.octokit.paginate(this.octokit.rest.actions.listSelectedReposForOrgSecret, {
                    org: this.org,
                    secret_name: name,
                    per_page: PER_PAGE,
                });
                const ids = repositories.map((repository) => repository.id);
                this.settings.set(name, { visibility: 'selected', selected_repository_ids: ids });
                notes.set(name, `, keeps its ${ids.length} selected repositor${ids.length === 1 ? 'y' : 'ies'}`);
            }
            else {
                throw new UnknownVisibility(name, this.description, String(visibility));
            }
        }
        return notes;
    }
    async put(name, encryptedValue, keyId) {
        const settings = this.settings.get(name) ?? { visibility: this.newVisibility };
        const { status } = await this.octokit.rest.actions.createOrUpdateOrgSecret({
            org: this.org,
            secret_name: name,
            encrypted_value: encryptedValue,
            key_id: keyId,
            ...settings,
        });
        return status;
    }
}
/** An existing organization secret whose readers GitHub did not report: left alone rather than rewritten with a guess. */
class UnknownVisibility extends errors/* ActionError */.lZ {
    constructor(name, description, visibility) {
        super(`GitHub did not say which repositories may read the existing secret ${name} of ${description} (visibility '${(0,log_text/* outside */.qY)(visibility, 40)}'); it is left alone rather than rewritten with a guess.`);
        this.name = 'UnknownVisibility';
    }
}

// EXTERNAL MODULE: ./src/github-secrets/names.ts
var github_secrets_names = __webpack_require__(9367);
;// CONCATENATED MODULE: ./src/github-secrets/index.ts







/** GitHub's documented caps on Actions secrets. */
const SECRET_LIMITS = { repository: 100, environment: 100, organization: 1000 };
/** A workflow sees at most this many of the organization secrets shared with its repository. */
const VISIBLE_ORGANIZATION_SECRETS = 100;
const REQUEST_TIMEOUT_MS = 30_000;
/**
 * The preflight, before any PSK changes on Cloudflare: secret names are rendered and checked, the
 * destination's public key is fetched (once) and checked, its existing secrets are listed for
 * GitHub's limit, and the destination prepares each write (an organization secret keeps who may
 * read it). Throws an InputError for a bad secret name and an Error naming the missing
 * permission or environment when GitHub refuses.
 */
async function prepareSecretStore(config, context) {
    const { logger } = context;
    const bundle = config.bundle;
    const names = bundle
        ? new Map(context.selected.map((tunnel) => [tunnel.id, bundle.name]))
        : (0,github_secrets_names/* secretNamesFor */.m9)(config.nameTemplate, context.selected);
    const nameOf = (tunnel) => names.get(tunnel.id) ?? (0,github_secrets_names/* renderSecretName */.k6)(config.nameTemplate, tunnel);
    const dueNames = [...new Set(context.due.map(nameOf))];
    const redact = redactor([config.githubToken]);
    const [octokit, { sealSecretValue, checkPublicKey }] = await Promise.all([
        createClient(config.githubToken, context.apiUrl, {
            logger,
            unitMs: context.retryDelayUnitMs ?? 1000,
            timeoutMs: context.requestTimeoutMs ?? REQUEST_TIMEOUT_MS,
            writeGapMs: context.writeGapMs,
        }),
        Promise.all(/* import() */[__webpack_require__.e(442), __webpack_require__.e(119)]).then(__webpack_require__.bind(__webpack_require__, 3119)),
    ]);
    const destination = destinationFor(octokit, config, logger);
    const preflight = async (action, call) => {
        try {
            return await call();
        }
        catch (error) {
            const message = error instanceof UnknownVisibility ? error.message : (0,github_secrets_errors/* describeFailure */.Ic)(error, action, destination);
            throw new github_secrets_errors/* SecretsError */.o7(`${redact(message)} ${github_secrets_errors/* NOTHING_ROTATED */.Uh}`, { cause: error });
        }
    };
    const publicKey = await preflight('read the secrets public key', () => destination.publicKey());
    try {
        checkPublicKey(publicKey.key);
    }
    catch (error) {
        throw new github_secrets_errors/* SecretsError */.o7(`The secrets public key GitHub gave for ${destination.description} cannot be used (${error instanceof Error ? error.message : String(error)}). ${github_secrets_errors/* NOTHING_ROTATED */.Uh}`, { cause: error });
    }
    const existing = await preflight('list the existing secrets', () => destination.listSecrets());
    const existingByName = new Map(existing.map((secret) => [secret.name.toUpperCase(), secret]));
    const created = dueNames.filter((name) => !existingByName.has(name));
    const updated = dueNames.filter((name) => existingByName.has(name));
    checkLimits(config.scope, destination, existing.length, created.length, logger);
    const notes = await preflight('read who may read the existing secrets', () => destination.prepareWrites(dueNames, existingByName));
    if (bundle) {
        return prepareBundleStore({ ...config, bundle }, {
            destination,
            publicKey,
            seal: (value) => sealSecretValue(value, publicKey.key),
            existingNames: new Set(existingByName.keys()),
            due: context.due,
            validateOnly: context.validateOnly,
            pskLength: context.pskLength ?? null,
            logger,
            redact,
        });
    }
    const limit = SECRET_LIMITS[config.scope];
    const verb = context.validateOnly ? 'would write' : 'writes';
    logger.info(`GitHub secrets: ${destination.description} holds ${existing.length} secret${existing.length === 1 ? '' : 's'} (GitHub allows ${limit}); ` +
        (dueNames.length === 0
            ? 'no tunnel is due, so this run writes none.'
            : `this run ${verb} ${dueNames.length}: ${updated.length} update${updated.length === 1 ? '' : 's'}, ${created.length} new.`));
    const plan = dueNames.map((name) => `${name} (${existingByName.has(name) ? 'update' : 'create'}${notes.get(name) ?? ''})`);
    if (plan.length > 0)
        logger.info(`${context.validateOnly ? 'Validate-only: would write' : 'Will write'}: ${plan.join(', ')}.`);
    let refused = null;
    return {
        secretNameFor: nameOf,
        unavailable: () => refused,
        async store(tunnel, psk) {
            const name = nameOf(tunnel);
            const clean = redactor([config.githubToken, psk]);
            if (context.validateOnly)
                throw new github_secrets_errors/* SecretsError */.o7('This is a validate-only run: no secret is written.');
            if (refused !== null)
                throw new github_secrets_errors/* SecretsError */.o7(`Not attempted: ${refused}`);
            const outcome = await writeSecret({
                destination,
                publicKey,
                seal: (value) => sealSecretValue(value, publicKey.key),
                clean,
                // Past its retries, a failed write means the next one would most likely fail too: rotating
                // more tunnels would only make PSKs that are stored nowhere. Only a refusal of this one
                // secret's value (422) leaves the destination usable.
                onWriteFailed: (error) => {
                    const failure = (0,github_secrets_errors/* failureOf */.g5)(error);
                    if (failure.status !== 422)
                        refused ??= refusalOf(failure, destination);
                },
            }, name, psk, 'the PSK');
            logger.info(`Stored the new PSK of tunnel ${(0,log_text/* outside */.qY)(tunnel.name, 100)} in ${destination.description}: secret ${name} (${outcome}).`);
        },
    };
}
function checkLimits(scope, destination, existing, created, logger) {
    const limit = SECRET_LIMITS[scope];
    if (existing + created > limit) {
        throw new github_secrets_errors/* SecretsError */.o7(`Writing ${created} new secret${created === 1 ? '' : 's'} to ${destination.description} would make ${existing + created}, over GitHub's limit of ${limit} secrets per ${scope} (${existing} exist already). Delete unused secrets, select fewer tunnels, or choose another secret-scope. ${github_secrets_errors/* NOTHING_ROTATED */.Uh}`);
    }
    if (scope === 'organization' && existing + created > VISIBLE_ORGANIZATION_SECRETS) {
        logger.warning(`${destination.description} will hold ${existing + created} secrets. A workflow can read only the first ${VISIBLE_ORGANIZATION_SECRETS} organization secrets visible to its repository (in alphabetical order): share each secret only with the repositories that need it, or split the tunnels over repository or environment secrets.`);
    }
}
/** Why no further secret can be written after `failure`, for every tunnel not yet rotated. */
function refusalOf(failure, destination) {
    if (failure.status === 429 || (0,github_secrets_errors/* isRateLimit */.a5)(failure)) {
        return `GitHub kept rate-limiting secret writes to ${destination.description} (HTTP ${failure.status}); re-run later to rotate the rest.`;
    }
    if (failure.status === 401 || failure.status === 403 || failure.status === 404) {
        return `GitHub refused an earlier write to ${destination.description} (HTTP ${failure.status}).`;
    }
    if (!failure.answered)
        return `GitHub did not answer an earlier write to ${destination.description}; re-run later to rotate the rest.`;
    return `GitHub failed an earlier write to ${destination.description} (HTTP ${failure.status ?? 'unknown'}); re-run later to rotate the rest.`;
}
function redactor(secrets) {
    const present = secrets.filter((secret) => secret.length >= 4);
    return (text) => present.reduce((result, secret) => result.split(secret).join('***'), text);
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./src/inputs.ts + 2 modules
var inputs = __webpack_require__(9027);
;// CONCATENATED MODULE: ./src/psk.ts


const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
// The largest multiple of 62 that fits in a byte: bytes at or above it are dropped, so every
// character is equally likely (no modulo bias).
const UNBIASED_LIMIT = 256 - (256 % ALPHABET.length);
/** A PSK of `length` characters drawn uniformly from A-Z, a-z, 0-9 with the OS CSPRNG (~5.95 bits each). */
function generatePsk(length, random = external_node_crypto_.randomBytes) {
    let psk = '';
    while (psk.length < length) {
        for (const byte of random(length * 2)) {
            if (byte >= UNBIASED_LIMIT)
                continue;
            psk += ALPHABET[byte % ALPHABET.length];
            if (psk.length === length)
                break;
        }
    }
    return psk;
}
/**
 * Set mode: the user's PSK where `psks` gives one, a fresh generated one otherwise. Each generated
 * PSK is masked the moment it exists.
 */
function assignPsks(tunnels, explicit, length, mask) {
    const psks = new Map();
    for (const tunnel of tunnels) {
        let psk = explicit.get(tunnel.id);
        if (psk === undefined) {
            psk = generatePsk(length);
            mask(psk);
        }
        psks.set(tunnel.id, psk);
    }
    return psks;
}
/**
 * Every key of `psks` must name a selected tunnel, or a typo would leave a chosen PSK unused. The
 * error names entries by position only: a key may be a PSK pasted where the tunnel ID belongs.
 */
function checkExplicitPsksSelected(explicit, selected) {
    const selectedIds = new Set(selected.map((tunnel) => tunnel.id));
    const strays = [...explicit.keys()].flatMap((id, index) => (selectedIds.has(id) ? [] : [index + 1]));
    if (strays.length > 0) {
        throw new inputs/* InputError */.dz('psks', `${strays.length === 1 ? 'entry' : 'entries'} ${strays.join(', ')} ${strays.length === 1 ? 'names a tunnel ID that is' : 'name tunnel IDs that are'} not among the selected tunnels: check that each key is a selected tunnel's ID and each value its PSK.`);
    }
}

// EXTERNAL MODULE: ./src/report.ts
var report = __webpack_require__(665);
// EXTERNAL MODULE: ./src/durations.ts
var durations = __webpack_require__(5534);
// EXTERNAL MODULE: ./src/routers.ts
var src_routers = __webpack_require__(4673);
;// CONCATENATED MODULE: ./src/rollout.ts



/**
 * Which of the selected tunnels rotate in this run. A rotation is a cutover (Cloudflare keeps no
 * second key), so the oldest PSKs go first, one tunnel per router at a time (see `routerClaims`
 * for what puts tunnels on one router), then at most `maxTunnels` in all. A tunnel that two
 * `routers` entries claim stops the run here, before anything changes.
 */
function planRollout(selected, settings) {
    const claims = (0,src_routers/* routerClaims */.j3)(selected, settings.routerRules);
    const routers = (0,src_routers/* groupByClaim */.t9)(selected, claims);
    const skipped = new Map();
    const candidates = [];
    for (const tunnel of selected) {
        if (settings.explicit.has(tunnel.id) || isDue(tunnel, settings.maxAgeMs, settings.now))
            candidates.push(tunnel);
        else
            skipped.set(tunnel.id, `PSK is ${(0,durations/* formatAge */.nV)(tunnel.lastGeneratedOn, settings.now)} old, younger than max-age ${(0,durations/* formatDuration */.a3)(settings.maxAgeMs ?? 0)}`);
    }
    candidates.sort(oldestPskFirst);
    const firstOfRouter = new Map();
    const partners = [];
    const staggered = [];
    for (const tunnel of candidates) {
        const router = settings.stagger === 'customer-endpoint' ? (claims.get(tunnel.id)?.key ?? null) : null;
        const first = router ? firstOfRouter.get(router) : undefined;
        if (first) {
            partners.push([tunnel, first]);
            continue;
        }
        if (router)
            firstOfRouter.set(router, tunnel);
        staggered.push(tunnel);
    }
    const cap = settings.maxTunnels ?? staggered.length;
    const rotate = staggered.slice(0, cap);
    const deferred = new Map();
    for (const tunnel of staggered.slice(cap))
        deferred.set(tunnel.id, `max-tunnels ${cap} reached; its PSK is among the newer due ones`);
    const rotating = new Set(rotate.map((tunnel) => tunnel.id));
    for (const [tunnel, first] of partners) {
        const router = describeRouter(claims.get(tunnel.id));
        deferred.set(tunnel.id, rotating.has(first.id)
            ? `tunnel ${(0,log_text/* outside */.qY)(first.name, 100)} of the same router (${router}) rotates in this run`
            : `tunnel ${(0,log_text/* outside */.qY)(first.name, 100)} of the same router (${router}) goes first`);
    }
    return { rotate, skipped, deferred, routers, claims, warnings: loneTunnelWarnings(rotate, routers, claims) };
}
/** At most this many tunnels are named in one warning; the rest are counted. */
const NAMED_IN_ONE_WARNING = 50;
/**
 * A tunnel that rotates with no other selected tunnel on its router takes its site down until the
 * router takes the new key. Tunnels without a `customer_endpoint` or a name rule get their own
 * warning: their router is unknown, so a partner may exist that the rollout cannot see.
 */
function loneTunnelWarnings(rotate, routers, claims) {
    const unplaced = rotate.filter((tunnel) => claims.get(tunnel.id)?.by === 'own');
    const alone = rotate.filter((tunnel) => {
        const claim = claims.get(tunnel.id);
        return claim !== undefined && claim.by !== 'own' && routers.get(claim.key)?.length === 1;
    });
    const warnings = [];
    if (alone.length > 0) {
        warnings.push(`${countOf(alone, 'tunnel rotates', 'tunnels rotate')} with no partner on ${alone.length === 1 ? 'its' : 'their'} router among the selected tunnels: ` +
            `${namesOf(alone, (tunnel) => ` (${describeRouter(claims.get(tunnel.id))})`)}. ` +
            `Each site is down from its rotation until its router takes the new key.`);
    }
    if (unplaced.length > 0) {
        warnings.push(`${countOf(unplaced, 'tunnel has', 'tunnels have')} no customer_endpoint and no match in routers or router-pattern, so each is a router of its own and rotates with no partner: ` +
            `${namesOf(unplaced)}. Each site is down from its rotation until its router takes the new key; name the tunnels of one router in routers or router-pattern.`);
    }
    return warnings;
}
const countOf = (tunnels, one, many) => `${tunnels.length} ${tunnels.length === 1 ? one : many}`;
function namesOf(tunnels, detail = () => '') {
    const shown = tunnels.slice(0, NAMED_IN_ONE_WARNING).map((tunnel) => `${(0,log_text/* outside */.qY)(tunnel.name, 100)}${detail(tunnel)}`);
    return tunnels.length > NAMED_IN_ONE_WARNING ? `${shown.join(', ')} and ${tunnels.length - NAMED_IN_ONE_WARNING} more` : shown.join(', ');
}
/** "customer_endpoint 2001:db8::1", "router berlin from routers", "router berlin from router-pattern". */
function describeRouter(claim) {
    if (!claim || claim.by === 'own')
        return 'no customer_endpoint';
    if (claim.by === 'customer_endpoint')
        return `customer_endpoint ${(0,log_text/* outside */.qY)(claim.key, 64)}`;
    return `router ${(0,log_text/* outside */.qY)(claim.key, 64)} from ${claim.by}`;
}
/**
 * The plan router by router (every router and its tunnels, and what each does in this run: in which
 * wave, for a rolling rotation), then the warnings.
 */
function logRouterPlan(logger, plan, waves = null) {
    const rotating = new Set(plan.rotate.map((tunnel) => tunnel.id));
    const waveOf = new Map((waves ?? []).flatMap((wave, index) => wave.map((tunnel) => [tunnel.id, index + 1])));
    const doing = (tunnel) => waveOf.has(tunnel.id)
        ? `rotates in wave ${waveOf.get(tunnel.id)}`
        : rotating.has(tunnel.id)
            ? 'rotates'
            : plan.deferred.has(tunnel.id)
                ? 'deferred'
                : 'skipped';
    logger.info(`${plan.routers.size} router${plan.routers.size === 1 ? '' : 's'}:`);
    for (const [key, tunnels] of plan.routers) {
        const by = plan.claims.get(tunnels[0]?.id ?? '')?.by ?? 'own';
        const list = tunnels.map((tunnel) => `${(0,log_text/* outside */.qY)(tunnel.name, 100)} ${doing(tunnel)}`).join(', ');
        logger.info(`  ${(0,log_text/* outside */.qY)(key, 64)} (${by === 'own' ? 'no customer_endpoint or router rule' : `by ${by}`}): ${list}`);
    }
    for (const warning of plan.warnings)
        logger.warning(warning);
}
/** A tunnel whose PSK is older than `maxAgeMs`, or whose PSK age is unknown, is due for rotation. */
function isDue(tunnel, maxAgeMs, now) {
    if (maxAgeMs === null || tunnel.lastGeneratedOn === null)
        return true;
    const generated = Date.parse(tunnel.lastGeneratedOn);
    return Number.isNaN(generated) || now - generated >= maxAgeMs;
}
/** Tunnels without a known PSK age first, then by that time ascending, ties by name. */
function oldestPskFirst(a, b) {
    const at = generatedAt(a);
    const bt = generatedAt(b);
    if (at !== bt)
        return at - bt;
    return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}
function generatedAt(tunnel) {
    const time = tunnel.lastGeneratedOn === null ? Number.NaN : Date.parse(tunnel.lastGeneratedOn);
    return Number.isNaN(time) ? Number.NEGATIVE_INFINITY : time;
}

// EXTERNAL MODULE: ./src/rotation.ts + 1 modules
var rotation = __webpack_require__(3063);
// EXTERNAL MODULE: ./src/selection.ts
var selection = __webpack_require__(1973);
;// CONCATENATED MODULE: ./src/waves.ts
/**
 * The waves of a rolling rotation: wave k holds the k-th due tunnel of every router, in the
 * order given (oldest PSK first), so no router has two tunnels cut over at once. With `stagger:
 * none` every due tunnel is in the one wave.
 */
function planWaves(due, claims, staggered) {
    if (!staggered)
        return due.length > 0 ? [[...due]] : [];
    const waves = [];
    const placed = new Map();
    for (const tunnel of due) {
        const router = claims.get(tunnel.id)?.key ?? `tunnel-${tunnel.id}`;
        const index = placed.get(router) ?? 0;
        placed.set(router, index + 1);
        const wave = (waves[index] ??= []);
        wave.push(tunnel);
    }
    return waves;
}

;// CONCATENATED MODULE: ./src/modes/rotate.ts










/**
 * List, select, plan, and check every destination before anything changes on Cloudflare: a
 * destination that cannot take the new PSKs must stop the run while every old PSK is still live.
 * A rolling rotation plans every due tunnel of the run, in waves of one tunnel a router.
 */
async function prepareRotation(config, { cloudflare, core, maskPsk, livePsks, names }, rolling) {
    const tunnels = await cloudflare.listTunnels();
    const selected = (0,selection/* selectTunnels */.Ci)(tunnels, config.selector);
    const explicitPsks = config.mode === 'set' ? config.explicitPsks : new Map();
    checkExplicitPsksSelected(explicitPsks, selected);
    const plan = planRollout(selected, {
        explicit: new Set(explicitPsks.keys()),
        maxAgeMs: config.maxAgeMs,
        maxTunnels: config.maxTunnels,
        stagger: rolling ? 'none' : config.stagger,
        routerRules: config.routerRules,
        now: Date.now(),
    });
    const waves = rolling ? planWaves(plan.rotate, plan.claims, config.stagger === 'customer-endpoint') : null;
    const due = plan.rotate;
    const inWaves = waves ? ` in ${waves.length} wave${waves.length === 1 ? '' : 's'} (one tunnel a router a wave, oldest PSK first)` : '';
    core.info(`Selected ${selected.length} of the account's ${tunnels.length} IPsec tunnels; ${due.length} rotate in this run${inWaves}` +
        `${plan.skipped.size > 0 ? `, ${plan.skipped.size} skipped (PSK younger than max-age)` : ''}` +
        `${plan.deferred.size > 0 ? `, ${plan.deferred.size} deferred to a later run (${waves ? '' : 'one tunnel per router at a time, oldest PSK first'}${config.maxTunnels === null ? '' : `${waves ? '' : ', '}at most ${config.maxTunnels}`})` : ''}.` +
        `${config.validateOnly ? ' Validate-only: nothing will change.' : ''}`);
    logRouterPlan(core, plan, waves);
    const tooLarge = (0,report/* outputsTooLargeForEnv */.Mi)(selected, due, config.mode === 'set' ? config.pskLength : bundle_format/* LONGEST_GENERATED_PSK */.G7);
    if (tooLarge)
        core.warning(tooLarge);
    const store = config.secrets
        ? await prepareSecretStore(config.secrets, {
            selected,
            due,
            validateOnly: config.validateOnly,
            logger: core,
            pskLength: config.mode === 'set' ? Math.max(config.pskLength, ...[...explicitPsks.values()].map((psk) => psk.length)) : null,
        })
        : undefined;
    const options = { validateOnly: config.validateOnly, concurrency: config.concurrency, logger: core, store, livePsks };
    for (const tunnel of due)
        names.set(tunnel.id, tunnel.name);
    // A bug thrown from here ends the session, which hands over every PSK that may be live.
    const rotate = async (batch) => {
        const rotated = config.mode === 'generate'
            ? await (0,rotation/* rotateByGenerating */.fC)(cloudflare, batch, options)
            : await (0,rotation/* rotateBySetting */.f5)(cloudflare, batch, assignPsks(batch, config.explicitPsks, config.pskLength, maskPsk), options);
        return finishStore(store, rotated, config.validateOnly, livePsks);
    };
    return { selected, plan, waves, rotate };
}
/** Rotation (generate and set mode) in one wave: list, select, plan, preflight, rotate, store, report. */
async function rotateMode(config, context) {
    const { livePsks, cancellation } = context;
    const { selected, plan, rotate } = await prepareRotation(config, context, false);
    const due = plan.rotate;
    const rotated = await rotate(due);
    const byId = new Map(rotated.map((result) => [result.id, result]));
    const results = selected.map((tunnel) => byId.get(tunnel.id) ??
        (plan.deferred.has(tunnel.id)
            ? (0,rotation/* deferredResult */.bK)(tunnel, plan.deferred.get(tunnel.id) ?? '')
            : (0,rotation/* skippedResult */.ky)(tunnel, plan.skipped.get(tunnel.id) ?? '')));
    for (const result of results)
        result.routerKey = plan.claims.get(result.id)?.key ?? null;
    return {
        kind: 'rotation',
        results,
        livePsks,
        writeSummary: (summary) => (0,report/* writeSummary */.Sy)(summary, (0,report/* summarySettings */.Kj)(config), results, Date.now(), plan.warnings),
        ...rotationEnding(results, due.length, livePsks, cancellation.signal),
    };
}
/** The closing lines and the failure of a rotation: the tally, each failed tunnel, and what to do about unsaved PSKs. */
function rotationEnding(results, attempted, livePsks, cancelledBy) {
    const counts = (0,report/* countStatuses */.ip)(results);
    const closing = [
        {
            level: 'info',
            text: `Done: ${counts.rotated} rotated, ${counts.validated} validated, ${counts.skipped} skipped, ${counts.deferred} deferred, ${counts.failed} failed.`,
        },
    ];
    if (counts.deferred > 0)
        closing.push({ level: 'info', text: (0,report/* describeDeferred */.lL)(results) });
    const failed = results.filter((result) => result.status === 'failed');
    for (const result of failed) {
        closing.push({ level: 'error', text: `Tunnel ${(0,log_text/* outside */.qY)(result.name, 100)} (${result.id}): ${(0,log_text/* bounded */.Mm)(result.error ?? '')}` });
    }
    if (failed.length === 0) {
        return {
            closing,
            failure: cancelledBy
                ? `Cancelled by ${cancelledBy}, after every request had its answer; the PSKs that went live are in this step's psks output (masked).`
                : null,
        };
    }
    const onlyInOutput = new Set(livePsks.onlyInOutput());
    const unsaved = failed.filter((result) => onlyInOutput.has(result.id)).map((result) => result.name);
    return {
        closing,
        failure: `${cancelledBy ? `Cancelled by ${cancelledBy}. ` : ''}${failed.length} of ${attempted} tunnel${attempted === 1 ? '' : 's'} failed: ${(0,log_text/* nameList */.OD)(failed.map((result) => result.name))}.` +
            (unsaved.length > 0
                ? ` The live PSKs of ${(0,log_text/* nameList */.OD)(unsaved)} are stored nowhere but this step's psks output (masked): save them in an 'if: failure()' step.`
                : ''),
    };
}
/**
 * A store that writes once (one secret for the run), after each wave of rotations: if that write
 * fails, every tunnel of the wave it was to hold fails.
 */
async function finishStore(store, results, validateOnly, livePsks) {
    if (!store?.finish || validateOnly)
        return results;
    try {
        await store.finish();
        for (const result of results)
            if (result.status === 'rotated')
                livePsks.storedEverywhere(result.id);
        return results;
    }
    catch (error) {
        const why = `The new PSK is live on Cloudflare but was not stored: ${(0,errors/* describeError */.Uc)(error)} It is in this step's psks output (masked).`;
        return results.map((result) => (result.status === 'rotated' ? { ...result, status: 'failed', secretName: null, error: why } : result));
    }
}


/***/ }),

/***/ 9419:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Nr: () => (/* binding */ MAX_PACING_WAIT_MS),
/* harmony export */   TK: () => (/* binding */ headerText),
/* harmony export */   he: () => (/* binding */ RateLimitPacer),
/* harmony export */   mu: () => (/* binding */ parseRetryAfter)
/* harmony export */ });
/* unused harmony export parseRateLimit */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);
/* harmony import */ var _logger_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6999);


/**
 * Reads the budget a server announces: the structured `Ratelimit: "default";r=50;t=30` header
 * Cloudflare sends, or the older `RateLimit-Remaining` / `RateLimit-Reset` pair.
 */
function parseRateLimit(headers) {
    const structured = headerText(headers['ratelimit']);
    if (structured) {
        const remaining = /(?:^|;)\s*r=(\d+)/.exec(structured);
        const reset = /(?:^|;)\s*t=(\d+)/.exec(structured);
        if (remaining && reset)
            return { remaining: Number(remaining[1]), resetInMs: secondsToMs(reset[1]) };
    }
    const remaining = headerText(headers['ratelimit-remaining']);
    const reset = headerText(headers['ratelimit-reset']);
    if (remaining && reset && /^\d+$/.test(remaining) && /^\d+$/.test(reset)) {
        return { remaining: Number(remaining), resetInMs: secondsToMs(reset) };
    }
    return null;
}
/** Announced seconds in milliseconds, held to a finite number however many digits they have. */
function secondsToMs(seconds) {
    return Math.min(Number(seconds) * 1000, Number.MAX_SAFE_INTEGER);
}
/** `Retry-After` as seconds or an HTTP date, in milliseconds from now. */
function parseRetryAfter(value, now = Date.now()) {
    const text = headerText(value);
    if (!text)
        return null;
    if (/^\d+(\.\d+)?$/.test(text))
        return Math.ceil(Number(text) * 1000);
    const date = Date.parse(text);
    return Number.isNaN(date) ? null : Math.max(0, date - now);
}
function headerText(value) {
    return (Array.isArray(value) ? value.join(', ') : (value ?? '')).trim();
}
const NEW_WINDOW_TOLERANCE_MS = 1500;
/** Cloudflare blocks a user for five minutes once its budget is exceeded; a longer pause is not waited out. */
const MAX_PACING_WAIT_MS = 330_000;
/** The announced budget resets later than this run is willing to wait. */
class RateLimitWaitTooLong extends _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ActionError */ .lZ {
    constructor(service, waitMs) {
        super(`${service} rate limit: the request budget is used up and resets in ${(0,_logger_js__WEBPACK_IMPORTED_MODULE_1__/* .formatSeconds */ .X)(waitMs)}, longer than the ${(0,_logger_js__WEBPACK_IMPORTED_MODULE_1__/* .formatSeconds */ .X)(MAX_PACING_WAIT_MS)} this action waits; not sent. Re-run once the budget has reset.`);
        this.name = 'RateLimitWaitTooLong';
    }
}
const RESET_MARGIN_MS = 250;
/**
 * Keeps requests inside the budget the server announces, so a long run slows down before the
 * budget runs out instead of running into 429s (which on Cloudflare block the whole user).
 * Without announced headers it lets everything through; concurrency and Retry-After still apply.
 */
class RateLimitPacer {
    service;
    logger;
    wait;
    now;
    remaining = null;
    resetAt = 0;
    inFlight = 0;
    pause = null;
    constructor(service, logger, wait, now = Date.now) {
        this.service = service;
        this.logger = logger;
        this.wait = wait;
        this.now = now;
    }
    async acquire() {
        for (;;) {
            const now = this.now();
            if (this.remaining !== null && now >= this.resetAt)
                this.remaining = null;
            if (this.remaining === null || this.remaining > 0) {
                if (this.remaining !== null)
                    this.remaining--;
                this.inFlight++;
                return;
            }
            const waitMs = this.resetAt - now + RESET_MARGIN_MS;
            if (waitMs > MAX_PACING_WAIT_MS)
                throw new RateLimitWaitTooLong(this.service, waitMs);
            this.pause ??= this.pauseUntilReset(waitMs);
            await this.pause;
        }
    }
    /**
     * The budget counts down locally as requests go out; each answer can only lower it, since the
     * server's figure does not yet include the requests still in flight.
     */
    release(headers) {
        this.inFlight = Math.max(0, this.inFlight - 1);
        const state = headers && parseRateLimit(headers);
        if (!state)
            return;
        const now = this.now();
        const resetAt = now + state.resetInMs;
        const announced = Math.max(0, state.remaining - this.inFlight);
        // A new window only once the current one is (nearly) over: a late answer from the current
        // window would otherwise look like a new one and raise the budget.
        const newWindow = now >= this.resetAt - NEW_WINDOW_TOLERANCE_MS && resetAt > this.resetAt + NEW_WINDOW_TOLERANCE_MS;
        if (this.remaining === null || newWindow) {
            this.remaining = announced;
            this.resetAt = resetAt;
        }
        else if (resetAt >= this.resetAt - NEW_WINDOW_TOLERANCE_MS) {
            this.remaining = Math.min(this.remaining, announced);
        }
    }
    /** After a 429, every request waits as long as the one that was refused. */
    holdFor(ms) {
        this.remaining = 0;
        this.resetAt = Math.max(this.resetAt, this.now() + ms);
    }
    async pauseUntilReset(ms) {
        this.logger.info(`${this.service} rate limit: the request budget for this window is used up; pausing for ${(0,_logger_js__WEBPACK_IMPORTED_MODULE_1__/* .formatSeconds */ .X)(ms)} until it resets.`);
        await this.wait(ms);
        this.pause = null;
    }
}


/***/ }),

/***/ 665:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Kj: () => (/* binding */ summarySettings),
/* harmony export */   Kn: () => (/* binding */ writeOutputs),
/* harmony export */   Mi: () => (/* binding */ outputsTooLargeForEnv),
/* harmony export */   Sy: () => (/* binding */ writeSummary),
/* harmony export */   Vy: () => (/* binding */ handOverPsks),
/* harmony export */   ZD: () => (/* binding */ escapeHtml),
/* harmony export */   ip: () => (/* binding */ countStatuses),
/* harmony export */   kR: () => (/* binding */ toPublicResult),
/* harmony export */   lL: () => (/* binding */ describeDeferred)
/* harmony export */ });
/* harmony import */ var _handover_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4228);
/* harmony import */ var _durations_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(5534);
/* harmony import */ var _log_text_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3529);
/* harmony import */ var _routers_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4673);
/* harmony import */ var _redaction_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(1066);
/* harmony import */ var _rotation_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(3063);






const STATUSES = [
    'rotated',
    'validated',
    'skipped',
    'deferred',
    'failed',
    'healthy',
    'up',
    'degraded',
    'down',
    'no-data',
    'unverifiable',
];
function countStatuses(results) {
    const counts = Object.fromEntries(STATUSES.map((status) => [status, 0]));
    for (const result of results)
        counts[result.status]++;
    return counts;
}
const COUNT_OUTPUTS = {
    rotation: [
        ['rotated', 'rotated-count'],
        ['validated', 'validated-count'],
        ['skipped', 'skipped-count'],
        ['deferred', 'deferred-count'],
        ['failed', 'failed-count'],
    ],
    verify: [
        ['healthy', 'healthy-count'],
        ['up', 'up-count'],
        ['degraded', 'degraded-count'],
        ['down', 'down-count'],
        ['no-data', 'no-data-count'],
    ],
};
/**
 * The step's outputs, and the same as files for steps that cannot take them through `env`.
 * `results` never holds a PSK; `psks` holds every PSK that is or may be live (all masked already).
 * The outputs are set before any file is written: a file that cannot be written loses nothing.
 */
function writeOutputs(sink, results, livePsks, kind = 'rotation', files = new _handover_js__WEBPACK_IMPORTED_MODULE_0__/* .HandoverFiles */ .PT()) {
    const counts = countStatuses(results);
    const publicResults = results.map(toPublicResult);
    const resultsJson = JSON.stringify(publicResults);
    const psksJson = livePsks.toJSON();
    sink.setOutput('results', resultsJson);
    sink.setOutput('psks', psksJson);
    for (const [status, output] of COUNT_OUTPUTS[kind])
        sink.setOutput(output, String(counts[status]));
    sink.setOutput('psks-file', files.write('psks.json', psksJson));
    sink.setOutput('results-file', files.write('results.json', resultsJson));
    const routers = (0,_handover_js__WEBPACK_IMPORTED_MODULE_0__/* .writeRouterFiles */ .Un)(files, publicResults, livePsks.toRecord(), handoverRouterOf);
    sink.setOutput('routers-file', files.write('routers.json', JSON.stringify(routers)));
}
/** What a run that stops early (a cancel, a bug) still hands over: every PSK that is or may be live. */
function handOverPsks(sink, livePsks, files = new _handover_js__WEBPACK_IMPORTED_MODULE_0__/* .HandoverFiles */ .PT()) {
    sink.setOutput('psks', livePsks.toJSON());
    sink.setOutput('psks-file', files.write('psks.json', livePsks.toJSON()));
}
/**
 * Outputs this plan could make too large to pass through `env:` to a later step (Linux's limit on
 * one environment variable), said before anything rotates; null when they fit.
 */
function outputsTooLargeForEnv(selected, due, pskLength) {
    // Each result as it would be written, with room for an error message of typical length.
    const resultsBytes = selected.reduce((bytes, tunnel) => bytes + Buffer.byteLength(JSON.stringify(toPublicResult((0,_rotation_js__WEBPACK_IMPORTED_MODULE_4__/* .resultFor */ .T2)(tunnel, 'rotated')))) + 60, 2);
    const psksBytes = due.length * (32 + pskLength + 6) + 2;
    const tooLarge = [
        resultsBytes > _handover_js__WEBPACK_IMPORTED_MODULE_0__/* .ENV_VALUE_LIMIT_BYTES */ .I4 ? `results output (about ${Math.ceil(resultsBytes / 1024)} KiB)` : null,
        psksBytes > _handover_js__WEBPACK_IMPORTED_MODULE_0__/* .ENV_VALUE_LIMIT_BYTES */ .I4 ? `psks output (about ${Math.ceil(psksBytes / 1024)} KiB)` : null,
    ].filter(Boolean);
    if (tooLarge.length === 0)
        return null;
    return `The ${tooLarge.join(' and the ')} ${tooLarge.length === 1 ? 'is' : 'are'} larger than the ${_handover_js__WEBPACK_IMPORTED_MODULE_0__/* .ENV_VALUE_LIMIT_BYTES */ .I4 / 1024} KiB Linux allows one environment variable: a later step given ${tooLarge.length === 1 ? 'it' : 'them'} through env: cannot start. Pass the results-file, psks-file or routers-file output instead.`;
}
/**
 * The router a result's tunnel ends on, as the per-router hand-over names it: the rollout's router
 * key; without one (`mode: verify`), the router the endpoint alone gives.
 */
function handoverRouterOf(result) {
    return result.router ?? (0,_routers_js__WEBPACK_IMPORTED_MODULE_2__/* .canonicalEndpoint */ .oH)(result.customer_endpoint) ?? `tunnel-${result.id}`;
}
/** A result as the `results` output shows it: snake_case, every outside text bounded and credential-free. */
function toPublicResult(result) {
    return {
        id: result.id,
        name: result.name,
        status: result.status,
        last_generated_on: result.lastGeneratedOn,
        ipsec_id: result.ipsecId,
        customer_endpoint: result.router.customerEndpoint,
        cloudflare_endpoint: result.router.cloudflareEndpoint,
        interface_address: result.router.interfaceAddress,
        fqdn_id: result.router.fqdnId,
        router: result.routerKey,
        secret_name: result.secretName,
        error: result.error === null ? null : (0,_log_text_js__WEBPACK_IMPORTED_MODULE_1__/* .bounded */ .Mm)((0,_redaction_js__WEBPACK_IMPORTED_MODULE_3__/* .redact */ .E$)(result.error)),
        reason: result.reason === null ? null : (0,_log_text_js__WEBPACK_IMPORTED_MODULE_1__/* .bounded */ .Mm)((0,_redaction_js__WEBPACK_IMPORTED_MODULE_3__/* .redact */ .E$)(result.reason)),
        wave: result.wave,
        verdict: result.verdict,
    };
}
const STATUS_LABELS = {
    rotated: '✅ rotated',
    validated: '☑️ validated',
    skipped: '⏭️ skipped',
    deferred: '⏸️ deferred',
    healthy: '✅ healthy',
    up: '🟢 up',
    degraded: '⚠️ degraded',
    down: '❌ down',
    'no-data': '❔ no data',
    unverifiable: '➖ unverifiable',
    failed: '❌ failed',
};
function summarySettings(config) {
    if (config.mode === 'verify') {
        return {
            mode: config.mode,
            validateOnly: false,
            maxAgeMs: null,
            maxTunnels: null,
            stagger: 'none',
            verifyTimeoutMs: config.verifyTimeoutMs,
        };
    }
    const { mode, validateOnly, maxAgeMs, maxTunnels, stagger } = config;
    return { mode, validateOnly, maxAgeMs, maxTunnels, stagger, verifyTimeoutMs: config.rolling?.verifyTimeoutMs ?? 0 };
}
async function writeSummary(summary, config, results, now = Date.now(), 
/** The rollout plan's warnings (tunnels rotating with no partner on their router). */
warnings = [], 
/** What goes between the warnings and the tunnel table (a rolling rotation's table by router). */
before = () => { }) {
    const counts = countStatuses(results);
    const showSecrets = results.some((result) => result.secretName !== null);
    const header = ['Tunnel', 'ID', 'Status', 'PSK age before', 'PSK age after', ...(showSecrets ? ['Secret'] : []), 'Details'];
    const row = (result) => [
        escapeHtml((0,_log_text_js__WEBPACK_IMPORTED_MODULE_1__/* .outside */ .qY)(result.name, 100)),
        `<code>${result.id}</code>`,
        STATUS_LABELS[result.status],
        (0,_durations_js__WEBPACK_IMPORTED_MODULE_5__/* .formatAge */ .nV)(result.previousGeneratedOn, now),
        (0,_durations_js__WEBPACK_IMPORTED_MODULE_5__/* .formatAge */ .nV)(result.lastGeneratedOn, now),
        ...(showSecrets ? [result.secretName ? `<code>${escapeHtml(result.secretName)}</code>` : ' '] : []),
        // An empty cell would come out as an unclosed <td> from core.summary.
        escapeHtml((0,_log_text_js__WEBPACK_IMPORTED_MODULE_1__/* .outside */ .qY)(result.error ?? result.reason ?? '', MAX_ERROR_CELL)) || ' ',
    ];
    const { listed, unlisted } = withinBudget(results, row);
    const tally = Object.keys(counts)
        .filter((status) => counts[status] > 0)
        .map((status) => `${counts[status]} ${status}`)
        .join(', ');
    const verify = config.mode === 'verify';
    const settings = [
        `mode <code>${config.mode}</code>`,
        config.validateOnly ? 'validate-only: nothing was changed' : null,
        config.maxAgeMs === null ? null : `max-age ${(0,_durations_js__WEBPACK_IMPORTED_MODULE_5__/* .formatDuration */ .a3)(config.maxAgeMs)}`,
        config.maxTunnels === null ? null : `max-tunnels ${config.maxTunnels}`,
        verify ? `verify-timeout ${(0,_durations_js__WEBPACK_IMPORTED_MODULE_5__/* .formatWait */ .Du)(config.verifyTimeoutMs)}` : `stagger <code>${config.stagger}</code>`,
    ].filter(Boolean);
    summary
        .addHeading(verify ? 'IPsec tunnel health after rotation' : 'IPsec tunnel PSK rotation', 2)
        .addRaw(`<p>${results.length} tunnel${results.length === 1 ? '' : 's'} selected: ${tally || 'none'}. ${settings.join(' · ')}</p>`, true);
    for (const warning of warnings)
        summary.addRaw(`<p>⚠️ ${escapeHtml(warning)}</p>`, true);
    before(summary);
    summary.addTable([header.map((data) => ({ data, header: true })), ...listed]);
    if (counts.deferred > 0)
        summary.addRaw(`<p>${escapeHtml(describeDeferred(results))}</p>`, true);
    if (unlisted)
        summary.addRaw(`<p>${unlisted} Every tunnel is in the step's <code>results</code> output.</p>`, true);
    await summary.write();
}
/** "3 deferred (2 wait for the other tunnel of their router, 1 past max-tunnels): ..." for the log and the summary. */
function describeDeferred(results) {
    const deferred = results.filter((result) => result.status === 'deferred');
    const byRouter = deferred.filter((result) => result.reason?.includes('of the same router')).length;
    const byCap = deferred.filter((result) => result.reason?.startsWith('max-tunnels')).length;
    const byStop = deferred.length - byRouter - byCap;
    const parts = [
        byRouter > 0 ? `${byRouter} wait${byRouter === 1 ? 's' : ''} for the other tunnel of ${byRouter === 1 ? 'its' : 'their'} router` : null,
        byCap > 0 ? `${byCap} past max-tunnels` : null,
        byStop > 0 ? `${byStop} on a router that stopped, or not reached before the run ended` : null,
    ].filter(Boolean);
    return `${deferred.length} deferred (${parts.join(', ')}): they keep their PSK until a later run, oldest PSK first.`;
}
/** The runner refuses a step summary over 128 KiB; the table stays well inside it at any fleet size. */
const SUMMARY_TABLE_BUDGET_BYTES = 96 * 1024;
const MAX_ERROR_CELL = 600;
/** The order in which tunnels claim room in the table: what needs attention first. */
const LISTING_PRIORITY = [
    'failed',
    'down',
    'no-data',
    'degraded',
    'rotated',
    'validated',
    'deferred',
    'skipped',
    'unverifiable',
    'up',
    'healthy',
];
/**
 * The rows that fit the budget, tunnels that need attention first, kept in their original order;
 * the tunnels left out are counted by status.
 */
function withinBudget(results, row) {
    const rows = results.map((result) => {
        const cells = row(result);
        return { result, cells, bytes: Buffer.byteLength(cells.join('')) + cells.length * 10 + 10, kept: false };
    });
    let used = 0;
    for (const status of LISTING_PRIORITY) {
        for (const candidate of rows) {
            if (candidate.result.status !== status || used + candidate.bytes > SUMMARY_TABLE_BUDGET_BYTES)
                continue;
            used += candidate.bytes;
            candidate.kept = true;
        }
    }
    const left = countStatuses(rows.filter(({ kept }) => !kept).map(({ result }) => result));
    const unlisted = LISTING_PRIORITY.filter((status) => left[status] > 0)
        .map((status) => `${left[status]} ${status}`)
        .join(', ');
    return {
        listed: rows.filter(({ kept }) => kept).map(({ cells }) => cells),
        unlisted: unlisted ? `Not listed, to keep this summary within GitHub's size limit: ${unlisted}.` : '',
    };
}
/** Text for a cell or paragraph of the summary's HTML. */
function escapeHtml(text) {
    return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '&#124;');
}


/***/ }),

/***/ 3063:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  bK: () => (/* binding */ deferredResult),
  T2: () => (/* binding */ resultFor),
  fC: () => (/* binding */ rotateByGenerating),
  f5: () => (/* binding */ rotateBySetting),
  ky: () => (/* binding */ skippedResult)
});

// EXTERNAL MODULE: ./src/cloudflare.ts
var src_cloudflare = __webpack_require__(2316);
;// CONCATENATED MODULE: ./src/concurrency.ts
/** Runs `task` over `items` with at most `limit` running at once; results keep the input order. */
async function mapWithConcurrency(items, limit, task) {
    const results = new Array(items.length);
    let next = 0;
    const worker = async () => {
        while (next < items.length) {
            const index = next++;
            results[index] = await task(items[index], index);
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
    return results;
}
function chunk(items, size) {
    const chunks = [];
    for (let start = 0; start < items.length; start += size)
        chunks.push(items.slice(start, start + size));
    return chunks;
}

// EXTERNAL MODULE: ./src/durations.ts
var durations = __webpack_require__(5534);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/http.ts
var http = __webpack_require__(6803);
// EXTERNAL MODULE: ./src/log-text.ts
var log_text = __webpack_require__(3529);
// EXTERNAL MODULE: ./src/mask.ts
var mask = __webpack_require__(5235);
// EXTERNAL MODULE: ./src/stop.ts
var stop = __webpack_require__(1123);
;// CONCATENATED MODULE: ./src/rotation.ts








/** A tunnel's result as it stands before this run touches it. */
function resultFor(tunnel, status, fields = {}) {
    return {
        id: tunnel.id,
        name: tunnel.name,
        status,
        previousGeneratedOn: tunnel.lastGeneratedOn,
        lastGeneratedOn: tunnel.lastGeneratedOn,
        ipsecId: null,
        router: tunnel.router,
        routerKey: null,
        secretName: null,
        error: null,
        reason: null,
        wave: null,
        verdict: null,
        ...fields,
    };
}
const skippedResult = (tunnel, reason) => resultFor(tunnel, 'skipped', { reason });
const deferredResult = (tunnel, reason) => resultFor(tunnel, 'deferred', { reason });
const failedResult = (tunnel, error, fields = {}) => resultFor(tunnel, 'failed', { ...fields, error });
/** Generate mode: one `psk_generate` call a tunnel, at most `concurrency` at once. */
async function rotateByGenerating(cloudflare, tunnels, options) {
    const { livePsks, validateOnly } = options;
    const validatedPsks = new Map();
    const progress = progressLogger(tunnels.length, options.logger);
    const results = await mapWithConcurrency(tunnels, options.concurrency, async (tunnel) => {
        const result = await generateFor(tunnel);
        progress(result);
        return result;
    });
    return validateOnly && validatedPsks.size > 0 ? confirmNothingChanged(cloudflare, results, validatedPsks, livePsks) : results;
    async function generateFor(tunnel) {
        const refusal = storeRefusal(options);
        if (refusal)
            return failedResult(tunnel, refusal);
        if (!validateOnly)
            livePsks.generatingFor(tunnel.id);
        let generated;
        try {
            generated = await cloudflare.generatePsk(tunnel, validateOnly);
        }
        catch (error) {
            livePsks.generateEnded(tunnel.id);
            return failedResult(tunnel, mayHaveApplied(error) ? await explainUnknownOutcome(cloudflare, tunnel, error) : notRotated(error));
        }
        if (validateOnly) {
            validatedPsks.set(tunnel.id, generated.psk);
            return resultFor(tunnel, 'validated', { secretName: options.store?.secretNameFor(tunnel) ?? null });
        }
        livePsks.live(tunnel.id, generated.psk);
        if (!(0,mask/* isPlainPsk */.vY)(generated.psk)) {
            options.logger.warning(`Tunnel ${(0,log_text/* outside */.qY)(tunnel.name, 100)}: Cloudflare's new PSK holds characters other than printable ASCII (a blank, a line break or a non-ASCII letter). It is live and kept like any other, but some routers may not accept it: check the router step for this tunnel.`);
        }
        const replaced = generated.earlierAttemptMayHaveApplied
            ? await replacedByLostAttempt(cloudflare, tunnel, generated, options.logger)
            : null;
        if (replaced) {
            livePsks.notLive(tunnel.id);
            return failedResult(tunnel, replaced);
        }
        return storeLivePsk(tunnel, generated.psk, { lastGeneratedOn: generated.lastGeneratedOn ?? new Date().toISOString() }, options);
    }
}
/**
 * The retried call succeeded, but an earlier attempt whose answer was lost may have reached
 * Cloudflare after it and replaced the PSK this run received. The tunnel's timestamp tells.
 */
async function replacedByLostAttempt(cloudflare, tunnel, generated, logger) {
    try {
        const current = await cloudflare.getTunnel(tunnel.id);
        if (generated.lastGeneratedOn === null ||
            current.lastGeneratedOn === null ||
            (0,durations/* sameInstant */.eM)(current.lastGeneratedOn, generated.lastGeneratedOn)) {
            return null;
        }
        return `An earlier attempt whose answer was lost replaced the PSK this run received (Cloudflare shows a PSK generated at ${(0,log_text/* outside */.qY)(current.lastGeneratedOn, 40)}, not ${(0,log_text/* outside */.qY)(generated.lastGeneratedOn, 40)}), so the live PSK is unknown. Re-run to rotate this tunnel again.`;
    }
    catch (error) {
        logger.warning(`Tunnel ${(0,log_text/* outside */.qY)(tunnel.name, 100)}: could not confirm that the PSK received after a retry is the live one (${(0,errors/* describeError */.Uc)(error)}); reporting it as live.`);
        return null;
    }
}
/**
 * `validate_only` is not even a declared parameter of `psk_generate`. Were Cloudflare to ignore
 * it, every PSK of a validate-only run would be live and stored nowhere; one listing tells. If the
 * listing cannot be had, the PSKs are handed over as possibly live and the tunnels fail.
 */
async function confirmNothingChanged(cloudflare, results, validatedPsks, livePsks) {
    let generatedOn = null;
    let failure = '';
    try {
        generatedOn = new Map((await cloudflare.listTunnels()).map((tunnel) => [tunnel.id, tunnel.lastGeneratedOn]));
    }
    catch (error) {
        failure = (0,errors/* describeError */.Uc)(error);
    }
    return results.map((result) => {
        const psk = validatedPsks.get(result.id);
        if (result.status !== 'validated' || psk === undefined)
            return result;
        if (generatedOn === null) {
            livePsks.live(result.id, psk);
            return {
                ...result,
                status: 'failed',
                secretName: null,
                error: `Could not confirm that Cloudflare honoured validate_only for this tunnel (listing the tunnels failed: ${failure}). In case it did not, the PSK it returned is in this step's psks output (masked); check the tunnel and re-run.`,
            };
        }
        const now = generatedOn.get(result.id) ?? null;
        if ((0,durations/* sameInstant */.eM)(now, result.previousGeneratedOn))
            return result;
        livePsks.live(result.id, psk);
        return {
            ...result,
            status: 'failed',
            secretName: null,
            lastGeneratedOn: now,
            error: "Cloudflare ignored validate_only and replaced this tunnel's PSK. The new PSK is in this step's psks output (masked): configure it, or re-run to rotate again.",
        };
    });
}
/** Set mode: the chosen PSKs go out in bulk requests of at most BULK_SET_LIMIT tunnels. */
async function rotateBySetting(cloudflare, tunnels, psks, options) {
    const { livePsks, validateOnly } = options;
    const progress = progressLogger(tunnels.length, options.logger);
    const batchResults = await mapWithConcurrency(chunk(tunnels, src_cloudflare/* BULK_SET_LIMIT */.eP), options.concurrency, async (batch) => {
        const results = await setBatch(batch);
        results.forEach(progress);
        return results;
    });
    const results = batchResults.flat();
    return validateOnly && results.length > 0 ? confirmNothingChanged(cloudflare, results, psks, livePsks) : results;
    async function setBatch(batch) {
        const refusal = storeRefusal(options);
        if (refusal)
            return batch.map((tunnel) => failedResult(tunnel, refusal));
        const assignments = batch.map((tunnel) => ({ id: tunnel.id, psk: pskOf(tunnel) }));
        if (!validateOnly)
            for (const { id, psk } of assignments)
                livePsks.sending(id, psk);
        let outcome;
        try {
            outcome = await cloudflare.setPsks(assignments, validateOnly);
        }
        catch (error) {
            // The bulk call is idempotent and was already retried; if its outcome is still unknown the
            // PSKs may be live, so they stay in the `psks` output rather than being lost.
            const psksMayHaveApplied = !validateOnly && mayHaveApplied(error);
            if (!psksMayHaveApplied)
                for (const { id } of assignments)
                    livePsks.notLive(id);
            const error_ = psksMayHaveApplied
                ? `${(0,errors/* describeError */.Uc)(error)} The PSK may be live on Cloudflare: it is in this step's psks output. Re-run to set a known PSK.`
                : notRotated(error);
            return batch.map((tunnel) => failedResult(tunnel, error_));
        }
        const results = [];
        for (const tunnel of batch) {
            const applied = outcome.applied.get(tunnel.id);
            const reason = outcome.unapplied.get(tunnel.id);
            const contradiction = outcome.contradictory.get(tunnel.id);
            if (applied && validateOnly) {
                results.push(resultFor(tunnel, 'validated', { ipsecId: applied.ipsecId, secretName: options.store?.secretNameFor(tunnel) ?? null }));
            }
            else if (applied) {
                results.push(await storeLivePsk(tunnel, pskOf(tunnel), { ipsecId: applied.ipsecId, lastGeneratedOn: applied.lastGeneratedOn ?? new Date().toISOString() }, options));
            }
            else if (reason !== undefined) {
                if (!validateOnly)
                    livePsks.notLive(tunnel.id);
                results.push(failedResult(tunnel, `Cloudflare did not apply the PSK: ${reason}`));
            }
            else if (validateOnly) {
                results.push(failedResult(tunnel, contradiction ? `${contradiction}.` : 'Cloudflare reported the tunnel neither valid nor invalid.'));
            }
            else {
                const why = contradiction ?? 'Cloudflare reported the tunnel neither applied nor unapplied';
                results.push(failedResult(tunnel, `${why}, so the new PSK may be live: it is in this step's psks output (masked), and no secret was written. Re-run to set a known PSK.`));
            }
        }
        return results;
    }
    function pskOf(tunnel) {
        const psk = psks.get(tunnel.id);
        if (psk === undefined)
            throw new Error(`No PSK was assigned to tunnel ${tunnel.id}`);
        return psk;
    }
}
/** The PSK is live: into the user's destination, or the tunnel fails with its PSK left in `psks`. */
async function storeLivePsk(tunnel, psk, fields, { store, livePsks }) {
    if (!store)
        return resultFor(tunnel, 'rotated', fields);
    try {
        await store.store(tunnel, psk);
        // A store that writes once at the end has not stored it yet.
        if (!store.finish)
            livePsks.storedEverywhere(tunnel.id);
        return resultFor(tunnel, 'rotated', { ...fields, secretName: store.secretNameFor(tunnel) });
    }
    catch (error) {
        return failedResult(tunnel, `The new PSK is live on Cloudflare but was not stored: ${(0,errors/* describeError */.Uc)(error)} It is in this step's psks output (masked).`, fields);
    }
}
/** Once the store refuses, rotating more tunnels would only make PSKs that are stored nowhere. */
function storeRefusal(options) {
    const refused = options.validateOnly ? null : (options.store?.unavailable() ?? null);
    return refused === null ? null : `Not rotated, so its previous PSK is still live: ${refused}`;
}
function progressLogger(total, logger) {
    let done = 0;
    const width = String(total).length;
    return (result) => {
        done++;
        const line = `[${String(done).padStart(width)}/${total}] ${result.status} ${(0,log_text/* outside */.qY)(result.name, 100)}`;
        logger.info(result.status === 'failed' ? `${line}: ${(0,log_text/* bounded */.Mm)(result.error ?? '')}` : line);
    };
}
/** The failed request may have taken effect all the same: its error's `mayHaveApplied`. */
function mayHaveApplied(error) {
    if (error instanceof http/* TransportError */.wX)
        return error.mayHaveApplied;
    if (error instanceof stop/* StoppedError */.K)
        return error.mayHaveApplied;
    return error instanceof src_cloudflare/* UnexpectedAnswerError */.qx || (error instanceof src_cloudflare/* CloudflareApiError */.kx && error.mayHaveApplied);
}
/** A request that certainly changed nothing: the previous PSK is still live. */
function notRotated(error) {
    if (error instanceof stop/* StoppedError */.K)
        return 'Not rotated: the run was cancelled first, so its previous PSK is still live.';
    return (0,errors/* describeError */.Uc)(error);
}
/**
 * A `psk_generate` whose answer was lost may still have replaced the live PSK. Re-reading the
 * tunnel tells the user whether the old PSK still works.
 */
async function explainUnknownOutcome(cloudflare, tunnel, error) {
    const cause = (0,errors/* describeError */.Uc)(error);
    try {
        const current = await cloudflare.getTunnel(tunnel.id);
        if (!(0,durations/* sameInstant */.eM)(current.lastGeneratedOn, tunnel.lastGeneratedOn)) {
            return `${cause} Cloudflare shows a new PSK generated at ${(0,log_text/* outside */.qY)(current.lastGeneratedOn ?? 'an unknown time', 40)}, but it never reached this run, so the tunnel cannot use it. Re-run to rotate this tunnel again.`;
        }
        return `${cause} The tunnel's PSK did not change; the previous PSK is still live. Re-run to rotate it.`;
    }
    catch (readError) {
        return `${cause} Whether Cloudflare replaced the PSK is unknown (re-reading the tunnel failed too: ${(0,errors/* describeError */.Uc)(readError)}). Re-run to rotate this tunnel again.`;
    }
}


/***/ }),

/***/ 588:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runSession: () => (/* binding */ runSession)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: ./src/cloudflare.ts
var src_cloudflare = __webpack_require__(2316);
// EXTERNAL MODULE: ./src/dispatcher.ts
var src_dispatcher = __webpack_require__(5250);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/report.ts
var src_report = __webpack_require__(665);
;// CONCATENATED MODULE: ./src/finish.ts


/** The one end of every mode: outputs first (they must not be lost), then the summary, the closing lines and the verdict. */
async function finish(core, report, files) {
    (0,src_report/* writeOutputs */.Kn)(core, report.results, report.livePsks, report.kind, files);
    for (const [name, value] of Object.entries(report.outputs ?? {}))
        core.setOutput(name, value);
    try {
        await report.writeSummary(core.summary);
    }
    catch (error) {
        core.warning(`Could not write the job summary: ${(0,errors/* describeError */.Uc)(error)}`);
    }
    for (const line of report.closing)
        core[line.level](line.text);
    if (report.failure !== null)
        core.setFailed(report.failure);
}

// EXTERNAL MODULE: ./src/handover.ts
var handover = __webpack_require__(4228);
// EXTERNAL MODULE: ./src/http.ts
var src_http = __webpack_require__(6803);
// EXTERNAL MODULE: ./src/inputs.ts + 2 modules
var inputs = __webpack_require__(9027);
// EXTERNAL MODULE: ./src/live-psks.ts
var live_psks = __webpack_require__(9553);
// EXTERNAL MODULE: ./src/log-text.ts
var log_text = __webpack_require__(3529);
// EXTERNAL MODULE: ./src/logger.ts
var logger = __webpack_require__(6999);
// EXTERNAL MODULE: ./src/mask.ts
var mask = __webpack_require__(5235);
// EXTERNAL MODULE: ./src/modes/rotate.ts + 8 modules
var rotate = __webpack_require__(1050);
// EXTERNAL MODULE: ./src/rate-limit.ts
var rate_limit = __webpack_require__(9419);
;// CONCATENATED MODULE: ./src/session.ts















/**
 * After the runner's SIGINT (a cancel, `timeout-minutes`) a step has about 7.5 s before it is
 * killed: requests already sent get this long to bring their answers before `psks` is written.
 */
const CANCEL_GRACE_MS = 5_000;
/**
 * The run of the process once its inputs are valid, whatever the mode: the outputs-file probe,
 * cancellation from the first moment, the HTTP dispatcher and clients; then the mode's module.
 * A failure the action explains ends the step with its message; anything else also logs its stack.
 */
async function runSession(config, toolkit) {
    // The process started with the step: health checks from before then say nothing about this run.
    const startedAt = Math.floor(performance.timeOrigin);
    const core = (0,log_text/* safeLog */.Ei)(toolkit);
    const outputProblem = unwritableOutputFile();
    if (outputProblem) {
        core.setFailed(outputProblem);
        return;
    }
    const stop = new AbortController();
    const livePsks = new live_psks/* LivePsks */.a();
    const files = new handover/* HandoverFiles */.PT();
    const names = new Map();
    // From the start: a cancel during the listing or the preflight stops the run just as cleanly.
    const cancellation = onCancel(core, stop, () => {
        // The grace period ran out with requests still unanswered: hand over what is known and go.
        (0,src_report/* handOverPsks */.Vy)(core, livePsks, files);
        core.setFailed(cancelledMessage(livePsks, names));
        process.exit(1);
    });
    const dispatcher = (0,src_dispatcher/* createDispatcher */.S)({ connections: config.concurrency, env: process.env });
    try {
        const http = new src_http/* HttpClient */.Qq({
            dispatcher,
            logger: core,
            service: 'Cloudflare',
            pacer: new rate_limit/* RateLimitPacer */.he('Cloudflare', core, logger/* sleep */.y),
            stop: stop.signal,
            // verify-timeout bounds the whole verify step, every request and retry included.
            deadline: config.mode === 'verify' ? startedAt + config.verifyTimeoutMs : undefined,
        });
        const maskPsk = (0,mask/* pskMasker */.mJ)((secret) => core.setSecret(secret));
        const cloudflare = new src_cloudflare/* CloudflareClient */.$7(http, config.apiBaseUrl, config.accountId, config.credentials, maskPsk, core);
        const rotation = { cloudflare, core, maskPsk, livePsks, names, cancellation, files };
        let report;
        if (config.mode === 'verify') {
            const { verifyMode } = await Promise.all(/* import() */[__webpack_require__.e(481), __webpack_require__.e(500)]).then(__webpack_require__.bind(__webpack_require__, 8119));
            report = await verifyMode(config, { cloudflare, http, core, startedAt });
        }
        else if (config.rolling !== null) {
            const { rollingMode } = await Promise.all(/* import() */[__webpack_require__.e(481), __webpack_require__.e(283)]).then(__webpack_require__.bind(__webpack_require__, 283));
            report = await rollingMode({ ...config, rolling: config.rolling }, { ...rotation, http, stop: stop.signal });
        }
        else {
            report = await (0,rotate/* rotateMode */.bl)(config, rotation);
        }
        await finish(core, report, files);
    }
    catch (error) {
        // Whatever ended the run early, no key that may be live may end with it.
        if (livePsks.size > 0)
            (0,src_report/* handOverPsks */.Vy)(core, livePsks, files);
        const unsaved = livePsks.onlyInOutput().map((id) => names.get(id) ?? id);
        core.setFailed(`${error instanceof inputs/* InputError */.dz ? error.message : (0,errors/* describeError */.Uc)(error)}` +
            (unsaved.length > 0
                ? ` The PSKs of ${(0,log_text/* nameList */.OD)(unsaved)} are or may be live and are stored nowhere but this step's psks output (masked): save them in an 'if: failure()' step.`
                : ''));
        if ((0,errors/* isUnexpected */.QW)(error))
            core.debug(error.stack ?? '');
    }
    finally {
        cancellation.dispose();
        await dispatcher.close();
    }
}
/**
 * SIGINT or SIGTERM stops every new request (and retry) at once and gives those already sent
 * CANCEL_GRACE_MS to answer; rotation then ends by itself and reports as usual. If answers are
 * still missing when the time is up, `giveUp` reports what is known and exits.
 */
function onCancel(core, stop, giveUp) {
    let signal = null;
    let timer;
    const handler = (received) => {
        if (signal !== null)
            return;
        signal = received;
        core.warning(`Cancelled by ${received}: no further request is sent; requests already sent get ${CANCEL_GRACE_MS / 1000} s to answer, then every PSK that is or may be live goes to the psks output.`);
        stop.abort();
        timer = setTimeout(giveUp, CANCEL_GRACE_MS);
    };
    process.on('SIGINT', handler).on('SIGTERM', handler);
    return {
        get signal() {
            return signal;
        },
        dispose() {
            clearTimeout(timer);
            process.off('SIGINT', handler).off('SIGTERM', handler);
        },
    };
}
function cancelledMessage(livePsks, names) {
    const nameOf = (id) => names.get(id) ?? id;
    const unanswered = livePsks.generatingIds();
    return (`Cancelled before every request was answered. ` +
        (livePsks.onlyInOutput().length > 0
            ? `The PSKs of ${(0,log_text/* nameList */.OD)(livePsks.onlyInOutput().map(nameOf))} are or may be live and are stored nowhere but this step's psks output (masked): save them in an 'if: cancelled()' step. `
            : '') +
        (livePsks.size > livePsks.onlyInOutput().length
            ? `${livePsks.size - livePsks.onlyInOutput().length} new PSK(s) were stored as asked and are in psks too. `
            : '') +
        (unanswered.length > 0
            ? `psk_generate for ${(0,log_text/* nameList */.OD)(unanswered.map(nameOf))} got no answer: Cloudflare may have replaced those PSKs; re-run to rotate them again. `
            : '') +
        'Tunnels not reached keep their previous PSK.');
}
/** The step's outputs file must take the PSKs before any of them exists. */
function unwritableOutputFile() {
    const path = process.env.GITHUB_OUTPUT;
    if (!path)
        return null;
    try {
        (0,external_node_fs_.closeSync)((0,external_node_fs_.openSync)(path, 'a'));
        return null;
    }
    catch {
        return "The runner's outputs file (GITHUB_OUTPUT) cannot be written, so new PSKs could not be handed to later steps; nothing was changed.";
    }
}


/***/ }),

/***/ 1123:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   K: () => (/* binding */ StoppedError),
/* harmony export */   O: () => (/* binding */ unlessStopped)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);
/**
 * A cancelled run (the runner's SIGINT or SIGTERM) stops sending: no new request and no retry
 * starts once the signal is aborted, while requests already sent may still bring their answers.
 */

class StoppedError extends _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ActionError */ .lZ {
    operation;
    mayHaveApplied;
    constructor(operation, 
    /** An earlier attempt, whose answer was lost, may have taken effect. */
    mayHaveApplied = false) {
        super(`The run was cancelled before ${operation} was sent.`);
        this.operation = operation;
        this.mayHaveApplied = mayHaveApplied;
        this.name = 'StoppedError';
    }
}
/** `waiting`, cut short by `signal`: then it throws what `stopped` makes. */
async function unlessStopped(waiting, signal, stopped) {
    if (!signal)
        return waiting;
    if (signal.aborted)
        throw stopped();
    let onAbort;
    const cancelled = new Promise((_resolve, reject) => {
        onAbort = () => reject(stopped());
        signal.addEventListener('abort', onAbort, { once: true });
    });
    try {
        return await Promise.race([waiting, cancelled]);
    }
    finally {
        if (onAbort)
            signal.removeEventListener('abort', onAbort);
    }
}


/***/ })

};
