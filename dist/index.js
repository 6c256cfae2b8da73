import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 3916:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   QW: () => (/* binding */ isUnexpected),
/* harmony export */   Uc: () => (/* binding */ describeError),
/* harmony export */   lZ: () => (/* binding */ ActionError)
/* harmony export */ });
/**
 * A failure the action understands and explains: a user's mistake, a refusal, a network fault, a
 * cancel. It is reported by its message alone; anything else that is thrown is a bug, and its stack
 * goes to the debug log.
 */
class ActionError extends Error {
    constructor(message, options) {
        super(message, options);
        this.name = new.target.name;
    }
}
function describeError(error) {
    return error instanceof Error ? error.message : String(error);
}
/** A bug rather than a refusal or a user's mistake. */
function isUnexpected(error) {
    return error instanceof Error && !(error instanceof ActionError);
}


/***/ }),

/***/ 1643:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   G7: () => (/* binding */ LONGEST_GENERATED_PSK),
/* harmony export */   n8: () => (/* binding */ BUNDLE_SIZE_LIMIT_BYTES),
/* harmony export */   nq: () => (/* binding */ mergeBundle)
/* harmony export */ });
/** The bundle secret's value, with nothing but pure code: the input check uses it before any module with a client loads. */
/** GitHub's cap on one secret's value. */
const BUNDLE_SIZE_LIMIT_BYTES = 48 * 1024;
/**
 * Generate mode does not know a PSK's length before Cloudflare makes it: the size check assumes
 * this many characters, more than Cloudflare's generated PSKs have.
 */
const LONGEST_GENERATED_PSK = 64;
/**
 * The bundle's new value: every entry of `current` exactly as given and in its order, each PSK of
 * `updates` replacing its tunnel's entry or appended. Written by hand so that no key is reordered.
 */
function mergeBundle(current, updates) {
    const merged = new Map(current ?? []);
    for (const [id, psk] of updates)
        merged.set(id, psk);
    return `{${[...merged].map(([id, psk]) => `${JSON.stringify(id)}:${JSON.stringify(psk)}`).join(',')}}`;
}


/***/ }),

/***/ 9367:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Uo: () => (/* binding */ checkSecretNameTemplate),
/* harmony export */   WM: () => (/* binding */ isPlainSecretName),
/* harmony export */   k6: () => (/* binding */ renderSecretName),
/* harmony export */   m9: () => (/* binding */ secretNamesFor)
/* harmony export */ });
/* harmony import */ var _inputs_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(1318);
/* harmony import */ var _log_text_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(3529);


/**
 * GitHub's rules for a secret name, in one place: checked on the `secret-name` input before any
 * request (`checkSecretNameTemplate`, `isPlainSecretName`) and on every rendered name in the
 * preflight (`secretNamesFor`).
 */
/** The rule of GitHub's that a secret name, or the text every name starts with, breaks; null if none. */
function brokenRule(name) {
    if (name.startsWith('GITHUB_'))
        return 'reserved';
    if (/^[0-9]/.test(name))
        return 'digit';
    return null;
}
/** Upper-cased, and every character outside A-Z, 0-9 and _ (each code point, so an emoji is one `_`) replaced by `_`. */
function toSecretNameCharacters(text) {
    return text.toUpperCase().replace(/[^A-Z0-9_]/gu, '_');
}
/** A name used as it is (the bundle secret's fixed name): letters, digits and underscores, not starting with a digit. */
function isPlainSecretName(name) {
    return /^[A-Z_][A-Z0-9_]*$/.test(name);
}
/**
 * `secret-name` checked before any request: only the {id} and {name} placeholders, and the text
 * before the first placeholder, which starts every secret name, within GitHub's rules.
 */
function checkSecretNameTemplate(template) {
    const unknown = /\{(?!id\}|name\})[^}]*\}/.exec(template);
    if (unknown) {
        throw new _inputs_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .d('secret-name', `unknown placeholder ${(0,_log_text_js__WEBPACK_IMPORTED_MODULE_1__/* .quoteInput */ .Zs)(unknown[0])}: use {id} and {name}.`);
    }
    switch (brokenRule(toSecretNameCharacters(template.split('{')[0] ?? ''))) {
        case 'reserved':
            throw new _inputs_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .d('secret-name', 'gives names starting with GITHUB_, which GitHub reserves.');
        case 'digit':
            throw new _inputs_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .d('secret-name', 'gives names starting with a digit, which GitHub does not allow.');
        case null:
            return template;
    }
}
/** `{id}` and `{name}` filled in, then made of GitHub's secret-name characters (`toSecretNameCharacters`). */
function renderSecretName(template, tunnel) {
    return toSecretNameCharacters(template.replace(/\{(id|name)\}/g, (_match, key) => (key === 'id' ? tunnel.id : tunnel.name)));
}
/**
 * The secret name of every tunnel, by tunnel ID. A name GitHub would reject, or two tunnels
 * sharing a name, is an InputError on `secret-name`: caught before anything changes.
 */
function secretNamesFor(template, tunnels) {
    const names = new Map();
    const owners = new Map();
    const quoted = `'${(0,_log_text_js__WEBPACK_IMPORTED_MODULE_1__/* .outside */ .qY)(template, 100)}'`;
    for (const tunnel of tunnels) {
        const name = renderSecretName(template, tunnel);
        const which = `tunnel '${(0,_log_text_js__WEBPACK_IMPORTED_MODULE_1__/* .outside */ .qY)(tunnel.name, 100)}' (${tunnel.id})`;
        const shown = `'${(0,_log_text_js__WEBPACK_IMPORTED_MODULE_1__/* .outside */ .qY)(name, 100)}'`;
        if (name === '')
            throw new _inputs_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .d('secret-name', `${quoted} gives an empty secret name for ${which}.`);
        switch (brokenRule(name)) {
            case 'reserved':
                throw new _inputs_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .d('secret-name', `${quoted} gives ${shown} for ${which}; GitHub reserves names starting with GITHUB_.`);
            case 'digit':
                throw new _inputs_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .d('secret-name', `${quoted} gives ${shown} for ${which}; secret names must not start with a digit.`);
        }
        names.set(tunnel.id, name);
        owners.set(name, [...(owners.get(name) ?? []), tunnel]);
    }
    const clashes = [...owners].filter(([, sharing]) => sharing.length > 1);
    if (clashes.length > 0) {
        const shown = clashes
            .slice(0, 3)
            .map(([name, sharing]) => `${sharing.map((tunnel) => `'${(0,_log_text_js__WEBPACK_IMPORTED_MODULE_1__/* .outside */ .qY)(tunnel.name, 100)}'`).join(', ')} all become '${(0,_log_text_js__WEBPACK_IMPORTED_MODULE_1__/* .outside */ .qY)(name, 100)}'`);
        const more = clashes.length > 3 ? ` (and ${clashes.length - 3} more)` : '';
        throw new _inputs_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .d('secret-name', `${quoted} gives several selected tunnels the same secret name: ${shown.join('; ')}${more}. Add {id} to the template, or rename the tunnels.`);
    }
    return names;
}


/***/ }),

/***/ 9407:
/***/ ((module, __unused_webpack___webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
/* harmony import */ var _main_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(8874);

await (0,_main_js__WEBPACK_IMPORTED_MODULE_0__/* .run */ .e)();
// Everything is written once run() returns; background compilation of undici's WebAssembly parser
// would otherwise keep the process alive ~80 ms. Exit once stdout has taken its last line.
process.stdout.write('', () => process.exit());

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 9027:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  dz: () => (/* reexport */ errors/* InputError */.d),
  Xg: () => (/* binding */ readConfig)
});

