import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 9407:
/***/ ((module, __unused_webpack___webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
/* harmony import */ var _main_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(5386);

await (0,_main_js__WEBPACK_IMPORTED_MODULE_0__/* .run */ .e)();

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 8422:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Xg: () => (/* binding */ readConfig),
/* harmony export */   dz: () => (/* binding */ InputError)
/* harmony export */ });
/* unused harmony exports DEFAULT_API_BASE_URL, DEFAULT_SECRET_NAME, parseMaxAge, parsePsks */
/* harmony import */ var _mask_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(5235);

/** A user's mistake in an input: reported as one `::error::` naming the input, never as a stack trace. */
class InputError extends Error {
    input;
    constructor(input, message) {
        super(`Input '${input}': ${message}`);
        this.input = input;
        this.name = 'InputError';
    }
}
const DEFAULT_API_BASE_URL = 'https://api.cloudflare.com/client/v4';
const DEFAULT_SECRET_NAME = 'IPSEC_PSK_{name}';
const ID_PATTERN = /^[0-9a-f]{32}$/i;
const HEADER_SAFE = /^[\x21-\x7e]+$/;
const MAX_CONCURRENCY = 32;
const PSK_LENGTH = { default: 32, min: 16, max: 128 };
/**
 * Reads and checks every input before anything touches the network. Credentials and
 * user-given PSKs are masked the moment they are read, before any check can fail.
 */
