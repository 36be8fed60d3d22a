/* Tests of netlink.c in plain C, for AddressSanitizer and UBSan (scripts/native-asan.sh): framing of
 * good and malformed replies, and real dumps from this kernel. Prints one line per failure. */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "../src/netlink.h"

static int failures = 0;
#define CHECK(cond)                                                    \
  do {                                                                 \
    if (!(cond)) {                                                     \
      fprintf(stderr, "%s:%d: failed: %s\n", __FILE__, __LINE__, #cond); \
      failures++;                                                      \
    }                                                                  \
  } while (0)

/* A heap copy of exactly `length` bytes, so that ASan sees any read past the end. */
static unsigned char *exact(const void *bytes, size_t length) {
  unsigned char *copy = malloc(length ? length : 1);
  memcpy(copy, bytes, length);
  return copy;
}

static size_t put_message(unsigned char *at, unsigned short type, unsigned length) {
  struct nlmsghdr header = {.nlmsg_len = length, .nlmsg_type = type};
  memcpy(at, &header, sizeof header);
  return NLMSG_ALIGN(length);
}

static void test_walk(void) {
  unsigned char buffer[256] = {0};
  size_t end = 0;
  size_t used = put_message(buffer, SOCK_DIAG_BY_FAMILY, 16 + 72);
  used += put_message(buffer + used, NLMSG_DONE, 20);

  unsigned char *whole = exact(buffer, used);
  CHECK(nettool_netlink_walk(whole, used, &end) == NETTOOL_WALK_DONE && end == used);
  free(whole);

  /* Every cut of the same bytes: never DONE, never a read past the end. */
  for (size_t cut = 0; cut < used; cut++) {
    unsigned char *part = exact(buffer, cut);
    enum nettool_walk walk = nettool_netlink_walk(part, cut, &end);
    CHECK(walk != NETTOOL_WALK_DONE);
    free(part);
  }

  unsigned char lies[16];
  put_message(lies, SOCK_DIAG_BY_FAMILY, 8); /* shorter than its own header */
  unsigned char *short_header = exact(lies, sizeof lies);
  CHECK(nettool_netlink_walk(short_header, sizeof lies, &end) == NETTOOL_WALK_BAD);
  free(short_header);
  put_message(lies, SOCK_DIAG_BY_FAMILY, 4096); /* longer than the datagram */
  unsigned char *long_header = exact(lies, sizeof lies);
  CHECK(nettool_netlink_walk(long_header, sizeof lies, &end) == NETTOOL_WALK_BAD);
  free(long_header);

  unsigned char error[36] = {0};
  put_message(error, NLMSG_ERROR, 36);
  unsigned char *reply = exact(error, sizeof error);
  CHECK(nettool_netlink_walk(reply, sizeof error, &end) == NETTOOL_WALK_DONE && end == 36);
  free(reply);

  CHECK(nettool_netlink_walk(NULL, 0, &end) == NETTOOL_WALK_MORE && end == 0);
}

/* Walks a whole reply and returns the type of its last message. */
static int last_type(const struct nettool_bytes *out) {
  size_t end = 0;
  if (nettool_netlink_walk(out->data, out->length, &end) != NETTOOL_WALK_DONE || end != out->length) return -1;
  size_t at = 0, last = 0;
  while (at < out->length) {
    struct nlmsghdr header;
    memcpy(&header, out->data + at, sizeof header);
    last = at;
    at += NLMSG_ALIGN(header.nlmsg_len);
  }
  struct nlmsghdr header;
  memcpy(&header, out->data + last, sizeof header);
  return header.nlmsg_type;
}

static void test_dumps(void) {
  struct {
    struct nlmsghdr header;
    struct inet_diag_req_v2 request;
  } inet = {
      .header = {.nlmsg_len = sizeof inet, .nlmsg_type = SOCK_DIAG_BY_FAMILY, .nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP},
      .request = {.sdiag_family = AF_INET, .sdiag_protocol = IPPROTO_TCP, .idiag_ext = 1 << (INET_DIAG_INFO - 1), .idiag_states = ~0u},
  };
  struct nettool_bytes out = {0};
  CHECK(nettool_sock_diag_dump((const unsigned char *)&inet, sizeof inet, &out) == 0);
  CHECK(last_type(&out) == NLMSG_DONE);
  free(out.data);

  struct {
    struct nlmsghdr header;
    struct unix_diag_req request;
  } unix_request = {
      .header = {.nlmsg_len = sizeof unix_request, .nlmsg_type = SOCK_DIAG_BY_FAMILY, .nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP},
      .request = {.sdiag_family = AF_UNIX, .udiag_states = ~0u, .udiag_show = UDIAG_SHOW_NAME | UDIAG_SHOW_PEER | UDIAG_SHOW_RQLEN},
  };
  out = (struct nettool_bytes){0};
  CHECK(nettool_sock_diag_dump((const unsigned char *)&unix_request, sizeof unix_request, &out) == 0);
  CHECK(last_type(&out) == NLMSG_DONE);
  free(out.data);

  /* A family past AF_MAX: the kernel answers NLMSG_ERROR, handed over as bytes. */
  inet.request.sdiag_family = 99;
  out = (struct nettool_bytes){0};
  CHECK(nettool_sock_diag_dump((const unsigned char *)&inet, sizeof inet, &out) == 0);
  CHECK(last_type(&out) == NLMSG_ERROR);
  free(out.data);

  /* A request that is not one whole message is refused before any socket is opened. */
  out = (struct nettool_bytes){0};
  CHECK(nettool_sock_diag_dump((const unsigned char *)&inet, 8, &out) == EINVAL);
  CHECK(nettool_sock_diag_dump((const unsigned char *)&inet, sizeof inet - 4, &out) == EINVAL);
  CHECK(out.data == NULL);
}

int main(void) {
  test_walk();
  test_dumps();
  if (failures) return 1;
  printf("netlink tests: all passed\n");
  return 0;
}