// UNUSED EXPORTS: DEFAULT_API_BASE_URL, EnvironmentError, parseMaxAge, parsePsks

// EXTERNAL MODULE: external "node:net"
var external_node_net_ = __nccwpck_require__(7030);
// EXTERNAL MODULE: ./src/log-text.ts
var log_text = __nccwpck_require__(3529);
// EXTERNAL MODULE: ./src/logger.ts
var logger = __nccwpck_require__(6999);
// EXTERNAL MODULE: ./src/mask.ts
var src_mask = __nccwpck_require__(5235);
// EXTERNAL MODULE: ./src/proxy-env.ts
var proxy_env = __nccwpck_require__(5049);
// EXTERNAL MODULE: ./src/routers.ts
var routers = __nccwpck_require__(4673);
// EXTERNAL MODULE: ./src/inputs/errors.ts
var errors = __nccwpck_require__(1318);
// EXTERNAL MODULE: ./src/inputs/values.ts
var values = __nccwpck_require__(8463);
;// CONCATENATED MODULE: ./src/inputs/psks.ts


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
            throw new errors/* InputError */.d('psks', 'is not valid JSON: expected an object such as {"<tunnel id>": "<psk>"}.');
        }
        if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
            throw new errors/* InputError */.d('psks', 'expected a JSON object such as {"<tunnel id>": "<psk>"}.');
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
            throw new errors/* InputError */.d('psks', `${where} is not of the form TUNNEL_ID=PSK.`);
        if (!values/* ID_PATTERN */.pw.test(key)) {
            throw new errors/* InputError */.d('psks', `${where}: expected a tunnel ID of 32 hexadecimal characters as the key.`);
        }
        const id = key.toLowerCase();
        if (typeof psk !== 'string' || !psk)
            throw new errors/* InputError */.d('psks', `${where}: the PSK for tunnel ${id} is empty or not a string.`);
        if (!values/* PRINTABLE_ASCII */._o.test(psk)) {
            throw new errors/* InputError */.d('psks', `${where}: the PSK for tunnel ${id} must be printable ASCII without whitespace.`);
        }
        if (psks.has(id))
            throw new errors/* InputError */.d('psks', `${where}: tunnel ${id} is given more than once.`);
        psks.set(id, psk);
    }
    return psks;
}

// EXTERNAL MODULE: ./src/github-secrets/bundle-format.ts
var bundle_format = __nccwpck_require__(1643);
// EXTERNAL MODULE: ./src/github-secrets/names.ts
var names = __nccwpck_require__(9367);
;// CONCATENATED MODULE: ./src/inputs/secrets.ts






