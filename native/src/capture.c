/*
 * Live capture through libpcap, loaded with dlopen so that building needs no libpcap-dev and the
 * addon loads without libpcap. Packets are drained per wake-up of a uv_poll on the selectable fd and
 * handed to JavaScript in batches: one Buffer of classic pcap records (16-byte little-endian header,
 * then the bytes), never one call per packet. Reads no packet: decoding is TypeScript's.
 *
 *   captureOpen({device, snaplen, filter, immediate, timeoutMs, bufferSize, library}, onBatch(buffer, count[, error])) -> {handle, linkType}
 *     (onBatch(null, 0, message) once when the capture cannot go on)
 *   captureStats(handle) -> [received, dropped, ifdropped]     capturePause(handle, paused)     captureClose(handle)
 *   filterCompile(linkType, snaplen, expression, library) -> handle     filterRun(handle, buffer, count) -> Uint8Array
 */
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <uv.h>

#include "nettool.h"

/* libpcap's ABI, declared here (pcap/pcap.h, stable since libpcap 1.0) so no headers are needed. */
typedef struct pcap pcap_t;
struct pcap_pkthdr { struct timeval ts; uint32_t caplen; uint32_t len; };
struct bpf_program { unsigned int bf_len; void *bf_insns; };
struct pcap_stat { unsigned int ps_recv; unsigned int ps_drop; unsigned int ps_ifdrop; };
typedef void (*pcap_handler)(unsigned char *, const struct pcap_pkthdr *, const unsigned char *);
#define PCAP_ERRBUF_SIZE 256
#define PCAP_NETMASK_UNKNOWN 0xffffffffu
#define PCAP_ERROR_NO_SUCH_DEVICE (-5)
#define PCAP_ERROR_PERM_DENIED (-8)
#define DLT_LINUX_SLL2 276

static struct {
  void *library;
  pcap_t *(*create)(const char *, char *);
  int (*set_snaplen)(pcap_t *, int);
  int (*set_promisc)(pcap_t *, int);
  int (*set_timeout)(pcap_t *, int);
  int (*set_immediate_mode)(pcap_t *, int);
  int (*set_buffer_size)(pcap_t *, int);
  int (*activate)(pcap_t *);
  char *(*geterr)(pcap_t *);
  const char *(*statustostr)(int);
  int (*compile)(pcap_t *, struct bpf_program *, const char *, int, uint32_t);
  int (*setfilter)(pcap_t *, struct bpf_program *);
  void (*freecode)(struct bpf_program *);
  int (*setnonblock)(pcap_t *, int, char *);
  int (*get_selectable_fd)(pcap_t *);
  int (*dispatch)(pcap_t *, int, pcap_handler, unsigned char *);
  int (*stats)(pcap_t *, struct pcap_stat *);
  int (*datalink)(pcap_t *);
  int (*set_datalink)(pcap_t *, int);
  void (*close)(pcap_t *);
  pcap_t *(*open_dead)(int, int);
  int (*offline_filter)(const struct bpf_program *, const struct pcap_pkthdr *, const unsigned char *);
} pcap;

/* Loads libpcap once: `path` alone when given (NETTOOL_LIBPCAP), else the sonames distributions ship. */
static int load_pcap(const char *path, char *error, size_t size) {
  if (pcap.library) return 1;
  const char *names[] = {"libpcap.so.1", "libpcap.so.0.8", "libpcap.so", NULL};
  const char *given[] = {path, NULL};
  const char **tries = path && *path ? given : names;
  void *library = NULL;
  for (int i = 0; tries[i] && !library; i++) library = dlopen(tries[i], RTLD_NOW | RTLD_LOCAL);
  if (!library) {
    const char *why = dlerror();
    snprintf(error, size, "libpcap not found (tried %s): %s", path && *path ? path : "libpcap.so.1, libpcap.so.0.8, libpcap.so", why ? why : "dlopen failed");
    return 0;
  }
#define SYMBOL(field, name)                                                            \
  do {                                                                                 \
    *(void **)&pcap.field = dlsym(library, name);                                      \
    if (!pcap.field) {                                                                 \
      snprintf(error, size, "libpcap has no %s: it is older than 1.5", name);        \
      dlclose(library);                                                                \
      return 0;                                                                        \
    }                                                                                  \
  } while (0)
  SYMBOL(create, "pcap_create");
  SYMBOL(set_snaplen, "pcap_set_snaplen");
  SYMBOL(set_promisc, "pcap_set_promisc");
  SYMBOL(set_timeout, "pcap_set_timeout");
  SYMBOL(set_immediate_mode, "pcap_set_immediate_mode");
  SYMBOL(set_buffer_size, "pcap_set_buffer_size");
  SYMBOL(activate, "pcap_activate");
  SYMBOL(geterr, "pcap_geterr");
  SYMBOL(statustostr, "pcap_statustostr");
  SYMBOL(compile, "pcap_compile");
  SYMBOL(setfilter, "pcap_setfilter");
  SYMBOL(freecode, "pcap_freecode");
  SYMBOL(setnonblock, "pcap_setnonblock");
  SYMBOL(get_selectable_fd, "pcap_get_selectable_fd");
  SYMBOL(dispatch, "pcap_dispatch");
  SYMBOL(stats, "pcap_stats");
  SYMBOL(datalink, "pcap_datalink");
  SYMBOL(set_datalink, "pcap_set_datalink");
  SYMBOL(close, "pcap_close");
  SYMBOL(open_dead, "pcap_open_dead");
  SYMBOL(offline_filter, "pcap_offline_filter");
#undef SYMBOL
  pcap.library = library;
  return 1;
}