function readConfig(source, env = process.env) {
    const input = (name) => source.getInput(name).trim();
    const secretInput = (name) => {
        const value = input(name);
        if (value)
            source.setSecret(value);
        if (value && !HEADER_SAFE.test(value)) {
            throw new InputError(name, 'contains whitespace or characters that cannot be sent in an HTTP header: check for a stray newline, space or quote where the secret was copied.');
        }
        return value;
    };
    const apiToken = secretInput('api-token');
    const apiKey = secretInput('api-key');
    const githubToken = secretInput('github-token');
    const explicitPsks = parsePsks(source.getInput('psks'), (0,_mask_js__WEBPACK_IMPORTED_MODULE_0__/* .pskMasker */ .m)((secret) => source.setSecret(secret)));
    const accountId = input('account-id');
    if (!accountId)
        throw new InputError('account-id', 'is required: the 32-character Cloudflare account ID.');
    if (!ID_PATTERN.test(accountId)) {
        throw new InputError('account-id', `expected a Cloudflare account ID of 32 hexadecimal characters, got '${accountId}'.`);
    }
    const credentials = readCredentials(apiToken, input('api-email'), apiKey);
    const mode = parseMode(input('mode'));
    if (mode === 'generate' && explicitPsks.size > 0) {
        throw new InputError('psks', "is only used with 'mode: set'; in generate mode Cloudflare chooses every PSK.");
    }
    return {
        accountId: accountId.toLowerCase(),
        credentials,
        apiBaseUrl: parseBaseUrl(input('api-base-url')),
        selector: parseSelector(input('tunnel-ids'), input('tunnel-names')),
        mode,
        validateOnly: parseBoolean('validate-only', input('validate-only'), false),
        maxAgeMs: parseMaxAge(input('max-age')),
        concurrency: parseInteger('concurrency', input('concurrency'), { default: 4, min: 1, max: MAX_CONCURRENCY }),
        explicitPsks,
        pskLength: parseInteger('psk-length', input('psk-length'), PSK_LENGTH),
        secrets: parseSecretsConfig(input, githubToken, env),
    };
}
function readCredentials(apiToken, apiEmail, apiKey) {
    if (apiToken && (apiEmail || apiKey)) {
        throw new InputError('api-token', "give either 'api-token' or 'api-email' with 'api-key', not both.");
    }
    if (apiEmail && !HEADER_SAFE.test(apiEmail)) {
        throw new InputError('api-email', 'contains whitespace or characters that cannot be sent in an HTTP header.');
    }
    if (apiToken)
        return { kind: 'token', token: apiToken };
    if (apiEmail && apiKey)
        return { kind: 'global-key', email: apiEmail, key: apiKey };
    if (apiEmail)
        throw new InputError('api-key', "is required with 'api-email' (the legacy Global API Key).");
    if (apiKey)
        throw new InputError('api-email', "is required with 'api-key' (the email of the key's user).");
    throw new InputError('api-token', "is required: a Cloudflare API token with 'Magic WAN Write' or 'Magic Transit Write' (or 'api-email' with 'api-key').");
}
function parseMode(value) {
    const mode = value.toLowerCase() || 'generate';
    if (mode === 'generate' || mode === 'set')
        return mode;
    throw new InputError('mode', `expected 'generate' or 'set', got '${value}'.`);
}
function parseBaseUrl(value) {
    if (!value)
        return DEFAULT_API_BASE_URL;
    let url;
    try {
        url = new URL(value);
    }
    catch {
        throw new InputError('api-base-url', `expected an http(s) URL such as ${DEFAULT_API_BASE_URL}, got '${value}'.`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
        throw new InputError('api-base-url', `expected an http(s) URL such as ${DEFAULT_API_BASE_URL}, got '${value}'.`);
    }
    if (url.search || url.hash)
        throw new InputError('api-base-url', 'must not contain a query or fragment.');
    return url.href.replace(/\/+$/, '');
}
function parseSelector(idsValue, namesValue) {
    const idTokens = idsValue.split(/[\s,]+/).filter(Boolean);
    const all = idTokens.some((token) => token.toLowerCase() === 'all');
    if (all && idTokens.length > 1) {
        throw new InputError('tunnel-ids', "give either the word 'all' or a list of tunnel IDs, not both.");
    }
    const ids = all ? [] : idTokens.map((token) => {
        if (!ID_PATTERN.test(token)) {
            throw new InputError('tunnel-ids', `expected tunnel IDs of 32 hexadecimal characters (or 'all'), got '${token}'.`);
        }
        return token.toLowerCase();
    });
    const namePatterns = namesValue.split(/[\n,]/).map((pattern) => pattern.trim()).filter(Boolean);
    if (!all && ids.length === 0 && namePatterns.length === 0) {
        throw new InputError('tunnel-ids', "select tunnels with 'tunnel-ids' (IDs or 'all') or 'tunnel-names' (name patterns such as 'branch-*').");
    }
    return { all, ids: [...new Set(ids)], namePatterns: [...new Set(namePatterns)] };
}
function parseBoolean(name, value, defaultValue) {
    if (!value)
        return defaultValue;
    if (/^(true|yes|on)$/i.test(value))
        return true;
    if (/^(false|no|off)$/i.test(value))
        return false;
    throw new InputError(name, `expected 'true' or 'false', got '${value}'.`);
}
function parseInteger(name, value, limits) {
    if (!value)
        return limits.default;
    const number = /^\d+$/.test(value) ? Number(value) : Number.NaN;
    if (!Number.isSafeInteger(number) || number < limits.min || number > limits.max) {
        throw new InputError(name, `expected a whole number from ${limits.min} to ${limits.max}, got '${value}'.`);
    }
    return number;
}
const UNIT_MS = {
    s: 1_000,
    m: 60_000,
    h: 3_600_000,
    d: 86_400_000,
    w: 604_800_000,
};
const ISO_DURATION = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/i;
/** `30m`, `12h`, `90d`, `2w`, or ISO 8601 such as `P90D` or `PT12H`. Empty: no age limit. */
function parseMaxAge(value) {
    if (!value)
        return null;
    const simple = /^(\d+)\s*([smhdw])$/i.exec(value);
    let ms = null;
    if (simple) {
        ms = Number(simple[1]) * (UNIT_MS[simple[2].toLowerCase()] ?? 0);
    }
    else {
        const iso = ISO_DURATION.exec(value);
        if (iso && /\d/.test(value) && !value.toUpperCase().endsWith('T')) {
            const [weeks, days, hours, minutes, seconds] = iso.slice(1).map((part) => Number(part ?? 0));
            ms = weeks * UNIT_MS.w + days * UNIT_MS.d + hours * UNIT_MS.h + minutes * UNIT_MS.m + seconds * UNIT_MS.s;
        }
    }
    if (ms === null || ms <= 0 || !Number.isSafeInteger(ms)) {
        throw new InputError('max-age', `expected a positive duration such as '30m', '12h', '90d', '2w' or ISO 8601 'P90D', got '${value}'.`);
    }
    return ms;
}
const PSK_CHARACTERS = /^[\x21-\x7e]+$/;
/**
 * `psks` as lines of `TUNNEL_ID=PSK` or a JSON object. Every candidate value is masked before it
 * is checked, and no error message quotes a value.
 */
function parsePsks(raw, mask) {
    const text = raw.trim();
    if (!text)
        return new Map();
    const entries = [];
    if (text.startsWith('{')) {
        let parsed;
        try {
            parsed = JSON.parse(text);
        }
        catch {
            for (const line of text.split('\n'))
                if (line.trim())
                    mask(line.trim());
            throw new InputError('psks', 'is not valid JSON: expected an object such as {"<tunnel id>": "<psk>"}.');
        }
        if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
            throw new InputError('psks', 'expected a JSON object such as {"<tunnel id>": "<psk>"}.');
        }
        for (const [key, psk] of Object.entries(parsed)) {
            if (typeof psk === 'string' && psk)
                mask(psk);
            entries.push([key, psk, `key '${key}'`]);
        }
    }
    else {
        text.split('\n').forEach((line, index) => {
            const trimmed = line.trim();
            if (!trimmed)
                return;
            const separator = trimmed.indexOf('=');
            const psk = separator < 0 ? trimmed : trimmed.slice(separator + 1).trim();
            if (psk)
                mask(psk);
            entries.push([separator < 0 ? null : trimmed.slice(0, separator).trim(), psk, `line ${index + 1}`]);
        });
    }
    const psks = new Map();
    for (const [key, psk, where] of entries) {
        if (key === null)
            throw new InputError('psks', `${where} is not of the form TUNNEL_ID=PSK.`);
        if (!ID_PATTERN.test(key)) {
            throw new InputError('psks', `${where}: expected a tunnel ID of 32 hexadecimal characters as the key.`);
        }
        const id = key.toLowerCase();
        if (typeof psk !== 'string' || !psk)
            throw new InputError('psks', `${where}: the PSK for tunnel ${id} is empty or not a string.`);
        if (!PSK_CHARACTERS.test(psk)) {
            throw new InputError('psks', `${where}: the PSK for tunnel ${id} must be printable ASCII without whitespace.`);
        }
        if (psks.has(id))
            throw new InputError('psks', `${where}: tunnel ${id} is given more than once.`);
        psks.set(id, psk);
    }
    return psks;
}
const SCOPES = ['none', 'repository', 'environment', 'organization'];
const OWNER_OR_REPO = /^[A-Za-z0-9_.-]+$/;
function parseSecretsConfig(input, githubToken, env) {
    const scopeValue = input('secret-scope').toLowerCase() || 'none';
    const scope = SCOPES.find((candidate) => candidate === scopeValue);
    if (!scope) {
        throw new InputError('secret-scope', `expected 'none', 'repository', 'environment' or 'organization', got '${scopeValue}'.`);
    }
    const nameTemplate = parseSecretNameTemplate(input('secret-name') || DEFAULT_SECRET_NAME);
    if (scope === 'none')
        return null;
    if (!githubToken) {
        throw new InputError('github-token', `is required with 'secret-scope: ${scope}': a token allowed to write Actions secrets (a fine-grained PAT with "Secrets: Read and write", or a GitHub App installation token). The workflow's GITHUB_TOKEN cannot write secrets.`);
    }
    const repository = input('repository') || env.GITHUB_REPOSITORY || '';
    const [owner, repo, ...rest] = repository.split('/');
    if (scope !== 'organization' || input('repository')) {
        if (!owner || !repo || rest.length > 0 || !OWNER_OR_REPO.test(owner) || !OWNER_OR_REPO.test(repo)) {
            throw new InputError('repository', `expected 'owner/name', got '${repository}'.`);
        }
    }
    const environment = input('environment');
    if (scope === 'environment' && !environment) {
        throw new InputError('environment', "is required with 'secret-scope: environment': the name of the GitHub environment.");
    }
    const organization = input('organization') || owner || env.GITHUB_REPOSITORY_OWNER || '';
    if (scope === 'organization' && !OWNER_OR_REPO.test(organization)) {
        throw new InputError('organization', `expected an organization login, got '${organization}'.`);
    }
    const visibility = input('secret-visibility').toLowerCase() || 'private';
    if (visibility !== 'private' && visibility !== 'all') {
        throw new InputError('secret-visibility', `expected 'private' or 'all', got '${visibility}'.`);
    }
    return {
        scope,
        githubToken,
        owner: owner ?? '',
        repo: repo ?? '',
        environment: environment || null,
        organization,
        visibility,
        nameTemplate,
    };
}
function parseSecretNameTemplate(template) {
    const unknown = /\{(?!id\}|name\})[^}]*\}/.exec(template);
    if (unknown) {
        throw new InputError('secret-name', `unknown placeholder '${unknown[0]}': use {id} and {name}.`);
    }
    return template;
}


