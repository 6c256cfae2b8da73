import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 9407:
/***/ ((module, __unused_webpack___webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
/* harmony import */ var _main_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(8238);

await (0,_main_js__WEBPACK_IMPORTED_MODULE_0__/* .run */ .e)();
// Everything is written once run() returns; background compilation of undici's WebAssembly parser
// would otherwise keep the process alive ~80 ms. Exit once stdout has taken its last line.
process.stdout.write('', () => process.exit());

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 8422:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Xg: () => (/* binding */ readConfig),
/* harmony export */   dz: () => (/* binding */ InputError)
/* harmony export */ });
/* unused harmony exports DEFAULT_API_BASE_URL, parseMaxAge, parsePsks */
/* harmony import */ var _log_text_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(3529);
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
/** Printable ASCII without whitespace: what an HTTP header value and a PSK may hold. */
const PRINTABLE_ASCII = /^[\x21-\x7e]+$/;
const MAX_CONCURRENCY = 32;
const DEFAULT_CONCURRENCY = 4;
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
        if (value && !PRINTABLE_ASCII.test(value)) {
            throw new InputError(name, 'contains whitespace or characters that cannot be sent in an HTTP header: check for a stray newline, space or quote where the secret was copied.');
        }
        return value;
    };
    const apiToken = secretInput('api-token');
    const apiKey = secretInput('api-key');
    const githubToken = secretInput('github-token');
    const explicitPsks = parsePsks(source.getInput('psks'), (0,_mask_js__WEBPACK_IMPORTED_MODULE_0__/* .pskMasker */ .m)((secret) => source.setSecret(secret)));
    const currentBundle = parseCurrentBundle(source.getInput('current-bundle'), source.setSecret.bind(source));
    const accountId = input('account-id');
    if (!accountId)
        throw new InputError('account-id', 'is required: the 32-character Cloudflare account ID.');
    if (!ID_PATTERN.test(accountId)) {
        throw new InputError('account-id', `expected a Cloudflare account ID of 32 hexadecimal characters, got ${(0,_log_text_js__WEBPACK_IMPORTED_MODULE_1__/* .quoteInput */ .Zs)(accountId)}.`);
    }
    const credentials = readCredentials(apiToken, input('api-email'), apiKey);
    const mode = parseMode(input('mode'));
    if (mode === 'generate' && explicitPsks.size > 0) {
        throw new InputError('psks', "is only used with 'mode: set'; in generate mode Cloudflare chooses every PSK.");
    }
    checkModeInputs(mode, input, explicitPsks.size > 0);
    return {
        accountId: accountId.toLowerCase(),
        credentials,
        apiBaseUrl: parseBaseUrl(input('api-base-url')),
        selector: parseSelector(input('tunnel-ids'), input('tunnel-names')),
        mode,
        validateOnly: parseBoolean('validate-only', input('validate-only'), false),
        maxAgeMs: parseMaxAge(input('max-age')),
        verifyTimeoutMs: parseDuration('verify-timeout', input('verify-timeout')) ?? DEFAULT_VERIFY_TIMEOUT_MS,
        maxTunnels: parseInteger('max-tunnels', input('max-tunnels'), { min: 1 }),
        stagger: parseStagger(input('stagger')),
        concurrency: parseInteger('concurrency', input('concurrency'), { min: 1, max: MAX_CONCURRENCY }) ?? DEFAULT_CONCURRENCY,
        explicitPsks,
        pskLength: parseInteger('psk-length', input('psk-length'), PSK_LENGTH) ?? PSK_LENGTH.default,
        secrets: parseSecretsConfig(input, githubToken, env, currentBundle),
    };
}
function readCredentials(apiToken, apiEmail, apiKey) {
    if (apiToken && (apiEmail || apiKey)) {
        throw new InputError('api-token', "give either 'api-token' or 'api-email' with 'api-key', not both.");
    }
    if (apiEmail && !PRINTABLE_ASCII.test(apiEmail)) {
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
    if (mode === 'generate' || mode === 'set' || mode === 'verify')
        return mode;
    throw new InputError('mode', `expected 'generate', 'set' or 'verify', got ${(0,_log_text_js__WEBPACK_IMPORTED_MODULE_1__/* .quoteInput */ .Zs)(value)}.`);
}
/** Inputs that only make sense with a mode that rotates, or only with verify, are mistakes elsewhere. */
function checkModeInputs(mode, input, hasPsks) {
    if (mode !== 'verify') {
        if (input('verify-timeout'))
            throw new InputError('verify-timeout', "is only used with 'mode: verify'.");
        return;
    }
    const rotatesOnly = "is not used with 'mode: verify', which rotates nothing: remove it from this step.";
    if (hasPsks)
        throw new InputError('psks', rotatesOnly);
    const pskLength = input('psk-length');
    if (pskLength && pskLength !== String(PSK_LENGTH.default))
        throw new InputError('psk-length', rotatesOnly);
    for (const name of ['max-age', 'max-tunnels'])
        if (input(name))
            throw new InputError(name, rotatesOnly);
    const scope = input('secret-scope').toLowerCase();
    if (scope && scope !== 'none')
        throw new InputError('secret-scope', rotatesOnly);
    if (/^(true|yes|on)$/i.test(input('validate-only')))
        throw new InputError('validate-only', rotatesOnly);
}
function parseBaseUrl(value) {
    if (!value)
        return DEFAULT_API_BASE_URL;
    let url;
    try {
        url = new URL(value);
    }
    catch {
        throw new InputError('api-base-url', `expected an http(s) URL such as ${DEFAULT_API_BASE_URL}, got ${(0,_log_text_js__WEBPACK_IMPORTED_MODULE_1__/* .quoteInput */ .Zs)(value)}.`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
        throw new InputError('api-base-url', `expected an http(s) URL such as ${DEFAULT_API_BASE_URL}, got ${(0,_log_text_js__WEBPACK_IMPORTED_MODULE_1__/* .quoteInput */ .Zs)(value)}.`);
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
    const ids = all
        ? []
        : idTokens.map((token) => {
            if (!ID_PATTERN.test(token)) {
                throw new InputError('tunnel-ids', `expected tunnel IDs of 32 hexadecimal characters (or 'all'), got ${(0,_log_text_js__WEBPACK_IMPORTED_MODULE_1__/* .quoteInput */ .Zs)(token)}.`);
            }
            return token.toLowerCase();
        });
    const namePatterns = namesValue
        .split(/[\n,]/)
        .map((pattern) => pattern.trim())
        .filter(Boolean);
    if (!all && ids.length === 0 && namePatterns.length === 0) {
        throw new InputError('tunnel-ids', "select tunnels with 'tunnel-ids' (IDs or 'all') or 'tunnel-names' (name patterns such as 'branch-*').");
    }
    return { all, ids: [...new Set(ids)], namePatterns: [...new Set(namePatterns)] };
}
function parseStagger(value) {
    const stagger = value.toLowerCase() || 'customer-endpoint';
    if (stagger === 'customer-endpoint' || stagger === 'none')
        return stagger;
    throw new InputError('stagger', `expected 'customer-endpoint' or 'none', got ${(0,_log_text_js__WEBPACK_IMPORTED_MODULE_1__/* .quoteInput */ .Zs)(value)}.`);
}
function parseBoolean(name, value, defaultValue) {
    if (!value)
        return defaultValue;
    if (/^(true|yes|on)$/i.test(value))
        return true;
    if (/^(false|no|off)$/i.test(value))
        return false;
    throw new InputError(name, `expected 'true' or 'false', got ${(0,_log_text_js__WEBPACK_IMPORTED_MODULE_1__/* .quoteInput */ .Zs)(value)}.`);
}
/** A whole number within `limits`, or null when the input is empty. */
function parseInteger(name, value, limits) {
    if (!value)
        return null;
    const number = /^\d+$/.test(value) ? Number(value) : Number.NaN;
    const max = limits.max ?? Number.MAX_SAFE_INTEGER;
    if (!Number.isSafeInteger(number) || number < limits.min || number > max) {
        const range = limits.max === undefined ? `of at least ${limits.min}` : `from ${limits.min} to ${limits.max}`;
        throw new InputError(name, `expected a whole number ${range}, got ${(0,_log_text_js__WEBPACK_IMPORTED_MODULE_1__/* .quoteInput */ .Zs)(value)}.`);
    }
    return number;
}
const SECOND_MS = 1_000;
const MINUTE_MS = 60 * SECOND_MS;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
const WEEK_MS = 7 * DAY_MS;
const UNIT_MS = { s: SECOND_MS, m: MINUTE_MS, h: HOUR_MS, d: DAY_MS, w: WEEK_MS };
const DEFAULT_VERIFY_TIMEOUT_MS = 10 * MINUTE_MS;
const ISO_DURATION = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/i;
/** `30m`, `12h`, `90d`, `2w`, or ISO 8601 such as `P90D` or `PT12H`. Empty: no age limit. */
function parseMaxAge(value) {
    return parseDuration('max-age', value);
}
/** A positive duration in `name`: `30m`, `12h`, `90d`, `2w`, or ISO 8601 such as `P90D` or `PT12H`; null when empty. */
function parseDuration(name, value) {
    if (!value)
        return null;
    const simple = /^(\d+)\s*([smhdw])$/i.exec(value);
    let ms = null;
    if (simple) {
        ms = Number(simple[1]) * (UNIT_MS[(simple[2] ?? '').toLowerCase()] ?? 0);
    }
    else {
        const iso = ISO_DURATION.exec(value);
        if (iso && /\d/.test(value) && !value.toUpperCase().endsWith('T')) {
            const [weeks = 0, days = 0, hours = 0, minutes = 0, seconds = 0] = iso.slice(1).map((part) => Number(part ?? 0));
            ms = weeks * WEEK_MS + days * DAY_MS + hours * HOUR_MS + minutes * MINUTE_MS + seconds * SECOND_MS;
        }
    }
    if (ms === null || ms <= 0 || !Number.isSafeInteger(ms)) {
        throw new InputError(name, `expected a positive duration such as '30m', '12h', '90d', '2w' or ISO 8601 'P90D', got ${(0,_log_text_js__WEBPACK_IMPORTED_MODULE_1__/* .quoteInput */ .Zs)(value)}.`);
    }
    return ms;
}
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
        // Entries are named by position only: a key may be a PSK pasted where the tunnel ID belongs.
        Object.entries(parsed).forEach(([key, psk], index) => {
            if (typeof psk === 'string' && psk)
                mask(psk);
            entries.push([key, psk, `entry ${index + 1}`]);
        });
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
        if (!PRINTABLE_ASCII.test(psk)) {
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
function parseSecretsConfig(input, githubToken, env, currentBundle) {
    const scopeValue = input('secret-scope').toLowerCase() || 'none';
    const scope = SCOPES.find((candidate) => candidate === scopeValue);
    if (!scope) {
        throw new InputError('secret-scope', `expected 'none', 'repository', 'environment' or 'organization', got ${(0,_log_text_js__WEBPACK_IMPORTED_MODULE_1__/* .quoteInput */ .Zs)(scopeValue)}.`);
    }
    const layout = input('secret-layout').toLowerCase() || 'per-tunnel';
    if (layout !== 'per-tunnel' && layout !== 'bundle') {
        throw new InputError('secret-layout', `expected 'per-tunnel' or 'bundle', got ${(0,_log_text_js__WEBPACK_IMPORTED_MODULE_1__/* .quoteInput */ .Zs)(layout)}.`);
    }
    const nameTemplate = parseSecretNameTemplate(input('secret-name') || DEFAULT_SECRET_NAME);
    if (layout === 'per-tunnel' && currentBundle !== null) {
        throw new InputError('current-bundle', "is only used with 'secret-layout: bundle'.");
    }
    if (scope === 'none') {
        if (layout === 'bundle')
            throw new InputError('secret-layout', "'bundle' needs a 'secret-scope' to write the bundle secret to.");
        return null;
    }
    const bundle = layout === 'bundle' ? { name: bundleSecretName(nameTemplate), current: currentBundle } : null;
    if (!githubToken) {
        throw new InputError('github-token', `is required with 'secret-scope: ${scope}': a token allowed to write Actions secrets (a fine-grained PAT with "Secrets: Read and write", or a GitHub App installation token). The workflow's GITHUB_TOKEN cannot write secrets.`);
    }
    const repository = input('repository') || env.GITHUB_REPOSITORY || '';
    const [owner, repo, ...rest] = repository.split('/');
    if (scope !== 'organization' || input('repository')) {
        if (!owner || !repo || rest.length > 0 || !OWNER_OR_REPO.test(owner) || !OWNER_OR_REPO.test(repo)) {
            throw new InputError('repository', `expected 'owner/name', got ${(0,_log_text_js__WEBPACK_IMPORTED_MODULE_1__/* .quoteInput */ .Zs)(repository)}.`);
        }
    }
    const environment = input('environment');
    if (scope === 'environment' && !environment) {
        throw new InputError('environment', "is required with 'secret-scope: environment': the name of the GitHub environment.");
    }
    const organization = input('organization') || owner || env.GITHUB_REPOSITORY_OWNER || '';
    if (scope === 'organization' && !OWNER_OR_REPO.test(organization)) {
        throw new InputError('organization', `expected an organization login, got ${(0,_log_text_js__WEBPACK_IMPORTED_MODULE_1__/* .quoteInput */ .Zs)(organization)}.`);
    }
    const visibility = input('secret-visibility').toLowerCase() || 'private';
    if (visibility !== 'private' && visibility !== 'all') {
        throw new InputError('secret-visibility', `expected 'private' or 'all', got ${(0,_log_text_js__WEBPACK_IMPORTED_MODULE_1__/* .quoteInput */ .Zs)(visibility)}.`);
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
        bundle,
    };
}
const DEFAULT_BUNDLE_NAME = 'IPSEC_PSKS';
/** The bundle's one secret name: IPSEC_PSKS unless `secret-name` gives a fixed name. */
function bundleSecretName(template) {
    if (template === DEFAULT_SECRET_NAME)
        return DEFAULT_BUNDLE_NAME;
    if (/\{(id|name)\}/.test(template)) {
        throw new InputError('secret-name', "holds {id} or {name}, but 'secret-layout: bundle' writes one secret: give it a fixed name, or leave it out for IPSEC_PSKS.");
    }
    const name = template.toUpperCase();
    if (!/^[A-Z_][A-Z0-9_]*$/.test(name)) {
        throw new InputError('secret-name', 'must be letters, digits and underscores, not starting with a digit, for the bundle secret.');
    }
    return name;
}
const BUNDLE_HINT = 'Pass the bundle secret exactly as stored, e.g. `current-bundle: ${{ secrets.IPSEC_PSKS }}`: a JSON object {"<tunnel id>": "<psk>"}.';
/**
 * `current-bundle`: the bundle secret's value, masked as a whole and then PSK by PSK before it is
 * looked at. Quotes nothing of it in an error. Null when empty.
 */
function parseCurrentBundle(raw, setSecret) {
    const text = raw.trim();
    if (!text)
        return null;
    setSecret(text);
    const mask = (0,_mask_js__WEBPACK_IMPORTED_MODULE_0__/* .pskMasker */ .m)(setSecret);
    let parsed;
    try {
        parsed = JSON.parse(text);
    }
    catch {
        for (const line of text.split('\n'))
            if (line.trim())
                setSecret(line.trim());
        throw new InputError('current-bundle', `is not valid JSON. ${BUNDLE_HINT}`);
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
        throw new InputError('current-bundle', `is not a JSON object. ${BUNDLE_HINT}`);
    }
    const entries = Object.entries(parsed);
    for (const [, psk] of entries)
        if (typeof psk === 'string' && psk)
            mask(psk);
    const bad = entries.findIndex(([, psk]) => typeof psk !== 'string' || !psk);
    if (bad !== -1)
        throw new InputError('current-bundle', `entry ${bad + 1} is not a non-empty string. ${BUNDLE_HINT}`);
    return new Map(entries);
}
function parseSecretNameTemplate(template) {
    const unknown = /\{(?!id\}|name\})[^}]*\}/.exec(template);
    if (unknown) {
        throw new InputError('secret-name', `unknown placeholder ${(0,_log_text_js__WEBPACK_IMPORTED_MODULE_1__/* .quoteInput */ .Zs)(unknown[0])}: use {id} and {name}.`);
    }
    // The text before the first placeholder starts every secret name: check it before any request.
    const prefix = (template.split('{')[0] ?? '').toUpperCase().replace(/[^A-Z0-9_]/gu, '_');
    if (prefix.startsWith('GITHUB_')) {
        throw new InputError('secret-name', 'gives names starting with GITHUB_, which GitHub reserves.');
    }
    if (/^[0-9]/.test(prefix))
        throw new InputError('secret-name', 'gives names starting with a digit, which GitHub does not allow.');
    return template;
}


/***/ }),

