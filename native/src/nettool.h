/* The addon's parts: each registers its functions on the module's exports. */
#ifndef NETTOOL_H
#define NETTOOL_H

#include <node_api.h>

/* sock_diag.c: sockDiag(request) -> Buffer, the whole netlink dump for one request. */
napi_status nettool_init_sock_diag(napi_env env, napi_value exports);

/* Throws a JavaScript Error with `code` (an errno name such as "ENOBUFS") and the message. */
void nettool_throw(napi_env env, const char *code, const char *message);

#endif
