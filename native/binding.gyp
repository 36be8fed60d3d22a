# The one native addon (Node-API, C): nettool's door to the kernel. Built by scripts/build-native.mjs;
# never shipped (npm would run node-gyp on users' machines for a package that has one).
{
  "targets": [
    {
      "target_name": "nettool",
      "sources": ["src/addon.c", "src/netlink.c", "src/sock_diag.c"],
      "defines": ["NAPI_VERSION=8"],
      "cflags": ["-Wall", "-Wextra", "-Werror", "-O2"],
      "cflags_c": ["-std=gnu11"]
    }
  ]
}
