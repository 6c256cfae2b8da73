export const id = 821;
export const ids = [821];
export const modules = {

/***/ 7821:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  rotateTunnels: () => (/* binding */ rotateTunnels)
});

// EXTERNAL MODULE: ./node_modules/undici/index.js
var undici = __webpack_require__(6752);
;// CONCATENATED MODULE: ./src/cloudflare.ts
/**
 * Cloudflare answered, but not with success: carries the HTTP status, Cloudflare's error list and
 * whether the call may have taken effect all the same (a 5xx, an answer that was not the
 * documented success, or an earlier attempt whose answer was lost).
 */
class CloudflareApiError extends Error {
    operation;
    status;
    errors;
    mayHaveApplied;
    constructor(operation, status, errors, mayHaveApplied) {
        super(`Cloudflare refused to ${operation} (HTTP ${status}): ${describeErrors(status, errors)}`);
        this.operation = operation;
        this.status = status;
        this.errors = errors;
        this.mayHaveApplied = mayHaveApplied;
        this.name = 'CloudflareApiError';
    }
}
const BULK_SET_LIMIT = 100;
/**
 * The four Magic IPsec endpoints the action uses. Every PSK in a response goes to `mask` before
 * the response is looked at any further.
 */
class CloudflareClient {
    http;
    credentials;
    mask;
    accountUrl;
    constructor(http, baseUrl, accountId, credentials, mask) {
        this.http = http;
        this.credentials = credentials;
        this.mask = mask;
        this.accountUrl = `${baseUrl}/accounts/${accountId}/magic/ipsec_tunnels`;
    }
    async listTunnels() {
        const { result } = await this.call('list the account\'s IPsec tunnels', 'GET', this.accountUrl);
        const tunnels = result?.ipsec_tunnels;
        if (!Array.isArray(tunnels))
            throw unexpectedShape('list the account\'s IPsec tunnels');
        return tunnels.map(toTunnel);
    }
    async getTunnel(id) {
        const { result } = await this.call(`read tunnel ${id}`, 'GET', `${this.accountUrl}/${id}`);
        const tunnel = result?.ipsec_tunnel;
        if (!tunnel || typeof tunnel !== 'object')
            throw unexpectedShape(`read tunnel ${id}`);
        return toTunnel(tunnel);
    }
    async generatePsk(tunnel, validateOnly) {
        const operation = `generate a PSK for tunnel ${tunnel.name}`;
        const url = `${this.accountUrl}/${tunnel.id}/psk_generate${validateOnly ? '?validate_only=true' : ''}`;
        const answer = await this.call(operation, 'POST', url, {});
        const result = answer.result;
        const psk = result?.psk;
        if (typeof psk !== 'string' || !psk)
            throw unexpectedShape(operation);
        this.mask(psk);
        return {
            psk,
            lastGeneratedOn: timestampOrNull(result?.psk_metadata?.last_generated_on),
            afterLostAttempt: answer.earlierAttemptMayHaveApplied,
        };
    }
    /** One bulk request of at most BULK_SET_LIMIT tunnels. */
    async setPsks(assignments, validateOnly) {
        const operation = `set the PSKs of ${assignments.length} tunnel${assignments.length === 1 ? '' : 's'}`;
        const url = `${this.accountUrl}/psk${validateOnly ? '?validate_only=true' : ''}`;
        const { result } = (await this.call(operation, 'POST', url, { psks: assignments }));
        if (!result || typeof result !== 'object')
            throw unexpectedShape(operation);
        const applied = new Map();
        for (const [key, entry] of Object.entries(result.successfully_applied_psks ?? {})) {
            const psk = typeof entry?.psk === 'string' && entry.psk ? entry.psk : null;
            if (psk)
                this.mask(psk);
            const id = typeof entry?.ipsec_tunnel_id === 'string'
                ? entry.ipsec_tunnel_id
                : key;
            applied.set(id.toLowerCase(), {
                ipsecId: typeof entry?.ipsec_id === 'string' ? entry.ipsec_id : null,
                lastGeneratedOn: timestampOrNull(entry?.psk_metadata?.last_generated_on),
                psk,
            });
        }
        const unapplied = new Map();
        for (const [id, reason] of Object.entries(result.unapplied_psks ?? {})) {
            unapplied.set(id.toLowerCase(), typeof reason === 'string' && reason ? reason : 'not applied (no reason given)');
        }
        return { applied, unapplied };
    }
    async call(operation, method, url, body) {
        const response = await this.http.send({
            method,
            url,
            headers: this.headers(body !== undefined),
            body: body === undefined ? undefined : JSON.stringify(body),
            label: operation,
        });
        return { result: unwrapEnvelope(operation, response), earlierAttemptMayHaveApplied: response.earlierAttemptMayHaveApplied };
    }
    headers(withBody) {
        const headers = { accept: 'application/json' };
        if (withBody)
            headers['content-type'] = 'application/json';
        if (this.credentials.kind === 'token') {
            headers.authorization = `Bearer ${this.credentials.token}`;
        }
        else {
            headers['x-auth-email'] = this.credentials.email;
            headers['x-auth-key'] = this.credentials.key;
        }
        return headers;
    }
}
function unwrapEnvelope(operation, response) {
    const envelope = response.json;
    const ok = response.status >= 200 && response.status < 300;
    if (ok && envelope?.success === true)
        return envelope.result;
    const mayHaveApplied = response.earlierAttemptMayHaveApplied || ok || response.status >= 500 || response.status === 408;
    throw new CloudflareApiError(operation, response.status, envelopeErrors(envelope?.errors), mayHaveApplied);
}
function envelopeErrors(errors) {
    if (!Array.isArray(errors))
        return [];
    return errors
        .filter((error) => typeof error === 'object' && error !== null)
        .map((error) => ({
        code: typeof error.code === 'number' ? error.code : 0,
        message: typeof error.message === 'string' ? error.message : 'no message',
    }));
}
const STATUS_HINTS = {
    401: "check 'api-token' (or 'api-email' and 'api-key').",
    403: "check that the token is for this account and has 'Magic WAN Write' or 'Magic Transit Write'.",
    404: "check 'account-id' and the tunnel IDs.",
    429: 'Cloudflare rate limit: wait a few minutes before re-running.',
};
function describeErrors(status, errors) {
    const listed = errors.map((error) => `[${error.code}] ${error.message}`).join('; ');
    const hint = STATUS_HINTS[status];
    if (listed)
        return hint ? `${listed} (${hint})` : listed;
    return hint ?? 'no error details in the response.';
}
/** A success answer without what it should carry: whatever the call did may have happened. */
function unexpectedShape(operation) {
    return new CloudflareApiError(operation, 200, [{ code: 0, message: 'the response did not have the documented shape' }], true);
}
function toTunnel(raw) {
    const tunnel = raw;
    return {
        id: String(tunnel.id ?? '').toLowerCase(),
        name: String(tunnel.name ?? ''),
        lastGeneratedOn: timestampOrNull(tunnel.psk_metadata?.last_generated_on),
    };
}
function timestampOrNull(value) {
    return typeof value === 'string' && value ? value : null;
}

