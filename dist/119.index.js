export const id = 119;
export const ids = [119];
export const modules = {

/***/ 3119:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   checkPublicKey: () => (/* binding */ checkPublicKey),
/* harmony export */   sealSecretValue: () => (/* binding */ sealSecretValue)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _noble_ciphers_salsa_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(5851);
/* harmony import */ var _noble_ciphers_utils_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(717);
/* harmony import */ var _noble_hashes_blake2_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(904);





const PUBLIC_KEY_BYTES = 32;
const NONCE_BYTES = 24;
const SALSA_SIGMA = (0,_noble_ciphers_utils_js__WEBPACK_IMPORTED_MODULE_2__/* .utf8ToBytes */ .AI)('expand 32-byte k');
// DER header of an X25519 SubjectPublicKeyInfo; the raw 32-byte key follows it.
const X25519_SPKI_PREFIX = Buffer.from('302a300506032b656e032100', 'hex');
/**
 * Encrypts a secret value the way GitHub's secrets API expects: a libsodium
 * sealed box (crypto_box_seal) for the destination's base64 public key.
 * Output layout: ephemeral_pk (32) || poly1305 tag (16) || ciphertext, base64.
 */
function sealSecretValue(value, publicKeyBase64) {
    const recipientPublicKey = decodePublicKey(publicKeyBase64);
    // X25519 comes from Node's own crypto (OpenSSL); only BLAKE2b and XSalsa20-Poly1305 need @noble.
    const ephemeral = (0,node_crypto__WEBPACK_IMPORTED_MODULE_1__.generateKeyPairSync)('x25519');
    const ephemeralPublicKey = new Uint8Array(ephemeral.publicKey.export({ format: 'der', type: 'spki' }).subarray(X25519_SPKI_PREFIX.length));
    const nonce = (0,_noble_hashes_blake2_js__WEBPACK_IMPORTED_MODULE_3__/* .blake2b */ .Sx)((0,_noble_ciphers_utils_js__WEBPACK_IMPORTED_MODULE_2__/* .concatBytes */ .Id)(ephemeralPublicKey, recipientPublicKey), { dkLen: NONCE_BYTES });
    const key = boxSharedKey(ephemeral.privateKey, recipientPublicKey);
    const box = (0,_noble_ciphers_salsa_js__WEBPACK_IMPORTED_MODULE_4__/* .xsalsa20poly1305 */ .uT)(key, nonce).encrypt((0,_noble_ciphers_utils_js__WEBPACK_IMPORTED_MODULE_2__/* .utf8ToBytes */ .AI)(value));
    (0,_noble_ciphers_utils_js__WEBPACK_IMPORTED_MODULE_2__/* .clean */ .uH)(key);
    return Buffer.from((0,_noble_ciphers_utils_js__WEBPACK_IMPORTED_MODULE_2__/* .concatBytes */ .Id)(ephemeralPublicKey, box)).toString('base64');
}
/** Throws, saying why, when `publicKeyBase64` cannot seal a secret: checked before any PSK goes live. */
function checkPublicKey(publicKeyBase64) {
    sealSecretValue('key check', publicKeyBase64);
}
function decodePublicKey(publicKeyBase64) {
    const decoded = Buffer.from(publicKeyBase64, 'base64');
    // Buffer's decoder silently skips invalid characters, so require a canonical round trip.
    if (decoded.length !== PUBLIC_KEY_BYTES || decoded.toString('base64') !== publicKeyBase64) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ActionError */ .lZ(`Invalid secrets public key: expected base64 of exactly ${PUBLIC_KEY_BYTES} bytes`);
    }
    return new Uint8Array(decoded);
}
/** crypto_box_beforenm: HSalsa20 over the X25519 shared secret with a zero 16-byte input. */
function boxSharedKey(privateKey, publicKey) {
    const sharedSecret = x25519SharedSecret(privateKey, publicKey);
    const subkey = new Uint32Array(8);
    const sharedWords = (0,_noble_ciphers_utils_js__WEBPACK_IMPORTED_MODULE_2__/* .u32 */ .DH)(sharedSecret);
    (0,_noble_ciphers_salsa_js__WEBPACK_IMPORTED_MODULE_4__/* .hsalsa */ .bD)((0,_noble_ciphers_utils_js__WEBPACK_IMPORTED_MODULE_2__/* .u32 */ .DH)(SALSA_SIGMA), sharedWords, new Uint32Array(4), subkey);
    (0,_noble_ciphers_utils_js__WEBPACK_IMPORTED_MODULE_2__/* .clean */ .uH)(sharedSecret, sharedWords);
    return (0,_noble_ciphers_utils_js__WEBPACK_IMPORTED_MODULE_2__.u8)(subkey);
}
function x25519SharedSecret(privateKey, publicKey) {
    try {
        const recipient = (0,node_crypto__WEBPACK_IMPORTED_MODULE_1__.createPublicKey)({ key: Buffer.concat([X25519_SPKI_PREFIX, publicKey]), format: 'der', type: 'spki' });
        // A fresh copy, so the Uint32Array view over it is 4-byte aligned.
        return new Uint8Array((0,node_crypto__WEBPACK_IMPORTED_MODULE_1__.diffieHellman)({ privateKey, publicKey: recipient }));
    }
    catch {
        // OpenSSL rejects low-order points (an all-zero shared secret), as libsodium's crypto_box_seal does.
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ActionError */ .lZ('Invalid secrets public key: not a usable X25519 public key');
    }
}


/***/ })

};