const DEFAULT_SECRET_NAME = 'IPSEC_PSK_{name}';
const SCOPES = ['none', 'repository', 'environment', 'organization'];
const OWNER_OR_REPO = /^[A-Za-z0-9_.-]+$/;
function parseSecretsConfig(input, githubToken, env, currentBundle) {
    const scopeValue = input('secret-scope').toLowerCase() || 'none';
    const scope = SCOPES.find((candidate) => candidate === scopeValue);
    if (!scope) {
        throw new errors/* InputError */.d('secret-scope', `expected 'none', 'repository', 'environment' or 'organization', got ${(0,log_text/* quoteInput */.Zs)(scopeValue)}.`);
    }
    const layout = input('secret-layout').toLowerCase() || 'per-tunnel';
    if (layout !== 'per-tunnel' && layout !== 'bundle') {
        throw new errors/* InputError */.d('secret-layout', `expected 'per-tunnel' or 'bundle', got ${(0,log_text/* quoteInput */.Zs)(layout)}.`);
    }
    const nameTemplate = (0,names/* checkSecretNameTemplate */.Uo)(input('secret-name') || DEFAULT_SECRET_NAME);
    if (layout === 'per-tunnel' && currentBundle !== null) {
        throw new errors/* InputError */.d('current-bundle', "is only used with 'secret-layout: bundle'.");
    }
    if (scope === 'none') {
        if (layout === 'bundle')
            throw new errors/* InputError */.d('secret-layout', "'bundle' needs a 'secret-scope' to write the bundle secret to.");
        return null;
    }
    const bundle = layout === 'bundle' ? { name: bundleSecretName(nameTemplate), current: currentBundle } : null;
    if (!githubToken) {
        throw new errors/* InputError */.d('github-token', `is required with 'secret-scope: ${scope}': a token allowed to write Actions secrets (a fine-grained PAT with "Secrets: Read and write", or a GitHub App installation token). The workflow's GITHUB_TOKEN cannot write secrets.`);
    }
    const repository = input('repository') || env.GITHUB_REPOSITORY || '';
    const [owner, repo, ...rest] = repository.split('/');
    if (scope !== 'organization' || input('repository')) {
        if (!owner || !repo || rest.length > 0 || !OWNER_OR_REPO.test(owner) || !OWNER_OR_REPO.test(repo)) {
            throw new errors/* InputError */.d('repository', `expected 'owner/name', got ${(0,log_text/* quoteInput */.Zs)(repository)}.`);
        }
    }
    const environment = input('environment');
    if (scope === 'environment' && !environment) {
        throw new errors/* InputError */.d('environment', "is required with 'secret-scope: environment': the name of the GitHub environment.");
    }
    // GitHub's rules for an environment name: at most 255 characters, none of them a control character.
    if (environment && (environment.length > 255 || /[\u0000-\u001f\u007f]/.test(environment))) {
        throw new errors/* InputError */.d('environment', `expected a GitHub environment name (at most 255 characters, no control characters), got ${(0,log_text/* quoteInput */.Zs)(environment)}.`);
    }
    const organization = input('organization') || owner || env.GITHUB_REPOSITORY_OWNER || '';
    if (scope === 'organization' && !OWNER_OR_REPO.test(organization)) {
        throw new errors/* InputError */.d('organization', `expected an organization login, got ${(0,log_text/* quoteInput */.Zs)(organization)}.`);
    }
    const visibility = input('secret-visibility').toLowerCase() || 'private';
    if (visibility !== 'private' && visibility !== 'all') {
        throw new errors/* InputError */.d('secret-visibility', `expected 'private' or 'all', got ${(0,log_text/* quoteInput */.Zs)(visibility)}.`);
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
        throw new errors/* InputError */.d('secret-name', "holds {id} or {name}, but 'secret-layout: bundle' writes one secret: give it a fixed name, or leave it out for IPSEC_PSKS.");
    }
    const name = template.toUpperCase();
    if (!(0,names/* isPlainSecretName */.WM)(name)) {
        throw new errors/* InputError */.d('secret-name', 'must be letters, digits and underscores, not starting with a digit, for the bundle secret.');
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
    const mask = (0,src_mask/* pskMasker */.mJ)(setSecret);
    let parsed;
    try {
        parsed = JSON.parse(text);
    }
    catch {
        for (const line of text.split('\n'))
            if (line.trim())
                setSecret(line.trim());
        throw new errors/* InputError */.d('current-bundle', `is not valid JSON. ${BUNDLE_HINT}`);
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
        throw new errors/* InputError */.d('current-bundle', `is not a JSON object. ${BUNDLE_HINT}`);
    }
    const entries = Object.entries(parsed);
    for (const [key, psk] of entries) {
        if (typeof psk === 'string' && psk)
            mask(psk);
        // A key that is not a tunnel ID may be a PSK: keys and values swapped, or names as keys.
        if (!values/* ID_PATTERN */.pw.test(key))
            setSecret(key);
    }
    const bad = entries.findIndex(([, psk]) => typeof psk !== 'string' || !psk);
    if (bad !== -1)
        throw new errors/* InputError */.d('current-bundle', `entry ${bad + 1} is not a non-empty string. ${BUNDLE_HINT}`);
    const badKey = entries.findIndex(([key]) => !values/* ID_PATTERN */.pw.test(key));
    if (badKey !== -1) {
        throw new errors/* InputError */.d('current-bundle', `entry ${badKey + 1}: expected a tunnel ID of 32 hexadecimal characters as the key. ${BUNDLE_HINT}`);
    }
    const bundle = new Map(entries);
    const bytes = Buffer.byteLength((0,bundle_format/* mergeBundle */.nq)(bundle, new Map()), 'utf8');
    if (bytes > bundle_format/* BUNDLE_SIZE_LIMIT_BYTES */.n8) {
        throw new errors/* InputError */.d('current-bundle', `holds ${bytes} bytes, over GitHub's limit of ${bundle_format/* BUNDLE_SIZE_LIMIT_BYTES */.n8} bytes a secret: split the tunnels over several bundles (one per environment, or one per tunnel-names group with a secret-name of its own).`);
    }
    return bundle;
}

;// CONCATENATED MODULE: ./src/inputs.ts











const DEFAULT_API_BASE_URL = 'https://api.cloudflare.com/client/v4';
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
        if (value && !values/* PRINTABLE_ASCII */._o.test(value)) {
            throw new errors/* InputError */.d(name, 'contains whitespace or characters that cannot be sent in an HTTP header: check for a stray newline, space or quote where the secret was copied.');
        }
        return value;
    };
    const apiToken = secretInput('api-token');
    const apiKey = secretInput('api-key');
    const githubToken = secretInput('github-token');
    const explicitPsks = parsePsks(source.getInput('psks'), (0,src_mask/* pskMasker */.mJ)((secret) => source.setSecret(secret)));
    const currentBundle = parseCurrentBundle(source.getInput('current-bundle'), source.setSecret.bind(source));
    checkProxyVariables(env);
    const accountId = input('account-id');
    if (!accountId)
        throw new errors/* InputError */.d('account-id', 'is required: the 32-character Cloudflare account ID.');
    if (!values/* ID_PATTERN */.pw.test(accountId)) {
        throw new errors/* InputError */.d('account-id', `expected a Cloudflare account ID of 32 hexadecimal characters, got ${(0,log_text/* quoteInput */.Zs)(accountId)}.`);
    }
    const credentials = readCredentials(apiToken, input('api-email'), apiKey);
    const mode = parseMode(input('mode'));
    if (mode === 'generate' && explicitPsks.size > 0) {
        throw new errors/* InputError */.d('psks', "is only used with 'mode: set'; in generate mode Cloudflare chooses every PSK.");
    }
    const routerCommand = source.getInput('router-command').trim() || null;
    checkModeInputs(mode, input, explicitPsks.size > 0, routerCommand !== null);
    const verifyTimeoutMs = (0,values/* parseWait */.DF)('verify-timeout', input('verify-timeout')) ?? values/* DEFAULT_VERIFY_TIMEOUT_MS */.Pu;
    const verifySettleMs = (0,values/* parseWait */.DF)('verify-settle', input('verify-settle')) ?? values/* DEFAULT_VERIFY_SETTLE_MS */.dA;
    if ((mode === 'verify' || routerCommand !== null) && verifySettleMs >= verifyTimeoutMs) {
        throw new errors/* InputError */.d('verify-settle', `${(0,logger/* formatSeconds */.X)(verifySettleMs)} leaves no time within verify-timeout ${(0,logger/* formatSeconds */.X)(verifyTimeoutMs)}: make verify-timeout longer than verify-settle.`);
    }
    const apiBaseUrl = parseBaseUrl(input('api-base-url'));
    const selector = parseSelector(input('tunnel-ids'), input('tunnel-names'));
    const validateOnly = (0,values/* parseBoolean */.yG)('validate-only', input('validate-only'), false);
    const maxAgeMs = (0,values/* parseMaxAge */.pq)(input('max-age'));
    const maxTunnels = (0,values/* parseInteger */.cG)('max-tunnels', input('max-tunnels'), { min: 1 });
    const stagger = parseStagger(input('stagger'));
    if (routerCommand !== null && stagger === 'none') {
        throw new errors/* InputError */.d('stagger', "'none' with router-command would cut both tunnels of a router over in one wave: remove stagger (router-command rotates one tunnel a router a wave).");
    }
    const routerRules = { routers: (0,routers/* parseRouters */.uX)(input('routers')), pattern: (0,routers/* parseRouterPattern */.x0)(input('router-pattern')) };
    const concurrency = (0,values/* parseInteger */.cG)('concurrency', input('concurrency'), { min: 1, max: MAX_CONCURRENCY }) ?? DEFAULT_CONCURRENCY;
    const pskLength = (0,values/* parseInteger */.cG)('psk-length', input('psk-length'), PSK_LENGTH) ?? PSK_LENGTH.default;
    const secrets = parseSecretsConfig(input, githubToken, env, currentBundle);
    const commandTimeoutMs = (0,values/* parseWait */.DF)('router-timeout', input('router-timeout')) ?? values/* DEFAULT_ROUTER_TIMEOUT_MS */.pp;
    const common = { accountId: accountId.toLowerCase(), credentials, apiBaseUrl, selector, routerRules, concurrency };
    if (mode === 'verify')
        return { ...common, mode, verifyTimeoutMs, verifySettleMs };
    const rotation = {
        ...common,
        validateOnly,
        maxAgeMs,
        maxTunnels,
        stagger,
        secrets,
        rolling: routerCommand === null ? null : { command: routerCommand, commandTimeoutMs, verifySettleMs, verifyTimeoutMs },
    };
    return mode === 'set' ? { ...rotation, mode, explicitPsks, pskLength } : { ...rotation, mode };
}
function readCredentials(apiToken, apiEmail, apiKey) {
    if (apiToken && (apiEmail || apiKey)) {
        throw new errors/* InputError */.d('api-token', "give either 'api-token' or 'api-email' with 'api-key', not both.");
    }
    if (apiEmail && !values/* PRINTABLE_ASCII */._o.test(apiEmail)) {
        throw new errors/* InputError */.d('api-email', 'contains whitespace or characters that cannot be sent in an HTTP header.');
    }
    if (apiToken)
        return { kind: 'token', token: apiToken };
    if (apiEmail && apiKey)
        return { kind: 'global-key', email: apiEmail, key: apiKey };
    if (apiEmail)
        throw new errors/* InputError */.d('api-key', "is required with 'api-email' (the legacy Global API Key).");
    if (apiKey)
        throw new errors/* InputError */.d('api-email', "is required with 'api-key' (the email of the key's user).");
    throw new errors/* InputError */.d('api-token', "is required: a Cloudflare API token with 'Magic WAN Write' or 'Magic Transit Write' (or 'api-email' with 'api-key').");
}
/** Every request goes through these proxies: one that is no URL stops the run before any request. */
function checkProxyVariables(env) {
    for (const [lower, upper] of [
        ['https_proxy', 'HTTPS_PROXY'],
        ['http_proxy', 'HTTP_PROXY'],
    ]) {
        try {
            (0,proxy_env/* proxyFromVariables */.__)(env, lower, upper);
        }
        catch (error) {
            if (!(error instanceof proxy_env/* ProxyUrlError */.IA))
                throw error;
            throw new errors/* EnvironmentError */.e(error.variable, 'expected a proxy URL such as http://proxy.example:3128 (the value is not shown: it may hold a password).');
        }
    }
}
function parseMode(value) {
    const mode = value.toLowerCase() || 'generate';
    if (mode === 'generate' || mode === 'set' || mode === 'verify')
        return mode;
    throw new errors/* InputError */.d('mode', `expected 'generate', 'set' or 'verify', got ${(0,log_text/* quoteInput */.Zs)(value)}.`);
}
/**
 * Inputs that only make sense with a mode that rotates, only with verify, or only with
 * `router-command` (whose waves are verified), are mistakes elsewhere.
 */
