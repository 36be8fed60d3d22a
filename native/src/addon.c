/* Module entry: each part of the addon adds its functions to exports. Holds no logic of its own. */
#include "nettool.h"

void nettool_throw(napi_env env, const char *code, const char *message) {
  napi_throw_error(env, code, message);
}

NAPI_MODULE_INIT() {
  if (nettool_init_sock_diag(env, exports) != napi_ok) return NULL;
  return exports;
}
