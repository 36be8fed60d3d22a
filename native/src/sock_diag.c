/* sockDiag(request): Node-API face of netlink.c. Hands the dump over as one Buffer; reads no record. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "netlink.h"
#include "nettool.h"

static const char *errno_code(int error) {
  switch (error) {
    case EINVAL: return "EINVAL";
    case EBADMSG: return "EBADMSG";
    case ENOBUFS: return "ENOBUFS";
    case ENOMEM: return "ENOMEM";
    case E2BIG: return "E2BIG";
    case EAGAIN: return "ETIMEDOUT"; /* SO_RCVTIMEO ran out */
    case EACCES: return "EACCES";
    case EPERM: return "EPERM";
    case EAFNOSUPPORT: return "EAFNOSUPPORT";
    case EPROTONOSUPPORT: return "EPROTONOSUPPORT";
    default: return "EIO";
  }
}

static napi_value sock_diag(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok) return NULL;
  bool is_typed = false;
  if (argc < 1 || napi_is_typedarray(env, argv[0], &is_typed) != napi_ok || !is_typed) {
    napi_throw_type_error(env, "EINVAL", "sockDiag(request): request must be a Uint8Array");
    return NULL;
  }
  napi_typedarray_type type;
  size_t length;
  void *data;
  if (napi_get_typedarray_info(env, argv[0], &type, &length, &data, NULL, NULL) != napi_ok) return NULL;
  if (type != napi_uint8_array) {
    napi_throw_type_error(env, "EINVAL", "sockDiag(request): request must be a Uint8Array");
    return NULL;
  }
  /* The request is copied: the dump below may run long enough for nothing to move it, but it is tiny. */
  unsigned char request[256];
  if (length > sizeof request) {
    nettool_throw(env, "EINVAL", "sockDiag: request longer than 256 bytes");
    return NULL;
  }
  memcpy(request, data, length);

  struct nettool_bytes out = {0};
  int error = nettool_sock_diag_dump(request, length, &out);
  if (error) {
    free(out.data);
    char message[160];
    snprintf(message, sizeof message, "netlink sock_diag: %s", strerror(error));
    nettool_throw(env, errno_code(error), message);
    return NULL;
  }
  napi_value buffer = NULL;
  napi_status status = napi_create_buffer_copy(env, out.length, out.data ? (void *)out.data : (void *)"", NULL, &buffer);
  free(out.data);
  return status == napi_ok ? buffer : NULL;
}

napi_status nettool_init_sock_diag(napi_env env, napi_value exports) {
  napi_value fn;
  napi_status status = napi_create_function(env, "sockDiag", NAPI_AUTO_LENGTH, sock_diag, NULL, &fn);
  if (status != napi_ok) return status;
  return napi_set_named_property(env, exports, "sockDiag", fn);
}