/* One bounded batch per wake-up: beyond this the rest waits for the next turn of the loop. */
#define BATCH_BYTES (1u << 20)

typedef struct {
  napi_env env;
  pcap_t *handle;
  uv_poll_t poll;
  napi_ref callback;
  napi_ref resource;
  napi_async_context async;
  unsigned char *batch;
  size_t used, capacity;
  uint32_t count;
  int polling, closed, failed;
} capture_t;

static void put_u32(unsigned char *at, uint32_t value) {
  at[0] = value & 0xff, at[1] = (value >> 8) & 0xff, at[2] = (value >> 16) & 0xff, at[3] = value >> 24;
}

static void on_packet(unsigned char *user, const struct pcap_pkthdr *header, const unsigned char *bytes) {
  capture_t *c = (capture_t *)user;
  size_t need = 16 + header->caplen;
  if (c->used + need > c->capacity) {
    size_t capacity = c->capacity ? c->capacity : (1u << 20);
    while (capacity < c->used + need) capacity *= 2;
    unsigned char *grown = realloc(c->batch, capacity);
    if (!grown) {
      c->failed = 1;
      return;
    }
    c->batch = grown, c->capacity = capacity;
  }
  unsigned char *at = c->batch + c->used;
  put_u32(at, (uint32_t)header->ts.tv_sec);
  put_u32(at + 4, (uint32_t)header->ts.tv_usec);
  put_u32(at + 8, header->caplen);
  put_u32(at + 12, header->len);
  memcpy(at + 16, bytes, header->caplen);
  c->used += need;
  c->count++;
}

static void deliver(capture_t *c) {
  napi_env env = c->env;
  napi_handle_scope scope;
  if (napi_open_handle_scope(env, &scope) != napi_ok) return;
  napi_value buffer, count, callback, resource, argv[2], result;
  if (napi_create_buffer_copy(env, c->used, c->batch, NULL, &buffer) == napi_ok && napi_create_uint32(env, c->count, &count) == napi_ok &&
      napi_get_reference_value(env, c->callback, &callback) == napi_ok && napi_get_reference_value(env, c->resource, &resource) == napi_ok) {
    argv[0] = buffer, argv[1] = count;
    c->used = 0, c->count = 0;
    /* make_callback: microtasks run and a throw reaches process 'uncaughtException', as for any I/O callback. */
    napi_make_callback(env, c->async, resource, callback, 2, argv, &result);
  }
  napi_close_handle_scope(env, scope);
}

/* The capture cannot go on (the interface went away, a read failed): polling stops, JavaScript hears why. */
static void fail(capture_t *c, const char *message) {
  if (c->polling) uv_poll_stop(&c->poll), c->polling = 0;
  napi_env env = c->env;
  napi_handle_scope scope;
  if (napi_open_handle_scope(env, &scope) != napi_ok) return;
  napi_value callback, resource, argv[3], result;
  if (napi_get_reference_value(env, c->callback, &callback) == napi_ok && napi_get_reference_value(env, c->resource, &resource) == napi_ok &&
      napi_get_null(env, &argv[0]) == napi_ok && napi_create_uint32(env, 0, &argv[1]) == napi_ok &&
      napi_create_string_utf8(env, message, NAPI_AUTO_LENGTH, &argv[2]) == napi_ok) {
    napi_make_callback(env, c->async, resource, callback, 3, argv, &result);
  }
  napi_close_handle_scope(env, scope);
}