;// CONCATENATED MODULE: ./src/logger.ts
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
function formatSeconds(ms) {
    const seconds = ms / 1000;
    return seconds < 10 ? `${Number(seconds.toFixed(1))} s` : `${Math.round(seconds)} s`;
}

;// CONCATENATED MODULE: ./src/rate-limit.ts

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
            return { remaining: Number(remaining[1]), resetInMs: Number(reset[1]) * 1000 };
    }
    const remaining = headerText(headers['ratelimit-remaining']);
    const reset = headerText(headers['ratelimit-reset']);
    if (remaining && reset && /^\d+$/.test(remaining) && /^\d+$/.test(reset)) {
        return { remaining: Number(remaining), resetInMs: Number(reset) * 1000 };
    }
    return null;
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
            this.pause ??= this.pauseUntilReset(this.resetAt - now + RESET_MARGIN_MS);
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
        this.logger.info(`${this.service} rate limit: the request budget for this window is used up; pausing for ${formatSeconds(ms)} until it resets.`);
        await this.wait(ms);
        this.pause = null;
    }
}

;// CONCATENATED MODULE: ./src/http.ts



const DEFAULT_RETRY_POLICY = {
    timeoutMs: 30_000,
    maxRetries: 4,
    baseDelayMs: 500,
    maxDelayMs: 15_000,
    // Cloudflare blocks a user for five minutes once its budget is exceeded.
    maxRetryAfterMs: 330_000,
};
/**
 * The request never produced a response. `outcomeUnknown` is true when it may have reached the
 * server (a reset or timeout after sending), so a non-idempotent call may have taken effect.
 */
