/* NETLINK_SOCK_DIAG dumps as raw bytes. Checks message framing only; the records are read in TypeScript. */
#define _GNU_SOURCE
#include "netlink.h"

#include <errno.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

/* The kernel fills at most about 32 KiB per dump datagram; twice that is never truncated. */
#define CHUNK (64 * 1024)
/* A dump of a million sockets is about 100 MiB; more means something is wrong, not busy. */
#define MAX_DUMP (512u * 1024 * 1024)

enum nettool_walk nettool_netlink_walk(const unsigned char *bytes, size_t length, size_t *end) {
  size_t at = 0;
  while (at < length) {
    struct nlmsghdr header;
    if (length - at < sizeof header) return NETTOOL_WALK_BAD;
    memcpy(&header, bytes + at, sizeof header);
    if (header.nlmsg_len < sizeof header || header.nlmsg_len > length - at) return NETTOOL_WALK_BAD;
    size_t next = at + NLMSG_ALIGN(header.nlmsg_len);
    if (header.nlmsg_type == NLMSG_DONE || header.nlmsg_type == NLMSG_ERROR) {
      *end = at + header.nlmsg_len;
      return NETTOOL_WALK_DONE;
    }
    at = next < length ? next : length;
  }
  *end = length;
  return NETTOOL_WALK_MORE;
}

static int reserve(struct nettool_bytes *out, size_t more) {
  if (out->capacity - out->length >= more) return 0;
  size_t capacity = out->capacity ? out->capacity : 4 * CHUNK;
  while (capacity - out->length < more) capacity *= 2;
  if (capacity > MAX_DUMP) return E2BIG;
  unsigned char *data = realloc(out->data, capacity);
  if (!data) return ENOMEM;
  out->data = data;
  out->capacity = capacity;
  return 0;
}

static int receive(int fd, struct nettool_bytes *out) {
  for (;;) {
    int error = reserve(out, CHUNK);
    if (error) return error;
    struct iovec iov = {.iov_base = out->data + out->length, .iov_len = CHUNK};
    struct sockaddr_nl from;
    struct msghdr message = {.msg_name = &from, .msg_namelen = sizeof from, .msg_iov = &iov, .msg_iovlen = 1};
    ssize_t got = recvmsg(fd, &message, 0);
    if (got < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    if (got == 0 || (message.msg_flags & MSG_TRUNC)) return EBADMSG;
    /* Only the kernel (port 0) answers a dump; anything else on this socket is not ours. */
    if (message.msg_namelen != sizeof from || from.nl_pid != 0) continue;
    size_t end = 0;
    enum nettool_walk walk = nettool_netlink_walk(out->data + out->length, (size_t)got, &end);
    if (walk == NETTOOL_WALK_BAD) return EBADMSG;
    out->length += end;
    if (walk == NETTOOL_WALK_DONE) return 0;
  }
}

int nettool_sock_diag_dump(const unsigned char *request, size_t length, struct nettool_bytes *out) {
  struct nlmsghdr header;
  if (length < sizeof header) return EINVAL;
  memcpy(&header, request, sizeof header);
  if (header.nlmsg_len != length) return EINVAL;

  int fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
  if (fd < 0) return errno;
  /* A kernel that never answers must not hang the caller (the socket has a timeout, as every socket here). */
  struct timeval timeout = {.tv_sec = 5, .tv_usec = 0};
  int error = 0;
  if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout) < 0) error = errno;
  struct sockaddr_nl kernel = {.nl_family = AF_NETLINK, .nl_pid = 0};
  while (!error) {
    if (sendto(fd, request, length, 0, (struct sockaddr *)&kernel, sizeof kernel) >= 0) break;
    if (errno != EINTR) error = errno;
  }
  if (!error) error = receive(fd, out);
  close(fd);
  return error;
}