static void on_readable(uv_poll_t *poll, int status, int events) {
  (void)events;
  capture_t *c = (capture_t *)poll->data;
  if (c->closed) return;
  char error[PCAP_ERRBUF_SIZE + 64] = "";
  if (status < 0) snprintf(error, sizeof error, "the capture socket failed (%s): did the interface go away?", uv_strerror(status));
  for (; !error[0];) {
    int n = pcap.dispatch(c->handle, -1, on_packet, (unsigned char *)c);
    if (n == -1) snprintf(error, sizeof error, "%s", pcap.geterr(c->handle));
    if (c->failed) snprintf(error, sizeof error, "out of memory for a batch of packets");
    if (n <= 0 || c->used >= BATCH_BYTES) break;
  }
  if (c->count > 0) deliver(c);
  if (error[0] && !c->closed) fail(c, error);
}

static void on_poll_closed(uv_handle_t *handle) {
  capture_t *c = (capture_t *)handle->data;
  free(c->batch);
  free(c);
}

static void close_capture(capture_t *c) {
  if (c->closed) return;
  c->closed = 1;
  if (c->polling) uv_poll_stop(&c->poll);
  pcap.close(c->handle);
  c->handle = NULL;
  napi_delete_reference(c->env, c->callback);
  napi_delete_reference(c->env, c->resource);
  napi_async_destroy(c->env, c->async);
  uv_close((uv_handle_t *)&c->poll, on_poll_closed);
}

static void finalize_capture(napi_env env, void *data, void *hint) {
  (void)env, (void)hint;
  close_capture((capture_t *)data);
}

static int string_property(napi_env env, napi_value object, const char *name, char *out, size_t size) {
  napi_value value;
  napi_valuetype type;
  size_t length;
  out[0] = 0;
  if (napi_get_named_property(env, object, name, &value) != napi_ok || napi_typeof(env, value, &type) != napi_ok) return 0;
  if (type != napi_string) return 1;
  return napi_get_value_string_utf8(env, value, out, size, &length) == napi_ok;
}

static int32_t int_property(napi_env env, napi_value object, const char *name, int32_t fallback) {
  napi_value value;
  int32_t result;
  if (napi_get_named_property(env, object, name, &value) != napi_ok || napi_get_value_int32(env, value, &result) != napi_ok) return fallback;
  return result;
}