/***/ }),

/***/ 5386:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  e: () => (/* binding */ run)
});

;// CONCATENATED MODULE: external "node:v8"
const external_node_v8_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:v8");
// EXTERNAL MODULE: ./src/inputs.ts
var inputs = __nccwpck_require__(8422);
;// CONCATENATED MODULE: external "node:os"
const external_node_os_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");
;// CONCATENATED MODULE: ./src/workflow-commands.ts

/**
 * The three runner interactions the input check needs, written as @actions/core writes them
 * (same variable names, same escaping). Loading @actions/core also loads its HTTP client; doing
 * without it here lets a mistyped input fail in milliseconds.
 */
const workflowCommands = {
    getInput: (name) => process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '',
    setSecret: (secret) => issue('add-mask', secret),
    setFailed: (message) => {
        process.exitCode = 1;
        issue('error', message);
    },
};
function issue(command, message) {
    process.stdout.write(`::${command}::${message.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')}${external_node_os_namespaceObject.EOL}`);
}

;// CONCATENATED MODULE: ./src/main.ts



/**
 * Checks every input first, with only the workflow-command writer loaded, so a mistake fails
 * fast; the toolkit, the HTTP client and the rest of the action load once the inputs are valid.
 */
async function run() {
    let config;
    try {
        config = (0,inputs/* readConfig */.Xg)(workflowCommands);
    }
    catch (error) {
        workflowCommands.setFailed(error instanceof inputs/* InputError */.dz ? error.message : String(error));
        return;
    }
    const [core, { rotateTunnels }] = await Promise.all([Promise.all(/* import() */[__nccwpck_require__.e(752), __nccwpck_require__.e(421)]).then(__nccwpck_require__.bind(__nccwpck_require__, 6421)), Promise.all(/* import() */[__nccwpck_require__.e(752), __nccwpck_require__.e(821)]).then(__nccwpck_require__.bind(__nccwpck_require__, 7821))]);
    // undici parses HTTP with a WebAssembly module, and V8's background optimisation of it keeps
    // the process alive ~80 ms after the last request; its baseline compiler is plenty here. Set
    // only now: changing V8 flags makes Node compile the built-in modules it loads afterwards anew.
    (0,external_node_v8_namespaceObject.setFlagsFromString)('--liftoff-only');
    await rotateTunnels(config, core);
}


