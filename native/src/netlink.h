/* A netlink dump as bytes: send one request, collect every reply up to NLMSG_DONE or NLMSG_ERROR.
 * Plain C (no Node-API), so that native/test can run it under AddressSanitizer. */
#ifndef NETTOOL_NETLINK_H
#define NETTOOL_NETLINK_H

#include <stddef.h>

struct nettool_bytes {
  unsigned char *data;
  size_t length;
  size_t capacity;
};

/* What nettool_netlink_walk found in a run of netlink messages. */
enum nettool_walk {
  NETTOOL_WALK_MORE = 0,  /* every message whole, no terminator yet */
  NETTOOL_WALK_DONE = 1,  /* ends with NLMSG_DONE or NLMSG_ERROR; *end is just past it */
  NETTOOL_WALK_BAD = -1,  /* a header too short, or a length past the end */
};

/* Checks the headers of the messages in bytes[0, length); never reads past length. */
enum nettool_walk nettool_netlink_walk(const unsigned char *bytes, size_t length, size_t *end);

/* Sends `request` (one whole netlink message) on a new NETLINK_SOCK_DIAG socket and appends the
 * replies to *out (the caller frees out->data). Returns 0, or an errno value: EINVAL for a request
 * that is not one message, EBADMSG for a malformed reply, or what socket/sendto/recvmsg said.
 * EINTR is retried; ENOBUFS (the kernel dropped part of the dump) is returned. */
int nettool_sock_diag_dump(const unsigned char *request, size_t length, struct nettool_bytes *out);

#endif