static napi_value capture_open(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 2) {
    napi_throw_type_error(env, "EINVAL", "captureOpen(options, onBatch)");
    return NULL;
  }
  char device[256], library[1024], error[PCAP_ERRBUF_SIZE + 256];
  static char filter[65536];
  if (!string_property(env, argv[0], "device", device, sizeof device) || !string_property(env, argv[0], "library", library, sizeof library) ||
      !string_property(env, argv[0], "filter", filter, sizeof filter)) {
    napi_throw_type_error(env, "EINVAL", "captureOpen: device, filter and library must be strings");
    return NULL;
  }
  if (!load_pcap(library, error, sizeof error)) {
    nettool_throw(env, "ENOLIBPCAP", error);
    return NULL;
  }
  char errbuf[PCAP_ERRBUF_SIZE] = "";
  pcap_t *handle = pcap.create(device[0] ? device : "any", errbuf);
  if (!handle) {
    nettool_throw(env, "EPCAP", errbuf);
    return NULL;
  }
  pcap.set_snaplen(handle, int_property(env, argv[0], "snaplen", 262144));
  pcap.set_promisc(handle, 0);
  pcap.set_timeout(handle, int_property(env, argv[0], "timeoutMs", 200));
  pcap.set_immediate_mode(handle, int_property(env, argv[0], "immediate", 0));
  int32_t buffer_size = int_property(env, argv[0], "bufferSize", 0);
  if (buffer_size > 0) pcap.set_buffer_size(handle, buffer_size);
  int status = pcap.activate(handle);
  if (status < 0) {
    const char *code = status == PCAP_ERROR_PERM_DENIED ? "EPERM" : status == PCAP_ERROR_NO_SUCH_DEVICE ? "ENODEV" : "EPCAP";
    const char *detail = pcap.geterr(handle), *words = pcap.statustostr(status);
    int same = !detail || !*detail || strcmp(detail, words) == 0;
    snprintf(error, sizeof error, "%s%s%s", words, same ? "" : ": ", same ? "" : detail);
    pcap.close(handle);
    nettool_throw(env, code, error);
    return NULL;
  }
  /* Cooked v2 names the interface of each packet on `any`, as tcpdump asks for it; older libpcap keeps v1. */
  if (strcmp(device[0] ? device : "any", "any") == 0) pcap.set_datalink(handle, DLT_LINUX_SLL2);
  if (filter[0]) {
    struct bpf_program program;
    if (pcap.compile(handle, &program, filter, 1, PCAP_NETMASK_UNKNOWN) < 0) {
      snprintf(error, sizeof error, "%s", pcap.geterr(handle));
      pcap.close(handle);
      nettool_throw(env, "EFILTER", error);
      return NULL;
    }
    int set = pcap.setfilter(handle, &program);
    pcap.freecode(&program);
    if (set < 0) {
      snprintf(error, sizeof error, "%s", pcap.geterr(handle));
      pcap.close(handle);
      nettool_throw(env, "EPCAP", error);
      return NULL;
    }
  }
  int fd = pcap.get_selectable_fd(handle);
  if (fd < 0 || pcap.setnonblock(handle, 1, errbuf) < 0) {
    pcap.close(handle);
    nettool_throw(env, "EPCAP", fd < 0 ? "the capture has no selectable file descriptor" : errbuf);
    return NULL;
  }
  capture_t *c = calloc(1, sizeof *c);
  uv_loop_t *loop;
  napi_value name, resource;
  if (!c || napi_get_uv_event_loop(env, &loop) != napi_ok || uv_poll_init(loop, &c->poll, fd) != 0) {
    free(c);
    pcap.close(handle);
    nettool_throw(env, "ENOMEM", "captureOpen: cannot watch the capture's file descriptor");
    return NULL;
  }
  c->env = env, c->handle = handle, c->poll.data = c;
  napi_create_object(env, &resource);
  napi_create_string_utf8(env, "nettool:capture", NAPI_AUTO_LENGTH, &name);
  napi_create_reference(env, argv[1], 1, &c->callback);
  napi_create_reference(env, resource, 1, &c->resource);
  napi_async_init(env, resource, name, &c->async);
  uv_poll_start(&c->poll, UV_READABLE, on_readable);
  c->polling = 1;

  napi_value result, external, link_type;
  napi_create_object(env, &result);
  napi_create_external(env, c, finalize_capture, NULL, &external);
  napi_create_int32(env, pcap.datalink(handle), &link_type);
  napi_set_named_property(env, result, "handle", external);
  napi_set_named_property(env, result, "linkType", link_type);
  return result;
}

static capture_t *capture_arg(napi_env env, napi_callback_info info, napi_value *second) {
  size_t argc = 2;
  napi_value argv[2];
  void *data = NULL;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 1 || napi_get_value_external(env, argv[0], &data) != napi_ok) {
    napi_throw_type_error(env, "EINVAL", "expected a capture handle");
    return NULL;
  }
  if (second) *second = argc > 1 ? argv[1] : NULL;
  return (capture_t *)data;
}

static napi_value capture_stats(napi_env env, napi_callback_info info) {
  capture_t *c = capture_arg(env, info, NULL);
  if (!c) return NULL;
  struct pcap_stat stat = {0};
  if (c->closed || pcap.stats(c->handle, &stat) < 0) {
    nettool_throw(env, "EPCAP", c->closed ? "the capture is closed" : pcap.geterr(c->handle));
    return NULL;
  }
  napi_value array, value;
  napi_create_array_with_length(env, 3, &array);
  unsigned int values[3] = {stat.ps_recv, stat.ps_drop, stat.ps_ifdrop};
  for (uint32_t i = 0; i < 3; i++) {
    napi_create_uint32(env, values[i], &value);
    napi_set_element(env, array, i, value);
  }
  return array;
}

static napi_value capture_pause(napi_env env, napi_callback_info info) {
  napi_value flag;
  capture_t *c = capture_arg(env, info, &flag);
  bool paused = false;
  if (!c || c->closed) return NULL;
  if (flag) napi_get_value_bool(env, flag, &paused);
  if (paused && c->polling) uv_poll_stop(&c->poll), c->polling = 0;
  if (!paused && !c->polling) uv_poll_start(&c->poll, UV_READABLE, on_readable), c->polling = 1;
  return NULL;
}

static napi_value capture_close(napi_env env, napi_callback_info info) {
  capture_t *c = capture_arg(env, info, NULL);
  if (c) close_capture(c);
  return NULL;
}