function checkModeInputs(mode, input, hasPsks, hasRouterCommand) {
    if (mode !== 'verify') {
        if (!hasRouterCommand) {
            for (const name of ['verify-timeout', 'verify-settle']) {
                if (input(name))
                    throw new errors/* InputError */.d(name, "is only used with 'mode: verify' or with 'router-command'.");
            }
            if (input('router-timeout'))
                throw new errors/* InputError */.d('router-timeout', "is only used with 'router-command'.");
        }
        return;
    }
    const rotatesOnly = "is not used with 'mode: verify', which rotates nothing: remove it from this step.";
    if (hasRouterCommand)
        throw new errors/* InputError */.d('router-command', rotatesOnly);
    if (input('router-timeout'))
        throw new errors/* InputError */.d('router-timeout', rotatesOnly);
    if (hasPsks)
        throw new errors/* InputError */.d('psks', rotatesOnly);
    const pskLength = input('psk-length');
    if (pskLength && pskLength !== String(PSK_LENGTH.default))
        throw new errors/* InputError */.d('psk-length', rotatesOnly);
    for (const name of ['max-age', 'max-tunnels'])
        if (input(name))
            throw new errors/* InputError */.d(name, rotatesOnly);
    const scope = input('secret-scope').toLowerCase();
    if (scope && scope !== 'none')
        throw new errors/* InputError */.d('secret-scope', rotatesOnly);
    if (/^(true|yes|on)$/i.test(input('validate-only')))
        throw new errors/* InputError */.d('validate-only', rotatesOnly);
}
function parseBaseUrl(value) {
    if (!value)
        return DEFAULT_API_BASE_URL;
    let url;
    try {
        url = new URL(value);
    }
    catch {
        throw new errors/* InputError */.d('api-base-url', `expected an http(s) URL such as ${DEFAULT_API_BASE_URL}, got ${(0,log_text/* quoteInput */.Zs)(value)}.`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
        throw new errors/* InputError */.d('api-base-url', `expected an http(s) URL such as ${DEFAULT_API_BASE_URL}, got ${(0,log_text/* quoteInput */.Zs)(value)}.`);
    }
    if (url.search || url.hash)
        throw new errors/* InputError */.d('api-base-url', 'must not contain a query or fragment.');
    if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
        throw new errors/* InputError */.d('api-base-url', 'plain http:// would send the API token unencrypted: use https:// (http:// is only for loopback addresses).');
    }
    return url.href.replace(/\/+$/, '');
}
const LOOPBACK = new external_node_net_.BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');
LOOPBACK.addSubnet('::ffff:127.0.0.0', 104, 'ipv6');
/** localhost, 127.0.0.0/8 and ::1 (also as [::ffff:127.x.y.z]): traffic that never leaves the machine. */
function isLoopbackHost(hostname) {
    if (hostname === 'localhost')
        return true;
    const address = hostname.replace(/^\[(.*)\]$/, '$1');
    const family = (0,external_node_net_.isIP)(address);
    return family !== 0 && LOOPBACK.check(address, family === 4 ? 'ipv4' : 'ipv6');
}
function parseSelector(idsValue, namesValue) {
    const idTokens = idsValue.split(/[\s,]+/).filter(Boolean);
    const all = idTokens.some((token) => token.toLowerCase() === 'all');
    if (all && idTokens.length > 1) {
        throw new errors/* InputError */.d('tunnel-ids', "give either the word 'all' or a list of tunnel IDs, not both.");
    }
    const ids = all
        ? []
        : idTokens.map((token) => {
            if (!values/* ID_PATTERN */.pw.test(token)) {
                throw new errors/* InputError */.d('tunnel-ids', `expected tunnel IDs of 32 hexadecimal characters (or 'all'), got ${(0,log_text/* quoteInput */.Zs)(token)}.`);
            }
            return token.toLowerCase();
        });
    const namePatterns = namesValue
        .split(/[\n,]/)
        .map((pattern) => pattern.trim())
        .filter(Boolean);
    if (!all && ids.length === 0 && namePatterns.length === 0) {
        throw new errors/* InputError */.d('tunnel-ids', "select tunnels with 'tunnel-ids' (IDs or 'all') or 'tunnel-names' (name patterns such as 'branch-*').");
    }
    return { all, ids: [...new Set(ids)], namePatterns: [...new Set(namePatterns)] };
}
function parseStagger(value) {
    const stagger = value.toLowerCase() || 'customer-endpoint';
    if (stagger === 'customer-endpoint' || stagger === 'none')
        return stagger;
    throw new errors/* InputError */.d('stagger', `expected 'customer-endpoint' or 'none', got ${(0,log_text/* quoteInput */.Zs)(value)}.`);
}


/***/ }),

/***/ 1318:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   d: () => (/* binding */ InputError),
/* harmony export */   e: () => (/* binding */ EnvironmentError)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3916);

/** A user's mistake in an input: reported as one `::error::` naming the input, never as a stack trace. */
class InputError extends _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ActionError */ .lZ {
    input;
    constructor(input, message) {
        super(`Input '${input}': ${message}`);
        this.input = input;
        this.name = 'InputError';
    }
}
/** A mistake in an environment variable the action reads, reported like a mistake in an input. */
class EnvironmentError extends InputError {
    constructor(variable, message) {
        super(variable, message);
        this.message = `Environment variable ${variable}: ${message}`;
    }
}


/***/ }),

/***/ 8463:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   DF: () => (/* binding */ parseWait),
/* harmony export */   Pu: () => (/* binding */ DEFAULT_VERIFY_TIMEOUT_MS),
/* harmony export */   _o: () => (/* binding */ PRINTABLE_ASCII),
/* harmony export */   cG: () => (/* binding */ parseInteger),
/* harmony export */   dA: () => (/* binding */ DEFAULT_VERIFY_SETTLE_MS),
/* harmony export */   pp: () => (/* binding */ DEFAULT_ROUTER_TIMEOUT_MS),
/* harmony export */   pq: () => (/* binding */ parseMaxAge),
/* harmony export */   pw: () => (/* binding */ ID_PATTERN),
/* harmony export */   yG: () => (/* binding */ parseBoolean)
/* harmony export */ });
/* unused harmony export parseDuration */
/* harmony import */ var _log_text_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3529);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(1318);