/***/ }),

/***/ 5235:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   m: () => (/* binding */ pskMasker)
/* harmony export */ });
/**
 * Masks a PSK, and its JSON-escaped form too when that differs (a `"` or `\` in a user's PSK), so
 * it stays hidden where a later step prints the `psks` output.
 */
function pskMasker(setSecret) {
    return (psk) => {
        setSecret(psk);
        const escaped = JSON.stringify(psk).slice(1, -1);
        if (escaped !== psk)
            setSecret(escaped);
    };
}


/***/ }),

/***/ 2613:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("assert");

/***/ }),

/***/ 5317:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("child_process");

/***/ }),

/***/ 6982:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("crypto");

/***/ }),

/***/ 4434:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("events");

/***/ }),

/***/ 9896:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("fs");

/***/ }),

/***/ 8611:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("http");

/***/ }),

/***/ 5692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("https");

/***/ }),

/***/ 9278:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("net");

/***/ }),

/***/ 4589:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:assert");

/***/ }),

/***/ 6698:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:async_hooks");

/***/ }),

/***/ 4573:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:buffer");

/***/ }),

/***/ 7540:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:console");

/***/ }),

/***/ 7598:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");

/***/ }),

/***/ 3053:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:diagnostics_channel");

/***/ }),

/***/ 610:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:dns");