/***/ 3529:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Ei: () => (/* binding */ safeLog),
/* harmony export */   Zs: () => (/* binding */ quoteInput),
/* harmony export */   a0: () => (/* binding */ neutralizeLine),
/* harmony export */   qY: () => (/* binding */ outside)
/* harmony export */ });
/**
 * The runner reads every line the step prints: a line that starts with `::` (after blanks) or
 * that holds `##[` anywhere is a workflow command, and `::stop-commands::` or `##[stop-commands]`
 * would switch masking off for every later line. Text from outside (tunnel names, Cloudflare and
 * GitHub messages, header values) passes through here before it reaches a log line, an error or
 * the summary, so it can neither start a line nor hide a command inside one.
 */
const DEFAULT_MAX_LENGTH = 200;
// C0 and C1 controls, DEL, and the Unicode line and paragraph separators.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
const ZERO_WIDTH_SPACE = '\u200b';
const LEGACY_COMMAND = /##\[/g;
const COMMAND_AT_LINE_START = /^(\s*):/;
function escapeControl(char) {
    const code = char.charCodeAt(0);
    if (char === '\n')
        return '\\n';
    if (char === '\r')
        return '\\r';
    if (char === '\t')
        return '\\t';
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}
/**
 * One log line that the runner cannot read as a command: control characters shown as escapes
 * (so the message stays on one line), `##[` broken up, and a leading `:` guarded.
 */