const ID_PATTERN = /^[0-9a-f]{32}$/i;
/** Printable ASCII without whitespace: what an HTTP header value and a PSK may hold. */
const PRINTABLE_ASCII = /^[\x21-\x7e]+$/;
function parseBoolean(name, value, defaultValue) {
    if (!value)
        return defaultValue;
    if (/^(true|yes|on)$/i.test(value))
        return true;
    if (/^(false|no|off)$/i.test(value))
        return false;
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .d(name, `expected 'true' or 'false', got ${(0,_log_text_js__WEBPACK_IMPORTED_MODULE_0__/* .quoteInput */ .Zs)(value)}.`);
}
/** A whole number within `limits`, or null when the input is empty. */
function parseInteger(name, value, limits) {
    if (!value)
        return null;
    const number = /^\d+$/.test(value) ? Number(value) : Number.NaN;
    const max = limits.max ?? Number.MAX_SAFE_INTEGER;
    if (!Number.isSafeInteger(number) || number < limits.min || number > max) {
        const range = limits.max === undefined ? `of at least ${limits.min}` : `from ${limits.min} to ${limits.max}`;
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .d(name, `expected a whole number ${range}, got ${(0,_log_text_js__WEBPACK_IMPORTED_MODULE_0__/* .quoteInput */ .Zs)(value)}.`);
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
const DEFAULT_ROUTER_TIMEOUT_MS = 10 * MINUTE_MS;
/** The end of the 90–150 s Cloudflare documents for new SAs to reach all its servers. */
const DEFAULT_VERIFY_SETTLE_MS = 150 * SECOND_MS;
const ISO_DURATION = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/i;
/** `30m`, `12h`, `90d`, `2w`, or ISO 8601 such as `P90D` or `PT12H`. Empty: no age limit. */
function parseMaxAge(value) {
    return parseDuration('max-age', value);
}
/** The longest wait a Node.js timer can hold (about 24.8 days); a longer one would fire at once. */
const LONGEST_TIMER_MS = 2 ** 31 - 1;
/** A duration the action waits for (`verify-timeout`, `verify-settle`, `router-timeout`): at most LONGEST_TIMER_MS. */
function parseWait(name, value) {
    const ms = parseDuration(name, value);
    if (ms !== null && ms > LONGEST_TIMER_MS)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .d(name, `is at most 24 days (24d), got ${(0,_log_text_js__WEBPACK_IMPORTED_MODULE_0__/* .quoteInput */ .Zs)(value)}.`);
    return ms;
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
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .d(name, `expected a positive duration such as '30m', '12h', '90d', '2w' or ISO 8601 'P90D', got ${(0,_log_text_js__WEBPACK_IMPORTED_MODULE_0__/* .quoteInput */ .Zs)(value)}.`);
    }
    return ms;
}


/***/ }),

/***/ 3529:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Ei: () => (/* binding */ safeLog),
/* harmony export */   Mm: () => (/* binding */ bounded),
/* harmony export */   OD: () => (/* binding */ nameList),
/* harmony export */   Zs: () => (/* binding */ quoteInput),
/* harmony export */   a0: () => (/* binding */ neutralizeLine),
/* harmony export */   qY: () => (/* binding */ outside)
/* harmony export */ });
/* harmony import */ var _redaction_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(1066);

/**
 * The runner reads every line the step prints: a line that starts with `::` (after blanks) or
 * that holds `##[` anywhere is a workflow command, and `::stop-commands::` or `##[stop-commands]`
 * would switch masking off for every later line. Text from outside (tunnel names, Cloudflare and
 * GitHub messages, header values) passes through here before it reaches a log line, an error or
 * the summary, so it can neither start a line nor hide a command inside one, nor carry a
 * credential or PSK the run holds, nor mislead a reader with invisible or reordering characters.
 */
const DEFAULT_MAX_LENGTH = 200;
/** The most one tunnel's `error` or `reason` may hold: a few quoted messages and the words around them. */
const MAX_MESSAGE_LENGTH = 1_500;
// C0 and C1 controls, DEL, the Unicode line and paragraph separators, and every format character
// (Cf: the bidirectional controls U+202A–U+202E and U+2066–U+2069, zero-width characters, U+FEFF).
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\p{Cf}]/gu;
const ZERO_WIDTH_SPACE = '\u200b';
const LEGACY_COMMAND = /##\[/g;
const COMMAND_AT_LINE_START = /^(\s*):/;
function escapeControl(char) {
    if (char === '\n')
        return '\\n';
    if (char === '\r')
        return '\\r';
    if (char === '\t')
        return '\\t';
    const point = char.codePointAt(0) ?? 0;
    if (point <= 0xff)
        return `\\x${point.toString(16).padStart(2, '0')}`;
    return point <= 0xffff ? `\\u${point.toString(16).padStart(4, '0')}` : `\\u{${point.toString(16)}}`;
}
/** A zero-width space where this module puts one to break a command up: text neutralized twice stays the same. */
function isBreaker(char, offset, text) {
    if (char !== ZERO_WIDTH_SPACE || text[offset + 1] === undefined)
        return false;
    const breaksLegacy = text[offset - 1] === '#' && text.startsWith('#[', offset + 1);
    const breaksLineStart = text[offset + 1] === ':' && /^\s*$/.test(text.slice(0, offset));
    return breaksLegacy || breaksLineStart;
}
/** Outside text that can hide no command anywhere: control and format characters escaped, `##[` broken up. */
function neutralizeText(text) {
    return (0,_redaction_js__WEBPACK_IMPORTED_MODULE_0__/* .redact */ .E$)(text)
        .replace(CONTROL, (char, offset, whole) => (isBreaker(char, offset, whole) ? char : escapeControl(char)))
        .replace(LEGACY_COMMAND, `#${ZERO_WIDTH_SPACE}#[`);
}
/**
 * One log line that the runner cannot read as a command: control characters shown as escapes
 * (so the message stays on one line), `##[` broken up, and a leading `:` guarded.
 */
function neutralizeLine(message) {
    return neutralizeText(message).replace(COMMAND_AT_LINE_START, `$1${ZERO_WIDTH_SPACE}:`);
}
/**
 * Outside text as it may appear inside a message: neutralized and cut to `maxLength` characters,
 * saying how much was left out. Every line it ends up in goes through `neutralizeLine` as well.
 */
function outside(value, maxLength = DEFAULT_MAX_LENGTH) {
    return neutralizeText(bounded((0,_redaction_js__WEBPACK_IMPORTED_MODULE_0__/* .redact */ .E$)(typeof value === 'string' ? value : String(value)), maxLength));
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
        ...(core.startGroup ? { startGroup: guard((name) => core.startGroup?.(name)) } : {}),
        setSecret: (secret) => {
            (0,_redaction_js__WEBPACK_IMPORTED_MODULE_0__/* .rememberSecret */ .Gz)(secret);
            core.setSecret(secret);
        },
    };
}
/** Text already made safe, cut to `maxLength` characters so no one message can flood a line or an output. */
function bounded(text, maxLength = MAX_MESSAGE_LENGTH) {
    const chars = [...text];
    return chars.length > maxLength ? `${chars.slice(0, maxLength).join('')}… (${chars.length - maxLength} more characters)` : text;
}
const URL_CREDENTIALS = /\/\/[^/@\s]*@/g;
/** A user's input quoted in an error: short, credential-free (`//user:password@` hidden), safe. */
function quoteInput(value, maxLength = 40) {
    return `'${outside(value.replace(URL_CREDENTIALS, '//***@'), maxLength)}'`;
}
/** At most this many tunnels are named one by one in a single error line; the rest are counted. */
const NAMED_IN_ONE_LINE = 50;
/** Tunnel names for one line: each neutralized and cut, at most NAMED_IN_ONE_LINE, the rest counted. */
function nameList(names) {
    const shown = names.slice(0, NAMED_IN_ONE_LINE).map((name) => outside(name, 100));
    return names.length > NAMED_IN_ONE_LINE ? `${shown.join(', ')} and ${names.length - NAMED_IN_ONE_LINE} more` : shown.join(', ');
}