/***/ }),

/***/ 8474:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:events");

/***/ }),

/***/ 7067:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http");

/***/ }),

/***/ 2467:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http2");

/***/ }),

/***/ 7030:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:net");

/***/ }),

/***/ 643:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:perf_hooks");

/***/ }),

/***/ 1792:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:querystring");

/***/ }),

/***/ 7075:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream");

/***/ }),

/***/ 1692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:tls");

/***/ }),

/***/ 3136:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:url");

/***/ }),

/***/ 7975:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util");

/***/ }),

/***/ 3429:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util/types");

/***/ }),

/***/ 5919:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:worker_threads");

/***/ }),

/***/ 8522:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:zlib");

/***/ }),

/***/ 857:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("os");

/***/ }),

/***/ 6928:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("path");

/***/ }),

/***/ 3193:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("string_decoder");

/***/ }),

/***/ 3557:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("timers");

/***/ }),

/***/ 4756:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("tls");

/***/ }),

/***/ 9023:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("util");

/***/ })

/******/ });
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		// no module.id needed
/******/ 		// no module.loaded needed
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId].call(module.exports, module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/******/ // expose the modules object (__webpack_modules__)
/******/ __nccwpck_require__.m = __webpack_modules__;
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/asset-relocator-loader */
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = decodeURIComponent(new URL('.', import.meta.url).pathname).slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/******/ /* webpack/runtime/async module */
/******/ (() => {
/******/ 	var webpackQueues = typeof Symbol === "function" ? Symbol("webpack queues") : "__webpack_queues__";
/******/ 	var webpackExports = typeof Symbol === "function" ? Symbol("webpack exports") : "__webpack_exports__";
/******/ 	var webpackError = typeof Symbol === "function" ? Symbol("webpack error") : "__webpack_error__";
/******/ 	var resolveQueue = (queue) => {
/******/ 		if(queue && queue.d < 1) {
/******/ 			queue.d = 1;
/******/ 			queue.forEach((fn) => (fn.r--));
/******/ 			queue.forEach((fn) => (fn.r-- ? fn.r++ : fn()));
/******/ 		}
/******/ 	}
/******/ 	var wrapDeps = (deps) => (deps.map((dep) => {
/******/ 		if(dep !== null && typeof dep === "object") {
/******/ 			if(dep[webpackQueues]) return dep;
/******/ 			if(dep.then) {
/******/ 				var queue = [];
/******/ 				queue.d = 0;
/******/ 				dep.then((r) => {
/******/ 					obj[webpackExports] = r;
/******/ 					resolveQueue(queue);
/******/ 				}, (e) => {
/******/ 					obj[webpackError] = e;
/******/ 					resolveQueue(queue);
/******/ 				});
/******/ 				var obj = {};
/******/ 				obj[webpackQueues] = (fn) => (fn(queue));
/******/ 				return obj;
/******/ 			}
/******/ 		}
/******/ 		var ret = {};
/******/ 		ret[webpackQueues] = x => {};
/******/ 		ret[webpackExports] = dep;
/******/ 		return ret;
/******/ 	}));
/******/ 	__nccwpck_require__.a = (module, body, hasAwait) => {
/******/ 		var queue;
/******/ 		hasAwait && ((queue = []).d = -1);
/******/ 		var depQueues = new Set();
/******/ 		var exports = module.exports;
/******/ 		var currentDeps;
/******/ 		var outerResolve;
/******/ 		var reject;
/******/ 		var promise = new Promise((resolve, rej) => {
/******/ 			reject = rej;
/******/ 			outerResolve = resolve;
/******/ 		});
/******/ 		promise[webpackExports] = exports;
/******/ 		promise[webpackQueues] = (fn) => (queue && fn(queue), depQueues.forEach(fn), promise["catch"](x => {}));
/******/ 		module.exports = promise;
/******/ 		body((deps) => {
/******/ 			currentDeps = wrapDeps(deps);
/******/ 			var fn;
/******/ 			var getResult = () => (currentDeps.map((d) => {
/******/ 				if(d[webpackError]) throw d[webpackError];
/******/ 				return d[webpackExports];
/******/ 			}))
/******/ 			var promise = new Promise((resolve) => {
/******/ 				fn = () => (resolve(getResult));
/******/ 				fn.r = 0;
/******/ 				var fnQueue = (q) => (q !== queue && !depQueues.has(q) && (depQueues.add(q), q && !q.d && (fn.r++, q.push(fn))));
/******/ 				currentDeps.map((dep) => (dep[webpackQueues](fnQueue)));
/******/ 			});
/******/ 			return fn.r ? promise : getResult();
/******/ 		}, (err) => ((err ? reject(promise[webpackError] = err) : outerResolve(exports)), resolveQueue(queue)));
/******/ 		queue && queue.d < 0 && (queue.d = 0);
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/compat get default export */
/******/ (() => {
/******/ 	// getDefaultExport function for compatibility with non-harmony modules
/******/ 	__nccwpck_require__.n = (module) => {
/******/ 		var getter = module && module.__esModule ?
/******/ 			() => (module['default']) :
/******/ 			() => (module);
/******/ 		__nccwpck_require__.d(getter, { a: getter });
/******/ 		return getter;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/create fake namespace object */
/******/ (() => {
/******/ 	var getProto = Object.getPrototypeOf ? (obj) => (Object.getPrototypeOf(obj)) : (obj) => (obj.__proto__);
/******/ 	var leafPrototypes;
/******/ 	// create a fake namespace object
/******/ 	// mode & 1: value is a module id, require it
/******/ 	// mode & 2: merge all properties of value into the ns
/******/ 	// mode & 4: return value when already ns object
/******/ 	// mode & 16: return value when it's Promise-like
/******/ 	// mode & 8|1: behave like require
/******/ 	__nccwpck_require__.t = function(value, mode) {
/******/ 		if(mode & 1) value = this(value);
/******/ 		if(mode & 8) return value;
/******/ 		if(typeof value === 'object' && value) {
/******/ 			if((mode & 4) && value.__esModule) return value;
/******/ 			if((mode & 16) && typeof value.then === 'function') return value;
/******/ 		}
/******/ 		var ns = Object.create(null);
/******/ 		__nccwpck_require__.r(ns);
/******/ 		var def = {};
/******/ 		leafPrototypes = leafPrototypes || [null, getProto({}), getProto([]), getProto(getProto)];
/******/ 		for(var current = mode & 2 && value; typeof current == 'object' && !~leafPrototypes.indexOf(current); current = getProto(current)) {
/******/ 			Object.getOwnPropertyNames(current).forEach((key) => (def[key] = () => (value[key])));
/******/ 		}
/******/ 		def['default'] = () => (value);
/******/ 		__nccwpck_require__.d(ns, def);
/******/ 		return ns;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/ensure chunk */
/******/ (() => {
/******/ 	__nccwpck_require__.f = {};
/******/ 	// This file contains only the entry chunk.
/******/ 	// The chunk loading function for additional chunks
/******/ 	__nccwpck_require__.e = (chunkId) => {
/******/ 		return Promise.all(Object.keys(__nccwpck_require__.f).reduce((promises, key) => {
/******/ 			__nccwpck_require__.f[key](chunkId, promises);
/******/ 			return promises;
/******/ 		}, []));
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/get javascript chunk filename */
/******/ (() => {
/******/ 	// This function allow to reference async chunks
/******/ 	__nccwpck_require__.u = (chunkId) => {
/******/ 		// return url for filenames based on template
/******/ 		return "" + chunkId + ".index.js";
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/******/ /* webpack/runtime/make namespace object */
/******/ (() => {
/******/ 	// define __esModule on exports
/******/ 	__nccwpck_require__.r = (exports) => {
/******/ 		if(typeof Symbol !== 'undefined' && Symbol.toStringTag) {
/******/ 			Object.defineProperty(exports, Symbol.toStringTag, { value: 'Module' });
/******/ 		}
/******/ 		Object.defineProperty(exports, '__esModule', { value: true });
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/import chunk loading */
/******/ (() => {
/******/ 	// no baseURI
/******/ 	
/******/ 	// object to store loaded and loading chunks
/******/ 	// undefined = chunk not loaded, null = chunk preloaded/prefetched
/******/ 	// [resolve, Promise] = chunk loading, 0 = chunk loaded
/******/ 	var installedChunks = {
/******/ 		792: 0
/******/ 	};
/******/ 	
/******/ 	var installChunk = (data) => {
/******/ 		var {ids, modules, runtime} = data;
/******/ 		// add "modules" to the modules object,
/******/ 		// then flag all "ids" as loaded and fire callback
/******/ 		var moduleId, chunkId, i = 0;
/******/ 		for(moduleId in modules) {
/******/ 			if(__nccwpck_require__.o(modules, moduleId)) {
/******/ 				__nccwpck_require__.m[moduleId] = modules[moduleId];
/******/ 			}
/******/ 		}
/******/ 		if(runtime) runtime(__nccwpck_require__);
/******/ 		for(;i < ids.length; i++) {
/******/ 			chunkId = ids[i];
/******/ 			if(__nccwpck_require__.o(installedChunks, chunkId) && installedChunks[chunkId]) {
/******/ 				installedChunks[chunkId][0]();
/******/ 			}
/******/ 			installedChunks[ids[i]] = 0;
/******/ 		}
/******/ 	
/******/ 	}
/******/ 	
/******/ 	__nccwpck_require__.f.j = (chunkId, promises) => {
/******/ 			// import() chunk loading for javascript
/******/ 			var installedChunkData = __nccwpck_require__.o(installedChunks, chunkId) ? installedChunks[chunkId] : undefined;
/******/ 			if(installedChunkData !== 0) { // 0 means "already installed".
/******/ 	
/******/ 				// a Promise means "currently loading".
/******/ 				if(installedChunkData) {
/******/ 					promises.push(installedChunkData[1]);
/******/ 				} else {
/******/ 					if(true) { // all chunks have JS
/******/ 						// setup Promise in chunk cache
/******/ 						var promise = import("./" + __nccwpck_require__.u(chunkId)).then(installChunk, (e) => {
/******/ 							if(installedChunks[chunkId] !== 0) installedChunks[chunkId] = undefined;
/******/ 							throw e;
/******/ 						});
/******/ 						var promise = Promise.race([promise, new Promise((resolve) => (installedChunkData = installedChunks[chunkId] = [resolve]))])
/******/ 						promises.push(installedChunkData[1] = promise);
/******/ 					}
/******/ 				}
/******/ 			}
/******/ 	};
/******/ 	
/******/ 	// no prefetching
/******/ 	
/******/ 	// no preloaded
/******/ 	
/******/ 	// no external install chunk
/******/ 	
/******/ 	// no on chunks loaded
/******/ })();
/******/ 
/************************************************************************/
/******/ 
/******/ // startup
/******/ // Load entry module and return exports
/******/ // This entry module used 'module' so it can't be inlined
/******/ var __webpack_exports__ = __nccwpck_require__(9407);
/******/ __webpack_exports__ = await __webpack_exports__;
/******/ 