class TransportError extends Error {
    outcomeUnknown;
    constructor(message, outcomeUnknown) {
        super(message);
        this.outcomeUnknown = outcomeUnknown;
        this.name = 'TransportError';
    }
}
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_INVALID_ARG']);
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
    constructor(options) {
        this.options = options;
        this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
        this.wait = options.wait ?? sleep;
        this.random = options.random ?? Math.random;
    }
    async send(req) {
        const { logger, service, pacer } = this.options;
        const attempts = this.policy.maxRetries + 1;
        let mayHaveApplied = false;
        for (let attempt = 1;; attempt++) {
            await pacer?.acquire();
            let response;
            try {
                response = await this.sendOnce(req);
            }
            catch (error) {
                pacer?.release(null);
                const failure = describeTransportFailure(error, this.policy.timeoutMs);
                mayHaveApplied ||= failure.outcomeUnknown;
                if (attempt >= attempts) {
                    throw new TransportError(`${service} request to ${req.label} failed after ${attempts} attempts: ${failure.text}.`, mayHaveApplied);
                }
                const delay = this.backoff(attempt);
                logger.info(`${req.label}: ${failure.text}; retrying in ${formatSeconds(delay)} (attempt ${attempt + 1} of ${attempts}).`);
                await this.wait(delay);
                continue;
            }
            pacer?.release(response.headers);
            logger.debug(`${req.method} ${new URL(req.url).pathname} -> ${response.status}`);
            const result = { ...response, earlierAttemptMayHaveApplied: mayHaveApplied };
            if (attempt >= attempts)
                return result;
            if (response.status === 429) {
                const retryAfter = parseRetryAfter(response.headers['retry-after']);
                const delay = retryAfter ?? this.backoff(attempt);
                if (delay > this.policy.maxRetryAfterMs)
                    return result;
                logger.info(`${service} rate limit hit (HTTP 429) on ${req.label}; waiting ${formatSeconds(delay)}${retryAfter === null ? '' : ' as Retry-After asks'} (attempt ${attempt + 1} of ${attempts}).`);
                pacer?.holdFor(delay);
                await this.wait(delay);
                continue;
            }
            if (response.status >= 500 || response.status === 408) {
                mayHaveApplied = true;
                const delay = this.backoff(attempt);
                logger.info(`${req.label}: ${service} answered HTTP ${response.status}; retrying in ${formatSeconds(delay)} (attempt ${attempt + 1} of ${attempts}).`);
                await this.wait(delay);
                continue;
            }
            return result;
        }
    }
    async sendOnce(req) {
        const controller = new AbortController();
        const timer = setTimeout(() => controller.abort(new RequestTimeout()), this.policy.timeoutMs);
        try {
            const response = await (0,undici.request)(req.url, {
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
class RequestTimeout extends Error {
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
        return { text: `no complete answer within ${formatSeconds(timeoutMs)}`, outcomeUnknown: true };
    }
    const code = errorCode(error);
    const reason = error instanceof Error ? error.message : String(error);
    return {
        text: `connection error (${code ? `${code}: ` : ''}${reason})`,
        outcomeUnknown: !NOT_SENT_CODES.has(code),
    };
}
function errorCode(error) {
    for (let current = error; current instanceof Error; current = current.cause) {
        const code = current.code;
        if (typeof code === 'string')
            return code;
    }
    return '';
}

// EXTERNAL MODULE: ./src/inputs.ts
var inputs = __webpack_require__(8422);
// EXTERNAL MODULE: ./src/mask.ts
var mask = __webpack_require__(5235);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
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
/** Every key of `psks` must name a selected tunnel, or a typo would leave a chosen PSK unused. */
function checkExplicitPsksSelected(explicit, selected) {
    const selectedIds = new Set(selected.map((tunnel) => tunnel.id));
    const strays = [...explicit.keys()].filter((id) => !selectedIds.has(id));
    if (strays.length > 0) {
        throw new inputs/* InputError */.dz('psks', `gives PSKs for ${strays.join(', ')}, which ${strays.length === 1 ? 'is' : 'are'} not among the selected tunnels.`);
    }
}

;// CONCATENATED MODULE: ./src/report.ts
function countStatuses(results) {
    const counts = { rotated: 0, validated: 0, skipped: 0, failed: 0 };
    for (const result of results)
        counts[result.status]++;
    return counts;
}
/** The step's outputs. `results` never holds a PSK; `psks` holds every PSK that is live (all masked already). */
function writeOutputs(sink, results, livePsks) {
    const counts = countStatuses(results);
    sink.setOutput('results', JSON.stringify(results.map(toPublicResult)));
    sink.setOutput('psks', JSON.stringify(Object.fromEntries(livePsks)));
    sink.setOutput('rotated-count', String(counts.rotated));
    sink.setOutput('validated-count', String(counts.validated));
    sink.setOutput('skipped-count', String(counts.skipped));
    sink.setOutput('failed-count', String(counts.failed));
}
function toPublicResult(result) {
    return {
        id: result.id,
        name: result.name,
        status: result.status,
        last_generated_on: result.lastGeneratedOn,
        ipsec_id: result.ipsecId,
        secret_name: result.secretName,
        error: result.error,
    };
}
const STATUS_LABELS = {
    rotated: '✅ rotated',
    validated: '☑️ validated',
    skipped: '⏭️ skipped',
    failed: '❌ failed',
};
async function writeSummary(summary, config, results, now = Date.now()) {
    const counts = countStatuses(results);
    const showSecrets = results.some((result) => result.secretName !== null);
    const header = ['Tunnel', 'ID', 'Status', 'PSK age before', 'PSK age after', ...(showSecrets ? ['Secret'] : []), 'Error'];
    const rows = results.map((result) => [
        escapeHtml(result.name),
        `<code>${result.id}</code>`,
        STATUS_LABELS[result.status],
        formatAge(result.previousGeneratedOn, now),
        formatAge(result.lastGeneratedOn, now),
        ...(showSecrets ? [result.secretName ? `<code>${escapeHtml(result.secretName)}</code>` : ' '] : []),
        // An empty cell would come out as an unclosed <td> from core.summary.
        escapeHtml(result.error ?? '') || ' ',
    ]);
    const tally = Object.keys(counts)
        .filter((status) => counts[status] > 0)
        .map((status) => `${counts[status]} ${status}`)
        .join(', ');
    const settings = [
        `mode <code>${config.mode}</code>`,
        config.validateOnly ? 'validate-only: nothing was changed' : null,
        config.maxAgeMs === null ? null : `max-age ${formatDuration(config.maxAgeMs)}`,
    ].filter(Boolean);
    await summary
        .addHeading('IPsec tunnel PSK rotation', 2)
        .addRaw(`<p>${results.length} tunnel${results.length === 1 ? '' : 's'} selected: ${tally || 'none'}. ${settings.join(' · ')}</p>`, true)
        .addTable([header.map((data) => ({ data, header: true })), ...rows])
        .write();
}
function formatAge(timestamp, now) {
    if (timestamp === null)
        return 'unknown';
    const generated = Date.parse(timestamp);
    if (Number.isNaN(generated))
        return 'unknown';
    return formatDuration(Math.max(0, now - generated));
}
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
function escapeHtml(text) {
    return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '&#124;');
}

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

;// CONCATENATED MODULE: ./src/rotation.ts



function skippedResult(tunnel) {
    return { ...baseResult(tunnel), status: 'skipped' };
}
function baseResult(tunnel) {
    return {
        id: tunnel.id,
        name: tunnel.name,
        status: 'failed',
        previousGeneratedOn: tunnel.lastGeneratedOn,
        lastGeneratedOn: tunnel.lastGeneratedOn,
        ipsecId: null,
        secretName: null,
        error: null,
    };
}
/** Generate mode: one `psk_generate` call a tunnel, at most `concurrency` at once. */
async function rotateByGenerating(cloudflare, tunnels, options) {
    const { livePsks } = options;
    const validatedPsks = new Map();
    const progress = progressLogger(tunnels.length, options.logger);
    const results = await mapWithConcurrency(tunnels, options.concurrency, async (tunnel) => {
        const result = baseResult(tunnel);
        const refusal = storeRefusal(options);
        if (refusal) {
            result.error = refusal;
            progress(result);
            return result;
        }
        try {
            const generated = await cloudflare.generatePsk(tunnel, options.validateOnly);
            if (options.validateOnly) {
                validatedPsks.set(tunnel.id, generated.psk);
                result.status = 'validated';
                result.secretName = options.store?.secretNameFor(tunnel) ?? null;
            }
            else {
                const replaced = generated.afterLostAttempt ? await replacedByLostAttempt(cloudflare, tunnel, generated, options.logger) : null;
                if (replaced) {
                    result.error = replaced;
                }
                else {
                    livePsks.set(tunnel.id, generated.psk);
                    result.status = 'rotated';
                    result.lastGeneratedOn = generated.lastGeneratedOn ?? new Date().toISOString();
                    await storeLivePsk(tunnel, generated.psk, result, options.store);
                }
            }
        }
        catch (error) {
            result.status = 'failed';
            result.error = mayHaveChanged(error)
                ? await explainUnknownOutcome(cloudflare, tunnel, error)
                : describeError(error);
        }
        progress(result);
        return result;
    });
    if (options.validateOnly && validatedPsks.size > 0) {
        await confirmNothingChanged(cloudflare, results, validatedPsks, livePsks, options.logger);
    }
    return results;
}
/**
 * The retried call succeeded, but an earlier attempt whose answer was lost may have reached
 * Cloudflare after it and replaced the PSK this run received. The tunnel's timestamp tells.
 */
async function replacedByLostAttempt(cloudflare, tunnel, generated, logger) {
    try {
        const current = await cloudflare.getTunnel(tunnel.id);
        if (generated.lastGeneratedOn === null || current.lastGeneratedOn === null || sameInstant(current.lastGeneratedOn, generated.lastGeneratedOn)) {
            return null;
        }
        return `An earlier attempt whose answer was lost replaced the PSK this run received (Cloudflare shows a PSK generated at ${current.lastGeneratedOn}, not ${generated.lastGeneratedOn}), so the live PSK is unknown. Re-run to rotate this tunnel again.`;
    }
    catch (error) {
        logger.warning(`Tunnel ${tunnel.name}: could not confirm that the PSK received after a retry is the live one (${describeError(error)}); reporting it as live.`);
        return null;
    }
}
/**
 * `validate_only` is not even a declared parameter of `psk_generate`. Were Cloudflare to ignore
 * it, every PSK of a validate-only run would be live and stored nowhere; one listing tells.
 */
async function confirmNothingChanged(cloudflare, results, validatedPsks, livePsks, logger) {
    let after;
    try {
        after = await cloudflare.listTunnels();
    }
    catch (error) {
        logger.warning(`Could not confirm that this validate-only run changed no PSK: ${describeError(error)}`);
        return;
    }
    const generatedOn = new Map(after.map((tunnel) => [tunnel.id, tunnel.lastGeneratedOn]));
    for (const result of results) {
        const psk = validatedPsks.get(result.id);
        const now = generatedOn.get(result.id) ?? null;
        if (result.status !== 'validated' || psk === undefined || sameInstant(now, result.previousGeneratedOn))
            continue;
        result.status = 'failed';
        result.secretName = null;
        result.lastGeneratedOn = now;
        result.error = "Cloudflare ignored validate_only and replaced this tunnel's PSK. The new PSK is in this step's psks output (masked): configure it, or re-run to rotate again.";
        livePsks.set(result.id, psk);
    }
}
/** Set mode: the chosen PSKs go out in bulk requests of at most BULK_SET_LIMIT tunnels. */
async function rotateBySetting(cloudflare, tunnels, psks, options) {
    const { livePsks } = options;
    const progress = progressLogger(tunnels.length, options.logger);
    const batches = chunk(tunnels, BULK_SET_LIMIT);
    const batchResults = await mapWithConcurrency(batches, options.concurrency, async (batch) => {
        const results = batch.map(baseResult);
        const refusal = storeRefusal(options);
        if (refusal) {
            for (const result of results) {
                result.error = refusal;
                progress(result);
            }
            return results;
        }
        const assignments = batch.map((tunnel) => ({ id: tunnel.id, psk: psks.get(tunnel.id) }));
        let outcome;
        try {
            outcome = await cloudflare.setPsks(assignments, options.validateOnly);
        }
        catch (error) {
            // The bulk call is idempotent and was already retried; if its outcome is still unknown the
            // PSKs may be live, so they are kept in the `psks` output rather than lost.
            const possiblyLive = !options.validateOnly && mayHaveChanged(error);
            for (const result of results) {
                result.error = describeError(error);
                if (possiblyLive) {
                    livePsks.set(result.id, psks.get(result.id));
                    result.error += ' The PSK may be live on Cloudflare: it is in this step\'s psks output. Re-run to set a known PSK.';
                }
                progress(result);
            }
            return results;
        }
        for (const [index, result] of results.entries()) {
            const tunnel = batch[index];
            const applied = outcome.applied.get(tunnel.id);
            const reason = outcome.unapplied.get(tunnel.id);
            if (applied && reason === undefined) {
                result.ipsecId = applied.ipsecId;
                if (options.validateOnly) {
                    result.status = 'validated';
                    result.secretName = options.store?.secretNameFor(tunnel) ?? null;
                }
                else {
                    // Cloudflare's word on what is live wins over what was sent.
                    const livePsk = applied.psk ?? psks.get(tunnel.id);
                    result.status = 'rotated';
                    result.lastGeneratedOn = applied.lastGeneratedOn ?? new Date().toISOString();
                    livePsks.set(tunnel.id, livePsk);
                    await storeLivePsk(tunnel, livePsk, result, options.store);
                }
            }
            else if (reason !== undefined) {
                result.error = `Cloudflare did not apply the PSK: ${reason}`;
            }
            else if (!options.validateOnly) {
                livePsks.set(tunnel.id, psks.get(tunnel.id));
                result.error = "Cloudflare reported the tunnel neither applied nor unapplied, so the new PSK may be live: it is in this step's psks output (masked). Re-run to set a known PSK.";
            }
            else {
                result.error = 'Cloudflare reported the tunnel neither valid nor invalid.';
            }
            progress(result);
        }
        return results;
    });
    const results = batchResults.flat();
    if (options.validateOnly && results.length > 0)
        await confirmNothingChanged(cloudflare, results, psks, livePsks, options.logger);
    return results;
}
async function storeLivePsk(tunnel, psk, result, store) {
    if (!store)
        return;
    try {
        await store.store(tunnel, psk);
        result.secretName = store.secretNameFor(tunnel);
    }
    catch (error) {
        result.status = 'failed';
        result.error = `The new PSK is live on Cloudflare but was not stored: ${describeError(error)} It is in this step's psks output (masked).`;
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
        const line = `[${String(done).padStart(width)}/${total}] ${result.status} ${result.name}`;
        if (result.status === 'failed')
            logger.info(`${line}: ${result.error}`);
        else
            logger.info(line);
    };
}
function mayHaveChanged(error) {
    if (error instanceof TransportError)
        return error.outcomeUnknown;
    return error instanceof CloudflareApiError && error.mayHaveApplied;
}
/** Two `last_generated_on` values name the same moment (formats may differ between endpoints). */
function sameInstant(a, b) {
    if (a === null || b === null)
        return a === b;
    return a === b || Date.parse(a) === Date.parse(b);
}
/**
 * A `psk_generate` whose answer was lost may still have replaced the live PSK. Re-reading the
 * tunnel tells the user whether the old PSK still works.
 */
async function explainUnknownOutcome(cloudflare, tunnel, error) {
    const cause = describeError(error);
    try {
        const current = await cloudflare.getTunnel(tunnel.id);
        if (!sameInstant(current.lastGeneratedOn, tunnel.lastGeneratedOn)) {
            return `${cause} Cloudflare shows a new PSK generated at ${current.lastGeneratedOn ?? 'an unknown time'}, but it never reached this run, so the tunnel cannot use it. Re-run to rotate this tunnel again.`;
        }
        return `${cause} The tunnel's PSK did not change; the previous PSK is still live. Re-run to rotate it.`;
    }
    catch (readError) {
        return `${cause} Whether Cloudflare replaced the PSK is unknown (re-reading the tunnel failed too: ${describeError(readError)}). Re-run to rotate this tunnel again.`;
    }
}
function describeError(error) {
    return error instanceof Error ? error.message : String(error);
}

;// CONCATENATED MODULE: ./src/github-secrets.ts



/** GitHub's documented caps on Actions secrets. */
const SECRET_LIMITS = { repository: 100, environment: 100, organization: 1000 };
/** A workflow sees at most this many of the organization secrets shared with its repository. */
const VISIBLE_ORGANIZATION_SECRETS = 100;
/** Retries of one request for 5xx/network errors, for 429s and for each kind of rate limit. */
const MAX_RETRIES = 3;
/** A rate limit asking for a longer wait than this fails the request instead of stalling the job. */
const MAX_RATE_LIMIT_WAIT_SECONDS = 300;
/** GitHub's advice when a rate-limited answer carries no retry-after: wait at least a minute. */
const FALLBACK_RETRY_AFTER_SECONDS = 60;
const REQUEST_TIMEOUT_MS = 30_000;
const API_VERSION = '2022-11-28';
const PER_PAGE = 100;
/** plugin-retry's default list of statuses it leaves alone, plus 429, which requestGuard handles. */
const DO_NOT_RETRY = [400, 401, 403, 404, 410, 422, 429, 451];
// ---- secret names ----
/**
 * `{id}` and `{name}` filled in, upper-cased, and every character outside A-Z, 0-9 and _ (each
 * code point, so an emoji is one `_`) replaced by `_`.
 */
function renderSecretName(template, tunnel) {
    return template
        .replace(/\{(id|name)\}/g, (_match, key) => (key === 'id' ? tunnel.id : tunnel.name))
        .toUpperCase()
        .replace(/[^A-Z0-9_]/gu, '_');
}
/**
 * The secret name of every tunnel, by tunnel ID. A name GitHub would reject, or two tunnels
 * sharing a name, is an InputError on `secret-name`: caught before anything changes.
 */
function secretNamesFor(template, tunnels) {
    const names = new Map();
    const owners = new Map();
    for (const tunnel of tunnels) {
        const name = renderSecretName(template, tunnel);
        const which = `tunnel '${tunnel.name}' (${tunnel.id})`;
        if (name === '')
            throw new inputs/* InputError */.dz('secret-name', `'${template}' gives an empty secret name for ${which}.`);
        if (name.startsWith('GITHUB_')) {
            throw new inputs/* InputError */.dz('secret-name', `'${template}' gives '${name}' for ${which}; GitHub reserves names starting with GITHUB_.`);
        }
        if (/^[0-9]/.test(name)) {
            throw new inputs/* InputError */.dz('secret-name', `'${template}' gives '${name}' for ${which}; secret names must not start with a digit.`);
        }
        names.set(tunnel.id, name);
        owners.set(name, [...(owners.get(name) ?? []), tunnel]);
    }
    const clashes = [...owners].filter(([, sharing]) => sharing.length > 1);
    if (clashes.length > 0) {
        const shown = clashes.slice(0, 3).map(([name, sharing]) => `${sharing.map((tunnel) => `'${tunnel.name}'`).join(', ')} all become '${name}'`);
        const more = clashes.length > 3 ? ` (and ${clashes.length - 3} more)` : '';
        throw new inputs/* InputError */.dz('secret-name', `'${template}' gives several selected tunnels the same secret name: ${shown.join('; ')}${more}. Add {id} to the template, or rename the tunnels.`);
    }
    return names;
}
function failureOf(error) {
    const candidate = error;
    const response = candidate?.response;
    const data = response?.data;
    const said = typeof data === 'object' && data !== null && typeof data.message === 'string' ? data.message
        : typeof data === 'string' && data.trim() ? data
            : error instanceof Error ? error.message : String(error);
    return {
        status: typeof candidate?.status === 'number' ? candidate.status : undefined,
        message: said.replace(/\s+/g, ' ').trim().slice(0, 300),
        headers: response?.headers ?? {},
        answered: response !== undefined,
    };
}
function isSecondaryRateLimit(failure) {
    return /\bsecondary rate\b/i.test(failure.message);
}
function isPrimaryRateLimit(failure) {
    return headerText(failure.headers['x-ratelimit-remaining']) === '0' && (failure.status === 403 || failure.status === 429);
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
            if (failureOf(error).status !== 404)
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
    scope = 'organization';
    description;
    target;
    notFoundAdvice;
    constructor(octokit, org) {
        this.octokit = octokit;
        this.org = org;
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
    async selectedRepositoryIds(name) {
        const repositories = await this.octokit.paginate(this.octokit.rest.actions.listSelectedReposForOrgSecret, {
            org: this.org,
            secret_name: name,
            per_page: PER_PAGE,
        });
        return repositories.map((repository) => repository.id);
    }
    async put(name, encryptedValue, keyId, settings) {
        const visibility = (settings?.visibility ?? 'private');
        const { status } = await this.octokit.rest.actions.createOrUpdateOrgSecret({
            org: this.org,
            secret_name: name,
            encrypted_value: encryptedValue,
            key_id: keyId,
            visibility,
            ...(settings?.selected_repository_ids ? { selected_repository_ids: settings.selected_repository_ids } : {}),
        });
        return status;
    }
}
/** "PUT /repos/octo-org/network/actions/secrets/IPSEC_PSK_A": a route with its parameters filled in. */
function describeRequest(options) {
    const path = String(options.url ?? '')
        .replace(/\{(\w+)\}/g, (match, key) => (options[key] === undefined ? match : encodeURIComponent(String(options[key]))))
        .replace(/^https?:\/\/[^/]+/, '');
    return `${String(options.method ?? 'GET').toUpperCase()} ${path}`;
}
/**
 * Innermost request hook: a timeout and the API version on every attempt, retry-after for plain
 * 429s (the throttling plugin only handles rate-limit 403/429s), and a plain-words line for each
 * retry plugin-retry is about to make.
 */
function requestGuard({ logger, unitMs }) {
    return (octokit) => {
        octokit.hook.wrap('request', async (request, options) => {
            const label = describeRequest(options);
            for (let attempt = 0;; attempt++) {
                try {
                    const response = await request({
                        ...options,
                        headers: { ...options.headers, 'x-github-api-version': API_VERSION },
                        request: { ...options.request, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) },
                    });
                    logger.debug(`${label} -> ${response.status}`);
                    return response;
                }
                catch (error) {
                    const failure = failureOf(error);
                    logger.debug(`${label} -> ${failure.answered ? failure.status : `no answer (${failure.message})`}`);
                    const plain429 = failure.status === 429 && !isSecondaryRateLimit(failure) && !isPrimaryRateLimit(failure);
                    if (plain429 && attempt < MAX_RETRIES) {
                        const retryAfterMs = parseRetryAfter(failure.headers['retry-after']);
                        const waitMs = retryAfterMs ?? FALLBACK_RETRY_AFTER_SECONDS * 1000;
                        if (waitMs <= MAX_RATE_LIMIT_WAIT_SECONDS * 1000) {
                            logger.info(`GitHub answered HTTP 429 (too many requests) to ${label}; waiting ${formatSeconds(waitMs)}${retryAfterMs === null ? '' : ' as retry-after asks'} (retry ${attempt + 1} of ${MAX_RETRIES}).`);
                            await sleep((waitMs * unitMs) / 1000);
                            continue;
                        }
                        logger.info(`GitHub answered HTTP 429 to ${label} and asks to wait ${formatSeconds(waitMs)}; not waiting that long.`);
                    }
                    const retryCount = options.request?.retryCount ?? 0;
                    const retried = failure.status !== undefined && failure.status >= 400 && !DO_NOT_RETRY.includes(failure.status);
                    if (retried && retryCount < MAX_RETRIES && error.request !== undefined) {
                        const cause = failure.answered ? `GitHub answered HTTP ${failure.status}` : `no answer from GitHub (${failure.message})`;
                        logger.info(`${cause} to ${label}; retrying in ${(retryCount + 1) ** 2} s (retry ${retryCount + 1} of ${MAX_RETRIES}).`);
                    }
                    throw error;
                }
            }
        });
    };
}
async function createClient(token, apiUrl, settings) {
    const [{ getOctokit }, { throttling }, { retry }] = await Promise.all([
        __webpack_require__.e(/* import() */ 758).then(__webpack_require__.bind(__webpack_require__, 1758)),
        Promise.all(/* import() */[__webpack_require__.e(251), __webpack_require__.e(856)]).then(__webpack_require__.bind(__webpack_require__, 6856)),
        Promise.all(/* import() */[__webpack_require__.e(251), __webpack_require__.e(735)]).then(__webpack_require__.bind(__webpack_require__, 9735)),
    ]);
    const { logger, unitMs } = settings;
    const onLimit = (kind) => (retryAfter, options, _octokit, retryCount) => {
        const label = describeRequest(options);
        const wait = formatSeconds(retryAfter * 1000);
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
    return getOctokit(token, {
        ...(apiUrl ? { baseUrl: apiUrl.replace(/\/+$/, '') } : {}),
        userAgent: 'cloudflare-ipsec-psk-rotate',
        log: {
            debug: (message) => logger.debug(message),
            info: (message) => logger.debug(message),
            warn: (message) => logger.warning(message),
            error: (message) => logger.error(message),
        },
        // Writes stay paced one at a time, 1 s apart (the plugin's default write group).
        throttle: {
            onSecondaryRateLimit: onLimit('secondary rate limit'),
            onRateLimit: onLimit('API rate limit for this token is used up'),
            fallbackSecondaryRateRetryAfter: FALLBACK_RETRY_AFTER_SECONDS,
            retryAfterBaseValue: unitMs,
        },
        retry: { retries: MAX_RETRIES, doNotRetry: DO_NOT_RETRY, retryAfterBaseValue: unitMs },
    }, 
    // The guard is registered first, so it sits innermost: its timeout covers one attempt only.
    requestGuard(settings), throttling, retry);
}
// ---- preflight and store ----
/**
 * The preflight, before any PSK changes on Cloudflare: secret names are rendered and checked, the
 * destination's public key is fetched (once), its existing secrets are listed for GitHub's limit
 * and, for organization secrets, to keep each one's visibility and selected repositories. Throws
 * an InputError for a bad secret name and an Error naming the missing permission or environment
 * when GitHub refuses.
 */
async function prepareSecretStore(config, context) {
    const { logger } = context;
    const names = secretNamesFor(config.nameTemplate, context.selected);
    const nameOf = (tunnel) => names.get(tunnel.id) ?? renderSecretName(config.nameTemplate, tunnel);
    const dueNames = [...new Set(context.due.map(nameOf))];
    const redact = redactor([config.githubToken]);
    const [octokit, { sealSecretValue }] = await Promise.all([
        createClient(config.githubToken, context.apiUrl, { logger, unitMs: context.retryDelayUnitMs ?? 1000 }),
        Promise.all(/* import() */[__webpack_require__.e(442), __webpack_require__.e(119)]).then(__webpack_require__.bind(__webpack_require__, 3119)),
    ]);
    const destination = config.scope === 'organization' ? new OrganizationDestination(octokit, config.organization)
        : config.scope === 'environment' ? new EnvironmentDestination(octokit, config.owner, config.repo, config.environment ?? '', logger)
            : new RepositoryDestination(octokit, config.owner, config.repo);
    const preflight = async (action, call) => {
        try {
            return await call();
        }
        catch (error) {
            throw new Error(`${redact(explain(error, action, destination))} Nothing was rotated: every tunnel keeps its current PSK.`);
        }
    };
    const publicKey = await preflight('read the secrets public key', () => destination.publicKey());
    const existing = await preflight('list the existing secrets', () => destination.listSecrets());
    const existingByName = new Map(existing.map((secret) => [secret.name.toUpperCase(), secret]));
    const created = dueNames.filter((name) => !existingByName.has(name));
    const updated = dueNames.filter((name) => existingByName.has(name));
    const limit = SECRET_LIMITS[config.scope];
    if (existing.length + created.length > limit) {
        throw new Error(`Writing ${created.length} new secret${created.length === 1 ? '' : 's'} to ${destination.description} would make ${existing.length + created.length}, over GitHub's limit of ${limit} secrets per ${config.scope} (${existing.length} exist already). Delete unused secrets, select fewer tunnels, or choose another secret-scope. Nothing was rotated: every tunnel keeps its current PSK.`);
    }
    if (config.scope === 'organization' && existing.length + created.length > VISIBLE_ORGANIZATION_SECRETS) {
        logger.warning(`${destination.description} will hold ${existing.length + created.length} secrets. A workflow can read only the first ${VISIBLE_ORGANIZATION_SECRETS} organization secrets visible to its repository (in alphabetical order): share each secret only with the repositories that need it, or split the tunnels over repository or environment secrets.`);
    }
    const settings = new Map();
    if (config.scope === 'organization') {
        for (const name of dueNames) {
            const current = existingByName.get(name);
            if (!current) {
                settings.set(name, { visibility: config.visibility });
            }
            else if (current.visibility === 'all' || current.visibility === 'private') {
                settings.set(name, { visibility: current.visibility });
            }
            else if (current.visibility === 'selected') {
                const ids = await preflight(`list the repositories of secret ${name}`, () => destination.selectedRepositoryIds(name));
                settings.set(name, { visibility: 'selected', selected_repository_ids: ids });
            }
            else {
                throw new Error(`GitHub did not say which repositories may read the existing secret ${name} of ${destination.description} (visibility '${String(current.visibility)}'); it is left alone rather than rewritten with a guess. Nothing was rotated: every tunnel keeps its current PSK.`);
            }
        }
    }
    const plan = dueNames.map((name) => {
        const setting = settings.get(name);
        const sharing = !setting ? ''
            : setting.visibility === 'selected' ? `, keeps its ${setting.selected_repository_ids.length} selected repositor${setting.selected_repository_ids.length === 1 ? 'y' : 'ies'}`
                : `, visibility ${setting.visibility}`;
        return `${name} (${existingByName.has(name) ? 'update' : 'create'}${sharing})`;
    });
    const verb = context.validateOnly ? 'would write' : 'writes';
    logger.info(`GitHub secrets: ${destination.description} holds ${existing.length} secret${existing.length === 1 ? '' : 's'} (GitHub allows ${limit}); ` +
        (dueNames.length === 0
            ? 'no tunnel is due, so this run writes none.'
            : `this run ${verb} ${dueNames.length}: ${updated.length} update${updated.length === 1 ? '' : 's'}, ${created.length} new.`));
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
                throw new Error('This is a validate-only run: no secret is written.');
            if (refused !== null)
                throw new Error(`Not attempted: ${refused}`);
            let status;
            try {
                status = await destination.put(name, sealSecretValue(psk, publicKey.key), publicKey.keyId, settings.get(name) ?? (config.scope === 'organization' ? { visibility: config.visibility } : null));
            }
            catch (error) {
                const message = clean(explain(error, `write secret ${name}`, destination));
                const failure = failureOf(error);
                if (failure.status === 401 || failure.status === 404 || (failure.status === 403 && !isRateLimit(failure))) {
                    refused ??= `GitHub refused an earlier write to ${destination.description} (HTTP ${failure.status}).`;
                }
                else if (failure.status === 429 || isRateLimit(failure)) {
                    // Retries are spent: more rotations now would only make PSKs that are stored nowhere.
                    refused ??= `GitHub kept rate-limiting secret writes to ${destination.description} (HTTP ${failure.status}); re-run later to rotate the rest.`;
                }
                throw new Error(message);
            }
            if (status !== 201 && status !== 204) {
                throw new Error(`GitHub answered HTTP ${status} to writing secret ${name} of ${destination.description}, not 201 (created) or 204 (updated); the secret may not hold the new PSK.`);
            }
            logger.info(`Stored the new PSK of tunnel ${tunnel.name} in ${destination.description}: secret ${name} (${status === 201 ? 'created' : 'updated'}).`);
        },
    };
}
function isRateLimit(failure) {
    return isSecondaryRateLimit(failure) || isPrimaryRateLimit(failure);
}
/** One actionable sentence or three: what failed, where, what GitHub said, and what to fix. */
function explain(error, action, destination) {
    const failure = failureOf(error);
    const where = `${action} of ${destination.description}`;
    const said = failure.message ? `: ${failure.message}` : '';
    if (!failure.answered) {
        return `Could not ${where}: no answer from GitHub (${failure.message}), also after ${MAX_RETRIES} retries.`;
    }
    const status = failure.status ?? 0;
    if (isRateLimit(failure) || status === 429) {
        return `GitHub's rate limit did not lift for the request to ${where} (HTTP ${status}${said}); this action retries ${MAX_RETRIES} times and waits at most ${MAX_RATE_LIMIT_WAIT_SECONDS} s at a time.`;
    }
    if (status === 401) {
        return `GitHub rejected github-token when trying to ${where} (HTTP 401${said}): the token is wrong, expired or revoked.`;
    }
    if (status === 403) {
        const accepted = headerText(failure.headers['x-accepted-github-permissions']);
        return `GitHub did not allow github-token to ${where} (HTTP 403${said}).${accepted ? ` GitHub says this call needs: ${accepted}.` : ''} ${permissionAdvice(destination.scope, destination.target)}`;
    }
    if (status === 404) {
        return `GitHub answered HTTP 404${said} when trying to ${where}: it does not exist, or github-token cannot see it. ${destination.notFoundAdvice} ${permissionAdvice(destination.scope, destination.target)}`;
    }
    if (status >= 500) {
        return `GitHub could not ${where} (HTTP ${status}${said}), also after ${MAX_RETRIES} retries.`;
    }
    return `GitHub refused to ${where} (HTTP ${status}${said}).`;
}
function redactor(secrets) {
    const present = secrets.filter((secret) => secret.length >= 4);
    return (text) => present.reduce((result, secret) => result.split(secret).join('***'), text);
}

;// CONCATENATED MODULE: ./src/selection.ts

/**
 * The account's tunnels that `tunnel-ids` and `tunnel-names` select (their union), in the order
 * Cloudflare lists them. An ID that is not in the account, or a pattern that matches nothing, is
 * an input error: a typo must not silently leave a tunnel unrotated.
 */
function selectTunnels(tunnels, selector) {
    if (selector.all)
        return tunnels;
    const known = new Set(tunnels.map((tunnel) => tunnel.id));
    const missing = selector.ids.filter((id) => !known.has(id));
    if (missing.length > 0) {
        throw new inputs/* InputError */.dz('tunnel-ids', `${missing.length === 1 ? 'tunnel' : 'tunnels'} ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not in this account's IPsec tunnels.`);
    }
    const patterns = selector.namePatterns.map((pattern) => ({ pattern, regex: globToRegExp(pattern) }));
    const unmatched = patterns.filter(({ regex }) => !tunnels.some((tunnel) => regex.test(tunnel.name)));
    if (unmatched.length > 0) {
        throw new inputs/* InputError */.dz('tunnel-names', `no tunnel name matches ${unmatched.map(({ pattern }) => `'${pattern}'`).join(', ')}.`);
    }
    const ids = new Set(selector.ids);
    return tunnels.filter((tunnel) => ids.has(tunnel.id) || patterns.some(({ regex }) => regex.test(tunnel.name)));
}
/** `*` matches any run of characters, `?` one character; everything else is literal. Case-sensitive. */
function globToRegExp(pattern) {
    const body = [...pattern]
        .map((char) => (char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[\\^$.|+()[\]{}]/g, '\\$&')))
        .join('');
    return new RegExp(`^${body}$`, 's');
}
/** A tunnel whose PSK is older than `maxAgeMs`, or whose PSK age is unknown, is due for rotation. */
function isDue(tunnel, maxAgeMs, now) {
    if (maxAgeMs === null || tunnel.lastGeneratedOn === null)
        return true;
    const generated = Date.parse(tunnel.lastGeneratedOn);
    return Number.isNaN(generated) || now - generated >= maxAgeMs;
}