function neutralizeLine(message) {
    return message
        .replace(CONTROL, escapeControl)
        .replace(LEGACY_COMMAND, `#${ZERO_WIDTH_SPACE}#[`)
        .replace(COMMAND_AT_LINE_START, `$1${ZERO_WIDTH_SPACE}:`);
}
/**
 * Outside text as it may appear inside a message: neutralized and cut to `maxLength` characters,
 * saying how much was left out.
 */
function outside(value, maxLength = DEFAULT_MAX_LENGTH) {
    const text = typeof value === 'string' ? value : String(value);
    const chars = [...text];
    const cut = chars.length > maxLength ? `${chars.slice(0, maxLength).join('')}… (${chars.length - maxLength} more characters)` : text;
    return neutralizeLine(cut);
}
/** `core` with every message neutralized on its way out: the one door log text goes through. */
function safeLog(core) {
    const guard = (write) => (message) => write(neutralizeLine(message));
    return {
        ...core,
        info: guard((message) => core.info(message)),
        warning: guard((message) => core.warning(message)),
        error: guard((message) => core.error(message)),
        debug: guard((message) => core.debug(message)),
        setFailed: guard((message) => core.setFailed(message)),
    };
}
const URL_CREDENTIALS = /\/\/[^/@\s]*@/g;
/** A user's input quoted in an error: short, credential-free (`//user:password@` hidden), safe. */
function quoteInput(value, maxLength = 40) {
    return `'${outside(value.replace(URL_CREDENTIALS, '//***@'), maxLength)}'`;
}


/***/ }),

/***/ 8238:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  e: () => (/* binding */ run)
});

// EXTERNAL MODULE: ./src/inputs.ts
var inputs = __nccwpck_require__(8422);
;// CONCATENATED MODULE: external "node:os"
const external_node_os_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");
// EXTERNAL MODULE: ./src/log-text.ts
var log_text = __nccwpck_require__(3529);
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
        issue('error', (0,log_text/* neutralizeLine */.a0)(message));
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
    const [core, { rotateTunnels }] = await Promise.all([Promise.all(/* import() */[__nccwpck_require__.e(752), __nccwpck_require__.e(421)]).then(__nccwpck_require__.bind(__nccwpck_require__, 6421)), Promise.all(/* import() */[__nccwpck_require__.e(752), __nccwpck_require__.e(253)]).then(__nccwpck_require__.bind(__nccwpck_require__, 6253))]);
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

/***/ 3024:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");

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