static void finalize_program(napi_env env, void *data, void *hint) {
  (void)env, (void)hint;
  pcap.freecode((struct bpf_program *)data);
  free(data);
}

/* A filter compiled for a link type without a device (pcap_open_dead), to filter what a file holds. */
static napi_value filter_compile(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  int32_t link_type, snaplen;
  char library[1024], error[PCAP_ERRBUF_SIZE + 256];
  static char expression[65536];
  size_t length;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 4 || napi_get_value_int32(env, argv[0], &link_type) != napi_ok ||
      napi_get_value_int32(env, argv[1], &snaplen) != napi_ok || napi_get_value_string_utf8(env, argv[2], expression, sizeof expression, &length) != napi_ok) {
    napi_throw_type_error(env, "EINVAL", "filterCompile(linkType, snaplen, expression, library)");
    return NULL;
  }
  if (napi_get_value_string_utf8(env, argv[3], library, sizeof library, &length) != napi_ok) library[0] = 0;
  if (!load_pcap(library, error, sizeof error)) {
    nettool_throw(env, "ENOLIBPCAP", error);
    return NULL;
  }
  pcap_t *dead = pcap.open_dead(link_type, snaplen > 0 ? snaplen : 262144);
  struct bpf_program *program = calloc(1, sizeof *program);
  if (!dead || !program) {
    if (dead) pcap.close(dead);
    free(program);
    nettool_throw(env, "ENOMEM", "filterCompile: out of memory");
    return NULL;
  }
  if (pcap.compile(dead, program, expression, 1, PCAP_NETMASK_UNKNOWN) < 0) {
    snprintf(error, sizeof error, "%s", pcap.geterr(dead));
    pcap.close(dead);
    free(program);
    nettool_throw(env, "EFILTER", error);
    return NULL;
  }
  pcap.close(dead);
  napi_value external;
  napi_create_external(env, program, finalize_program, NULL, &external);
  return external;
}

/* One byte per record of a batch (the layout captureOpen delivers): 1 when the filter keeps it. */
static napi_value filter_run(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  void *program = NULL;
  unsigned char *bytes;
  size_t length;
  uint32_t count;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 3 || napi_get_value_external(env, argv[0], &program) != napi_ok ||
      napi_get_buffer_info(env, argv[1], (void **)&bytes, &length) != napi_ok || napi_get_value_uint32(env, argv[2], &count) != napi_ok) {
    napi_throw_type_error(env, "EINVAL", "filterRun(program, buffer, count)");
    return NULL;
  }
  napi_value out;
  unsigned char *verdicts;
  if (napi_create_buffer(env, count, (void **)&verdicts, &out) != napi_ok) return NULL;
  size_t at = 0;
  for (uint32_t i = 0; i < count; i++) {
    struct pcap_pkthdr header = {0};
    if (at + 16 > length) {
      nettool_throw(env, "EINVAL", "filterRun: the batch is shorter than its count");
      return NULL;
    }
    const unsigned char *h = bytes + at;
    header.caplen = (uint32_t)h[8] | (uint32_t)h[9] << 8 | (uint32_t)h[10] << 16 | (uint32_t)h[11] << 24;
    header.len = (uint32_t)h[12] | (uint32_t)h[13] << 8 | (uint32_t)h[14] << 16 | (uint32_t)h[15] << 24;
    if (at + 16 + header.caplen > length) {
      nettool_throw(env, "EINVAL", "filterRun: a record runs past the batch");
      return NULL;
    }
    verdicts[i] = pcap.offline_filter((struct bpf_program *)program, &header, h + 16) != 0;
    at += 16 + header.caplen;
  }
  return out;
}

napi_status nettool_init_capture(napi_env env, napi_value exports) {
  napi_property_descriptor properties[] = {
    {"captureOpen", NULL, capture_open, NULL, NULL, NULL, napi_default, NULL},
    {"captureStats", NULL, capture_stats, NULL, NULL, NULL, napi_default, NULL},
    {"capturePause", NULL, capture_pause, NULL, NULL, NULL, napi_default, NULL},
    {"captureClose", NULL, capture_close, NULL, NULL, NULL, napi_default, NULL},
    {"filterCompile", NULL, filter_compile, NULL, NULL, NULL, napi_default, NULL},
    {"filterRun", NULL, filter_run, NULL, NULL, NULL, napi_default, NULL},
  };
  return napi_define_properties(env, exports, sizeof properties / sizeof properties[0], properties);
}