;// CONCATENATED MODULE: ./src/action.ts












/** The action once its inputs are valid: lists, selects, rotates, stores and reports. */
async function rotateTunnels(config, core) {
    const dispatcher = new undici.Agent({ connections: config.concurrency, connect: { timeout: 10_000 } });
    try {
        const http = new HttpClient({
            dispatcher,
            logger: core,
            service: 'Cloudflare',
            pacer: new RateLimitPacer('Cloudflare', core, sleep),
        });
        const maskPsk = (0,mask/* pskMasker */.m)((secret) => core.setSecret(secret));
        const cloudflare = new CloudflareClient(http, config.apiBaseUrl, config.accountId, config.credentials, maskPsk);
        await rotate(config, cloudflare, core, maskPsk);
    }
    catch (error) {
        core.setFailed(error instanceof inputs/* InputError */.dz ? error.message : describeError(error));
        if (isUnexpected(error))
            core.debug(error.stack ?? '');
    }
    finally {
        await dispatcher.close();
    }
}
async function rotate(config, cloudflare, core, maskPsk) {
    const tunnels = await cloudflare.listTunnels();
    const selected = selectTunnels(tunnels, config.selector);
    if (config.mode === 'set')
        checkExplicitPsksSelected(config.explicitPsks, selected);
    const now = Date.now();
    const due = selected.filter((tunnel) => config.explicitPsks.has(tunnel.id) || isDue(tunnel, config.maxAgeMs, now));
    core.info(`Selected ${selected.length} of the account's ${tunnels.length} IPsec tunnels; ${due.length} due for rotation` +
        `${selected.length > due.length ? `, ${selected.length - due.length} skipped (PSK younger than max-age)` : ''}.` +
        `${config.validateOnly ? ' Validate-only: nothing will change.' : ''}`);
    // Preflight before anything changes on Cloudflare: a destination that cannot take the new
    // PSKs must stop the run while every old PSK is still live.
    const store = config.secrets
        ? await prepareSecretStore(config.secrets, { selected, due, validateOnly: config.validateOnly, logger: core })
        : undefined;
    const livePsks = new Map();
    const options = { validateOnly: config.validateOnly, concurrency: config.concurrency, logger: core, store, livePsks };
    const writeLivePsks = () => core.setOutput('psks', JSON.stringify(Object.fromEntries(livePsks)));
    // A cancelled run or `timeout-minutes` stops the step mid-rotation: the PSKs already live must
    // still reach the output, for an `if: always()` or `if: cancelled()` step.
    let stopping = false;
    const onStop = (signal) => {
        if (stopping)
            return;
        stopping = true;
        writeLivePsks();
        core.setFailed(`Stopped by ${signal} during rotation. The ${livePsks.size} PSK${livePsks.size === 1 ? '' : 's'} already live are in this step's psks output (masked); tunnels not reached keep their previous PSK.`);
        process.exit(1);
    };
    process.on('SIGINT', onStop).on('SIGTERM', onStop);
    let rotated;
    try {
        rotated =
            config.mode === 'generate'
                ? await rotateByGenerating(cloudflare, due, options)
                : await rotateBySetting(cloudflare, due, assignPsks(due, config.explicitPsks, config.pskLength, maskPsk), options);
    }
    catch (error) {
        // Only a bug gets here; the PSKs that already went live must not be lost with it.
        writeLivePsks();
        throw error;
    }
    finally {
        process.off('SIGINT', onStop).off('SIGTERM', onStop);
    }
    const byId = new Map(rotated.map((result) => [result.id, result]));
    const results = selected.map((tunnel) => byId.get(tunnel.id) ?? skippedResult(tunnel));
    writeOutputs(core, results, livePsks);
    try {
        await writeSummary(core.summary, config, results);
    }
    catch (error) {
        core.warning(`Could not write the job summary: ${describeError(error)}`);
    }
    const counts = countStatuses(results);
    core.info(`Done: ${counts.rotated} rotated, ${counts.validated} validated, ${counts.skipped} skipped, ${counts.failed} failed.`);
    const failed = results.filter((result) => result.status === 'failed');
    for (const result of failed)
        core.error(`Tunnel ${result.name} (${result.id}): ${result.error}`);
    if (failed.length > 0) {
        const unsaved = failed.filter((result) => livePsks.has(result.id)).map((result) => result.name);
        core.setFailed(`${failed.length} of ${due.length} tunnel${due.length === 1 ? '' : 's'} failed: ${failed.map((result) => result.name).join(', ')}.` +
            (unsaved.length > 0
                ? ` The live PSKs of ${unsaved.join(', ')} are stored nowhere but this step's psks output (masked): save them in an 'if: failure()' step.`
                : ''));
    }
}
/** A bug rather than a refusal or a user's mistake: its stack goes to the debug log. */
function isUnexpected(error) {
    return error instanceof Error && !(error instanceof inputs/* InputError */.dz || error instanceof CloudflareApiError || error instanceof TransportError);
}


/***/ })

};
