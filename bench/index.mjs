/** `npm run bench`: every comparison, or only the cases named (`npm run bench -- startup`). */
const cases = {
  startup: () => import('./startup.mjs'),
  xmlrpc: () => import('./xmlrpc.mjs'),
  watch: () => import('./watch.mjs'),
  netstat: () => import('./netstat.mjs'),
  udp: () => import('./udp.mjs'),
  telnet: () => import('./telnet.mjs'),
  dns: () => import('./dns.mjs'),
  axfr: () => import('./dns-axfr.mjs'),
  serve: () => import('./serve.mjs'),
  capture: () => import('./capture.mjs'),
  scan: () => import('./scan.mjs'),
  python: () => import('./python.mjs'),
  metrics: () => import('./metrics.mjs'),
};

const wanted = process.argv.slice(2);
for (const name of wanted) {
  if (!(name in cases)) {
    console.error(`unknown case '${name}'; cases: ${Object.keys(cases).join(', ')}`);
    process.exit(2);
  }
}
console.log(`# nettool benchmarks — ${new Date().toISOString()} — node ${process.version}`);
for (const [name, load] of Object.entries(cases)) {
  if (wanted.length && !wanted.includes(name)) continue;
  await (await load()).default();
}
