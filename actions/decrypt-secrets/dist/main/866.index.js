export const id = 866;
export const ids = [866];
export const modules = {

/***/ 866:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   fromEnv: () => (/* reexport safe */ _chunk_2UQO5SV6_js__WEBPACK_IMPORTED_MODULE_0__.g)
/* harmony export */ });
/* harmony import */ var _chunk_2UQO5SV6_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(54);



/***/ })

};
