export const id = 744;
export const ids = [744];
export const modules = {

/***/ 744:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   fromProcess: () => (/* binding */ x)
/* harmony export */ });
/* harmony import */ var _chunk_TIK4LKTI_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(133);
/* harmony import */ var _chunk_ZEN3PL4C_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(352);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(421);
/* harmony import */ var node_util__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(975);
var u=(r,e,o)=>{if(e.Version!==1)throw Error(`Profile ${r} credential_process did not return Version 1.`);if(e.AccessKeyId===void 0||e.SecretAccessKey===void 0)throw Error(`Profile ${r} credential_process returned invalid credentials.`);if(e.Expiration){let i=new Date;if(new Date(e.Expiration)<i)throw Error(`Profile ${r} credential_process returned expired credentials.`)}let s=e.AccountId;!s&&o?.[r]?.aws_account_id&&(s=o[r].aws_account_id);let t={accessKeyId:e.AccessKeyId,secretAccessKey:e.SecretAccessKey,...e.SessionToken&&{sessionToken:e.SessionToken},...e.Expiration&&{expiration:new Date(e.Expiration)},...e.CredentialScope&&{credentialScope:e.CredentialScope},...s&&{accountId:s}};return (0,_chunk_TIK4LKTI_js__WEBPACK_IMPORTED_MODULE_2__.b)(t,"CREDENTIALS_PROCESS","w"),t};var w=async(r,e,o)=>{let s=e[r];if(e[r]){let t=s.credential_process;if(t!==void 0){let i=(0,node_util__WEBPACK_IMPORTED_MODULE_1__.promisify)(_chunk_ZEN3PL4C_js__WEBPACK_IMPORTED_MODULE_3__.m?.getTokenRecord?.().exec??node_child_process__WEBPACK_IMPORTED_MODULE_0__.exec);try{let{stdout:n}=await i(t),d;try{d=JSON.parse(n.trim())}catch{throw Error(`Profile ${r} credential_process returned invalid JSON.`)}return u(r,d,e)}catch(n){throw new _chunk_ZEN3PL4C_js__WEBPACK_IMPORTED_MODULE_3__.b(n.message,{logger:o})}}else throw new _chunk_ZEN3PL4C_js__WEBPACK_IMPORTED_MODULE_3__.b(`Profile ${r} did not contain credential_process.`,{logger:o})}else throw new _chunk_ZEN3PL4C_js__WEBPACK_IMPORTED_MODULE_3__.b(`Profile ${r} could not be found in shared credentials file.`,{logger:o})};var x=(r={})=>async({callerClientConfig:e}={})=>{r.logger?.debug("@aws-sdk/credential-provider-process - fromProcess");let o=await (0,_chunk_ZEN3PL4C_js__WEBPACK_IMPORTED_MODULE_3__.l)(r);return w((0,_chunk_ZEN3PL4C_js__WEBPACK_IMPORTED_MODULE_3__.h)({profile:r.profile??e?.profile}),o,r.logger)};


/***/ })

};
