#!/bin/sh
# Builds native/src/netlink.c with its C tests under AddressSanitizer and UBSan (-Wall -Wextra -Werror,
# as the addon) and runs them once: malformed replies byte by byte, then real dumps from this kernel.
# Needs a C compiler with libasan (build-essential). test/e2e/native-asan.test.ts runs it in `npm test`.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
${CC:-cc} -std=gnu11 -g -O1 -Wall -Wextra -Werror -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all \
  -o "$out/netlink_test" "$root/native/src/netlink.c" "$root/native/test/netlink_test.c"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 "$out/netlink_test"
