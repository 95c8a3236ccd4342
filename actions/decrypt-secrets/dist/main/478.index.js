export const id = 478;
export const ids = [478];
export const modules = {

/***/ 97:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   fromTokenFile: () => (/* binding */ N)
/* harmony export */ });
/* unused harmony export fromWebToken */
/* harmony import */ var _chunk_TIK4LKTI_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(133);
/* harmony import */ var _chunk_ZEN3PL4C_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(352);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(24);
var l=e=>async t=>{e.logger?.debug("@aws-sdk/credential-provider-web-identity - fromWebToken");let{roleArn:o,roleSessionName:r,webIdentityToken:s,providerId:n,policyArns:f,policy:g,durationSeconds:E}=e,{roleAssumerWithWebIdentity:i}=e;if(!i){let{getDefaultRoleAssumerWithWebIdentity:p}=await __webpack_require__.e(/* import() */ 344).then(__webpack_require__.bind(__webpack_require__, 344));i=p({...e.clientConfig,credentialProviderLogger:e.logger,parentClientConfig:{...t?.callerClientConfig,...e.parentClientConfig}},e.clientPlugins)}return i({RoleArn:o,RoleSessionName:r??`aws-sdk-js-session-${Date.now()}`,WebIdentityToken:s,ProviderId:n,PolicyArns:f,Policy:g,DurationSeconds:E})};var m="AWS_WEB_IDENTITY_TOKEN_FILE",S="AWS_ROLE_ARN",T="AWS_ROLE_SESSION_NAME",N=(e={})=>async t=>{e.logger?.debug("@aws-sdk/credential-provider-web-identity - fromTokenFile");let o=e?.webIdentityTokenFile??process.env[m],r=e?.roleArn??process.env[S],s=e?.roleSessionName??process.env[T];if(!o||!r)throw new _chunk_ZEN3PL4C_js__WEBPACK_IMPORTED_MODULE_1__.b("Web identity configuration not specified",{logger:e.logger});let n=await l({...e,webIdentityToken:_chunk_ZEN3PL4C_js__WEBPACK_IMPORTED_MODULE_1__.m?.getTokenRecord?.()[o]??(0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(o,{encoding:"ascii"}),roleArn:r,roleSessionName:s})(t);return o===process.env[m]&&(0,_chunk_TIK4LKTI_js__WEBPACK_IMPORTED_MODULE_2__.b)(n,"CREDENTIALS_ENV_VARS_STS_WEB_ID_TOKEN","h"),n};


/***/ })

};