/***/ }),

/***/ 6999:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   X: () => (/* binding */ formatSeconds),
/* harmony export */   y: () => (/* binding */ sleep)
/* harmony export */ });
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
function formatSeconds(ms) {
    const seconds = ms / 1000;
    return seconds < 10 ? `${Number(seconds.toFixed(1))} s` : `${Math.round(seconds)} s`;
}


/***/ }),

/***/ 8874:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  e: () => (/* binding */ run)
});

// EXTERNAL MODULE: ./src/inputs.ts + 2 modules
var inputs = __nccwpck_require__(9027);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __nccwpck_require__(8161);
// EXTERNAL MODULE: ./src/log-text.ts
var log_text = __nccwpck_require__(3529);
// EXTERNAL MODULE: ./src/redaction.ts
var redaction = __nccwpck_require__(1066);
;// CONCATENATED MODULE: ./src/workflow-commands.ts



/**
 * The three runner interactions the input check needs, written as @actions/core writes them
 * (same variable names, same escaping). Loading @actions/core also loads its HTTP client; doing
 * without it here lets a mistyped input fail in milliseconds.
 */
const workflowCommands = {
    getInput: (name) => process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '',
    setSecret: (secret) => {
        (0,redaction/* rememberSecret */.Gz)(secret);
        issue('add-mask', secret);
    },
    setFailed: (message) => {
        process.exitCode = 1;
        issue('error', (0,log_text/* neutralizeLine */.a0)(message));
    },
};
function issue(command, message) {
    process.stdout.write(`::${command}::${message.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')}${external_node_os_.EOL}`);
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
    const [core, { runSession }] = await Promise.all([Promise.all(/* import() */[__nccwpck_require__.e(752), __nccwpck_require__.e(421)]).then(__nccwpck_require__.bind(__nccwpck_require__, 6421)), Promise.all(/* import() */[__nccwpck_require__.e(752), __nccwpck_require__.e(588)]).then(__nccwpck_require__.bind(__nccwpck_require__, 588))]);
    await runSession(config, core);
}


/***/ }),

/***/ 5235:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   mJ: () => (/* binding */ pskMasker),
/* harmony export */   vY: () => (/* binding */ isPlainPsk)
/* harmony export */ });
/* unused harmony export pskForms */
/* harmony import */ var _inputs_values_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(8463);

/**
 * Masks a PSK in every form it can take in a log line or a JSON value: as it is, JSON-escaped
 * (a `"`, `\` or control character), JSON-escaped to ASCII (`\u00fc`, as some tools print it), and
 * line by line, since a log line cannot hold a line break and the runner masks within a line.
 */
function pskMasker(setSecret) {
    return (psk) => {
        for (const form of pskForms(psk))
            setSecret(form);
    };
}
/** Lines shorter than this are left to the whole-value masks: masking them would blank ordinary text. */
const MIN_MASKED_LINE = 3;
function pskForms(psk) {
    const escaped = JSON.stringify(psk).slice(1, -1);
    const asciiEscaped = escaped.replace(/[\u007f-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
    const lines = psk.split(/\r\n|[\n\r\u2028\u2029]/).filter((line) => line.trim().length >= MIN_MASKED_LINE);
    // Lines first: the add-mask line of the whole value holds each of them.
    return [...new Set([...(lines.length > 1 ? lines : []), psk, escaped, asciiEscaped])];
}
/** Printable ASCII without blanks: what every router takes as a PSK without quoting. */
function isPlainPsk(psk) {
    return _inputs_values_js__WEBPACK_IMPORTED_MODULE_0__/* .PRINTABLE_ASCII */ ._o.test(psk);
}


/***/ }),

/***/ 5049:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   IA: () => (/* binding */ ProxyUrlError),
/* harmony export */   Zt: () => (/* binding */ bypassesProxy),
/* harmony export */   __: () => (/* binding */ proxyFromVariables)
/* harmony export */ });
/* unused harmony export proxyFor */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3916);
/**
 * Which proxy a request takes, by the rules of the toolkit's own HTTP client
 * (@actions/http-client): `https_proxy`/`HTTPS_PROXY` for https URLs and `http_proxy`/`HTTP_PROXY`
 * for http ones (lower case first, no fall-back from one to the other), never for loopback hosts
 * (localhost, 127.*, [::1]), and not for hosts that `no_proxy`/`NO_PROXY` lists: `*`, a host
 * name, a `host:port`, or a domain (`example.com` and `.example.com` both match its subdomains).
 */

/** The proxy a request to `target` goes through, or null for a direct connection. */
function proxyFor(target, env) {
    if (bypassesProxy(target, env))
        return null;
    return target.protocol === 'https:'
        ? proxyFromVariables(env, 'https_proxy', 'HTTPS_PROXY')
        : proxyFromVariables(env, 'http_proxy', 'HTTP_PROXY');
}
/** The proxy set for one scheme, whatever the host. */
function proxyFromVariables(env, lower, upper) {
    const variable = env[lower] ? lower : upper;
    const value = env[variable];
    if (!value)
        return null;
    const url = parseProxyUrl(value, variable);
    const username = decodeURIComponent(url.username);
    const password = decodeURIComponent(url.password);
    const authorization = username || password ? `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` : undefined;
    return { url, authorization, variable };
}
/** A proxy variable without a scheme (`proxy.example:3128`) means an http:// proxy. */
function parseProxyUrl(value, variable) {
    for (const candidate of value.includes('://') ? [value] : [value, `http://${value}`]) {
        try {
            const url = new URL(candidate);
            if (url.protocol === 'http:' || url.protocol === 'https:')
                return url;
        }
        catch {
            // Tried again with http:// in front.
        }
    }
    throw new ProxyUrlError(variable);
}
/** A proxy variable that holds no URL. Its value may hold the proxy's password: it is not quoted. */
class ProxyUrlError extends _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ActionError */ .lZ {
    variable;
    constructor(variable) {
        super(`${variable} is set but is not a proxy URL such as http://proxy.example:3128.`);
        this.variable = variable;
        this.name = 'ProxyUrlError';
    }
}
function bypassesProxy(target, env) {
    const host = target.hostname;
    if (!host)
        return false;
    if (isLoopbackHost(host))
        return true;
    const noProxy = env['no_proxy'] || env['NO_PROXY'] || '';
    if (!noProxy)
        return false;
    const port = target.port ? Number(target.port) : target.protocol === 'http:' ? 80 : target.protocol === 'https:' ? 443 : undefined;
    const upperHost = host.toUpperCase();
    const candidates = port === undefined ? [upperHost] : [upperHost, `${upperHost}:${port}`];
    return noProxy
        .split(',')
        .map((entry) => entry.trim().toUpperCase())
        .filter(Boolean)
        .some((entry) => entry === '*' ||
        candidates.some((candidate) => candidate === entry || candidate.endsWith(`.${entry}`) || (entry.startsWith('.') && candidate.endsWith(entry))));
}
/** The toolkit's test, by name: an IPv4-mapped address such as [::ffff:127.0.0.1] is not loopback to it. */
function isLoopbackHost(host) {
    const lower = host.toLowerCase();
    return lower === 'localhost' || lower.startsWith('127.') || lower.startsWith('[::1]') || lower.startsWith('[0:0:0:0:0:0:0:1]');
}


/***/ }),

/***/ 1066:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   E$: () => (/* binding */ redact),
/* harmony export */   Gz: () => (/* binding */ rememberSecret)
/* harmony export */ });
/* unused harmony export REDACTED */
/**
 * Every credential and PSK this run holds, so that outside text quoting one (a Cloudflare error
 * that echoes the token, a GitHub message) loses it before it reaches `results`, the summary or
 * a log line. The runner masks its log; `results` and the summary leave the runner, so they must
 * not depend on it.
 */
const secrets = new Set();
let longestFirst = [];
/** Shorter values would blank ordinary words; no credential or PSK is this short. */
const MIN_REDACTED_LENGTH = 4;
const REDACTED = '***';
function rememberSecret(secret) {
    if (secret.length < MIN_REDACTED_LENGTH || secrets.has(secret))
        return;
    secrets.add(secret);
    longestFirst = [];
}
/** `text` with every remembered secret replaced by `***`, longest first so no part of one survives. */
function redact(text) {
    if (secrets.size === 0 || text.length < MIN_REDACTED_LENGTH)
        return text;
    if (longestFirst.length === 0)
        longestFirst = [...secrets].sort((a, b) => b.length - a.length);
    let redacted = text;
    for (const secret of longestFirst) {
        if (secret.length <= redacted.length && redacted.includes(secret))
            redacted = redacted.split(secret).join(REDACTED);
    }
    return redacted;
}


/***/ }),

/***/ 4673:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   j3: () => (/* binding */ routerClaims),
/* harmony export */   oH: () => (/* binding */ canonicalEndpoint),
/* harmony export */   t9: () => (/* binding */ groupByClaim),
/* harmony export */   uX: () => (/* binding */ parseRouters),
/* harmony export */   x0: () => (/* binding */ parseRouterPattern)
/* harmony export */ });
/* unused harmony exports NO_ROUTER_RULES, captureRouter, groupRouters, routerKeyOf */
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(7030);
/* harmony import */ var node_net__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__nccwpck_require__.n(node_net__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _inputs_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(9027);
/* harmony import */ var _log_text_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(3529);
/* harmony import */ var _selection_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(1973);




const NO_ROUTER_RULES = { routers: [], pattern: null };
const ROUTER_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const MAX_PATTERN_LENGTH = 256;
const PLACEHOLDER = '{router}';
const ROUTERS_FORM = "lines of 'ROUTER: GLOB, GLOB', such as 'berlin: berlin-isp1, berlin-isp2'";
/** `routers`: lines of `ROUTER: GLOB, GLOB…`; blank lines are ignored. */
function parseRouters(raw) {
    const routers = [];
    const lineOf = new Map();
    raw.split('\n').forEach((text, index) => {
        const line = index + 1;
        const trimmed = text.trim();
        if (!trimmed)
            return;
        const colon = trimmed.indexOf(':');
        if (colon < 0)
            throw new _inputs_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz('routers', `line ${line} is not of the form 'ROUTER: GLOB, GLOB': expected ${ROUTERS_FORM}.`);
        const name = trimmed.slice(0, colon).trim();
        if (!ROUTER_NAME.test(name)) {
            throw new _inputs_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz('routers', `line ${line}: expected a router name of letters, digits, '.', '_' and '-' (at most 64) before the ':', got ${(0,_log_text_js__WEBPACK_IMPORTED_MODULE_2__/* .quoteInput */ .Zs)(name)}.`);
        }
        const earlier = lineOf.get(name);
        if (earlier !== undefined) {
            throw new _inputs_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz('routers', `router ${name} is on lines ${earlier} and ${line}: give each router one line with all its patterns.`);
        }
        const patterns = trimmed
            .slice(colon + 1)
            .split(',')
            .map((pattern) => pattern.trim())
            .filter(Boolean);
        if (patterns.length === 0)
            throw new _inputs_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz('routers', `line ${line}: router ${name} has no tunnel-name pattern after the ':'.`);
        for (const pattern of patterns)
            checkPatternLength('routers', pattern);
        lineOf.set(name, line);
        routers.push({ name, patterns: [...new Set(patterns)], line });
    });
    return routers;
}
/** `router-pattern`: a tunnel-name glob with exactly one `{router}`; null when empty. */
function parseRouterPattern(raw) {
    const text = raw.trim();
    if (!text)
        return null;
    const parts = text.split(PLACEHOLDER);
    if (parts.length !== 2) {
        throw new _inputs_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz('router-pattern', `expected a tunnel-name pattern with exactly one {router}, such as '{router}-isp?' or 'site-{router}-*', got ${(0,_log_text_js__WEBPACK_IMPORTED_MODULE_2__/* .quoteInput */ .Zs)(text)}.`);
    }
    const [before = '', after = ''] = parts;
    const unknown = /\{[A-Za-z_]*\}/.exec(before) ?? /\{[A-Za-z_]*\}/.exec(after);
    if (unknown)
        throw new _inputs_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz('router-pattern', `unknown placeholder ${(0,_log_text_js__WEBPACK_IMPORTED_MODULE_2__/* .quoteInput */ .Zs)(unknown[0])}: the only one is {router}.`);
    if (/[\n\r]/.test(text))
        throw new _inputs_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz('router-pattern', 'is one pattern on one line.');
    checkPatternLength('router-pattern', text);
    return { before, after };
}
function checkPatternLength(input, pattern) {
    if ([...pattern].length > MAX_PATTERN_LENGTH) {
        throw new _inputs_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz(input, `pattern ${(0,_log_text_js__WEBPACK_IMPORTED_MODULE_2__/* .quoteInput */ .Zs)(pattern)} is longer than ${MAX_PATTERN_LENGTH} characters.`);
    }
}
/**
 * What `{router}` stands for in `name`, or null when the name does not match. When a name splits
 * more than one way, the earliest and then shortest non-empty `{router}` wins (a `*` before it
 * takes as little as it can): `site-{router}-*` on `site-berlin-mitte-1` gives `berlin`.
 */
function captureRouter(pattern, name) {
    const chars = [...name];
    const n = chars.length;
    const beforeEndsAt = (0,_selection_js__WEBPACK_IMPORTED_MODULE_3__/* .globPrefixMatches */ .Ws)(pattern.before, name);
    // `after` matches chars[j..] exactly when its reverse matches the first n - j reversed characters.
    const afterFromEnd = (0,_selection_js__WEBPACK_IMPORTED_MODULE_3__/* .globPrefixMatches */ .Ws)(reverse(pattern.after), reverse(name));
    const afterStartsFrom = new Array(n + 2).fill(-1);
    for (let j = n; j >= 0; j--)
        afterStartsFrom[j] = afterFromEnd[n - j] ? j : (afterStartsFrom[j + 1] ?? -1);
    for (let i = 0; i < n; i++) {
        if (!beforeEndsAt[i])
            continue;
        const j = afterStartsFrom[i + 1] ?? -1;
        if (j !== -1)
            return chars.slice(i, j).join('');
    }
    return null;
}
const reverse = (text) => [...text].reverse().join('');
/**
 * `customer_endpoint` as one router address: blanks trimmed, an IPv4 or IPv6 address in its
 * canonical form (an IPv4-mapped IPv6 address as the IPv4 address), any other text case-folded.
 * Null when there is none.
 */
function canonicalEndpoint(endpoint) {
    const text = endpoint?.trim() ?? '';
    if (!text)
        return null;
    const family = (0,node_net__WEBPACK_IMPORTED_MODULE_0__.isIP)(text);
    // isIP accepts only dotted decimal without leading zeros: already canonical.
    if (family === 4)
        return text;
    // A zone (`%eth0`) would be dropped by SocketAddress, which could merge two routers.
    if (family === 6 && !text.includes('%')) {
        const address = new node_net__WEBPACK_IMPORTED_MODULE_0__.SocketAddress({ address: text, family: 'ipv6' }).address;
        return /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(address)?.[1] ?? address;
    }
    return text.toLowerCase();
}
/**
 * The router of each tunnel, by tunnel ID: a `routers` entry first, then `router-pattern`, then
 * the canonical `customer_endpoint`; a tunnel with none of them is a router of its own. Keys are
 * shared across sources: a name in `routers` and the same `{router}` text are one router. A tunnel
 * that two `routers` entries claim is an input error naming it and both routers.
 */
function routerClaims(tunnels, rules) {
    const claimantsOf = namedRouterIndex(rules.routers);
    const claims = new Map();
    const conflicts = [];
    for (const tunnel of tunnels) {
        const claimants = claimantsOf(tunnel.name);
        const [first, second] = claimants;
        if (first && second) {
            conflicts.push(`tunnel ${(0,_log_text_js__WEBPACK_IMPORTED_MODULE_2__/* .outside */ .qY)(tunnel.name, 100)} (${tunnel.id}) matches router ${first.name} (line ${first.line}) and router ${second.name} (line ${second.line})`);
            continue;
        }
        claims.set(tunnel.id, claimOf(tunnel, first, rules.pattern));
    }
    const [conflict] = conflicts;
    if (conflict) {
        const more = conflicts.length > 1 ? ` ${conflicts.length - 1} more tunnel${conflicts.length === 2 ? ' is' : 's are'} claimed twice.` : '';
        throw new _inputs_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz('routers', `${conflict}: a tunnel belongs to one router. Nothing was changed.${more}`);
    }
    return claims;
}
function claimOf(tunnel, named, pattern) {
    if (named)
        return { key: named.name, by: 'routers' };
    const captured = pattern ? captureRouter(pattern, tunnel.name) : null;
    if (captured !== null)
        return { key: captured, by: 'router-pattern' };
    const endpoint = canonicalEndpoint(tunnel.router.customerEndpoint);
    if (endpoint !== null)
        return { key: endpoint, by: 'customer_endpoint' };
    return { key: `tunnel-${tunnel.id}`, by: 'own' };
}
/**
 * The first two `routers` entries (in line order) whose patterns match a name; two is already a
 * conflict. Patterns without `*` or `?` are looked up, the rest matched one by one.
 */
function namedRouterIndex(routers) {
    const entries = routers.map((router) => ({
        router,
        literal: new Set(router.patterns.filter((pattern) => !/[*?]/.test(pattern))),
        wildcard: router.patterns.filter((pattern) => /[*?]/.test(pattern)),
    }));
    return (name) => {
        const found = [];
        for (const { router, literal, wildcard } of entries) {
            if (literal.has(name) || wildcard.some((pattern) => (0,_selection_js__WEBPACK_IMPORTED_MODULE_3__/* .globMatches */ .mw)(pattern, name)))
                found.push(router);
            if (found.length === 2)
                break;
        }
        return found;
    };
}
/** The tunnels of each router, in the order given, keyed as `routerClaims` keys them. */
function groupByClaim(tunnels, claims) {
    const routers = new Map();
    for (const tunnel of tunnels) {
        const key = claims.get(tunnel.id)?.key ?? `tunnel-${tunnel.id}`;
        const router = routers.get(key);
        if (router)
            router.push(tunnel);
        else
            routers.set(key, [tunnel]);
    }
    return routers;
}
/** Router key to its tunnels: the unit of a rollout, and of the per-router hand-over. */
function groupRouters(tunnels, rules) {
    return groupByClaim(tunnels, routerClaims(tunnels, rules));
}
/** The key of the router a tunnel is on, by the same rules (and the same conflict) as `groupRouters`. */
function routerKeyOf(tunnel, rules) {
    return routerClaims([tunnel], rules).get(tunnel.id)?.key ?? `tunnel-${tunnel.id}`;
}


/***/ }),

/***/ 1973:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Ci: () => (/* binding */ selectTunnels),
/* harmony export */   Ws: () => (/* binding */ globPrefixMatches),
/* harmony export */   mw: () => (/* binding */ globMatches)
/* harmony export */ });
/* harmony import */ var _inputs_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(9027);
/* harmony import */ var _log_text_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(3529);


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
        throw new _inputs_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('tunnel-ids', `${missing.length === 1 ? 'tunnel' : 'tunnels'} ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not in this account's IPsec tunnels.`);
    }
    const patterns = selector.namePatterns.map((pattern) => ({ pattern, matches: (name) => globMatches(pattern, name) }));
    const unmatched = patterns.filter(({ matches }) => !tunnels.some((tunnel) => matches(tunnel.name)));
    if (unmatched.length > 0) {
        throw new _inputs_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('tunnel-names', `no tunnel name matches ${unmatched.map(({ pattern }) => (0,_log_text_js__WEBPACK_IMPORTED_MODULE_1__/* .quoteInput */ .Zs)(pattern)).join(', ')}.`);
    }
    const ids = new Set(selector.ids);
    return tunnels.filter((tunnel) => ids.has(tunnel.id) || patterns.some(({ matches }) => matches(tunnel.name)));
}
/**
 * `*` matches any run of characters, `?` one character; everything else is literal. Case-sensitive.
 * Matched without a regular expression: a greedy scan that goes back only to the last `*` takes at
 * most name × pattern steps, where a backtracking regex can take exponential time.
 */
function globMatches(pattern, name) {
    const glob = [...pattern];
    const text = [...name];
    let g = 0;
    let t = 0;
    let star = -1;
    let resume = 0;
    while (t < text.length) {
        if (g < glob.length && (glob[g] === '?' || (glob[g] !== '*' && glob[g] === text[t]))) {
            g++;
            t++;
        }
        else if (g < glob.length && glob[g] === '*') {
            star = g++;
            resume = t;
        }
        else if (star !== -1) {
            g = star + 1;
            t = ++resume;
        }
        else {
            return false;
        }
    }
    while (g < glob.length && glob[g] === '*')
        g++;
    return g === glob.length;
}
/**
 * For each k from 0 to the length of `text` (in characters), whether `pattern` matches the first k
 * characters of `text`, with the rules of `globMatches`. Simulates the pattern as a set of
 * positions, one character at a time: name × pattern steps however the pattern is written.
 */
function globPrefixMatches(pattern, text) {
    const glob = [...pattern];
    const chars = [...text];
    let active = new Uint8Array(glob.length + 1);
    active[0] = 1;
    const close = (states) => {
        // A `*` may match nothing: being at it is also being just past it.
        for (let g = 0; g < glob.length; g++)
            if (states[g] && glob[g] === '*')
                states[g + 1] = 1;
    };
    close(active);
    const matches = [active[glob.length] === 1];
    for (const char of chars) {
        const next = new Uint8Array(glob.length + 1);
        let any = false;
        for (let g = 0; g < glob.length; g++) {
            if (!active[g])
                continue;
            if (glob[g] === '*')
                next[g] = 1;
            else if (glob[g] === '?' || glob[g] === char)
                next[g + 1] = 1;
            else
                continue;
            any = true;
        }
        close(next);
        active = next;
        matches.push(active[glob.length] === 1);
        if (!any)
            break;
    }
    while (matches.length <= chars.length)
        matches.push(false);
    return matches;
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

/***/ 1421:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:child_process");

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

/***/ 1455:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs/promises");

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

/***/ 8161:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");

/***/ }),

/***/ 6760:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");

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
