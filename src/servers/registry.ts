/** Every service `nettool serve` offers: name → default port, transports and factory. The one list to extend. */
import type { ServerHandle } from './listen.js';
import type { ServiceOptions } from './options.js';

export interface ServiceDefinition {
  readonly description: string;
  /** The well-known port (RFC 862/863/864/867/868), or a customary one for the rest. */
  readonly defaultPort: number;
  /** Whether --udp is offered (TCP and Unix streams always are). */
  readonly udp: boolean;
  /** Service-specific options this service accepts, so others reject them as usage errors. */
  readonly accepts: readonly ('rfc868' | 'dir' | 'authkey' | 'echo' | 'ports' | 'processes')[];
  /** Logs one line per request (HTTP), so per-connection lines are only for -v. */
  readonly logsRequests?: boolean;
  /** Absent: a TCP or Unix service that takes --workers; false for one that must stay one process. */
  readonly workers?: false;
  /** Imported on use, so starting one service loads only its module. */
  readonly create: (options: ServiceOptions) => Promise<ServerHandle>;
}

export const services = {
  echo: {
    description: 'sends back what it gets (RFC 862)',
    defaultPort: 7,
    udp: true,
    accepts: [],
    create: async (options) => (await import('./echo.js')).createEchoServer(options),
  },
  discard: {
    description: 'reads and drops (RFC 863)',
    defaultPort: 9,
    udp: true,
    accepts: [],
    create: async (options) => (await import('./discard.js')).createDiscardServer(options),
  },
  daytime: {
    description: 'one line of human-readable time, then closes (RFC 867)',
    defaultPort: 13,
    udp: true,
    accepts: [],
    create: async (options) => (await import('./oneshot.js')).createDaytimeServer(options),
  },
  chargen: {
    description: 'the RFC 864 character pattern until the client leaves',
    defaultPort: 19,
    udp: true,
    accepts: [],
    create: async (options) => (await import('./chargen.js')).createChargenServer(options),
  },
  time: {
    description: 'the time, then closes: ctime text, or RFC 868 binary with --rfc868',
    defaultPort: 37,
    udp: true,
    accepts: ['rfc868'],
    create: async (options) => (await import('./oneshot.js')).createTimeServer(options),
  },
  hello: {
    description: "'Hello <your address>', then closes",
    defaultPort: 9000,
    udp: false,
    accepts: [],
    create: async (options) => (await import('./oneshot.js')).createHelloServer(options),
  },
  http: {
    description: 'static files from --dir, with listings, Range and HEAD',
    defaultPort: 8000,
    udp: false,
    accepts: ['dir'],
    logsRequests: true,
    create: async (options) => {
      const [{ createHttpServer }, { createStaticHandler }] = await Promise.all([import('./http.js'), import('./static-files.js')]);
      return createHttpServer({ ...options, listener: () => createStaticHandler(options.dir ?? '.') });
    },
  },
  // An HTTP service is any node:http request listener behind createHttpServer: the policy, deadlines and body cap come with it.
  xmlrpc: {
    description: 'an XML-RPC endpoint: add, echo, time, system.listMethods and system.methodHelp',
    defaultPort: 8080,
    udp: false,
    accepts: [],
    logsRequests: true,
    create: async (options) => {
      const [{ createHttpServer }, { createXmlRpcHandler }] = await Promise.all([import('./http.js'), import('./xmlrpc.js')]);
      return createHttpServer({ ...options, listener: (limits) => createXmlRpcHandler({ maxRequestBytes: limits.maxBodyBytes, ...(options.now && { now: options.now }) }) });
    },
  },
  mp: {
    description: "Python's multiprocessing.connection Listener: (x, y) → x + y, or --echo; pickles read as data, never run",
    defaultPort: 6000,
    udp: false,
    accepts: ['authkey', 'echo'],
    create: async (options) => (await import('./mp.js')).createMpServer(options),
  },
  metrics: {
    description: 'a Prometheus exporter: connections per state and per listening port, accept queues, protocol counters',
    // node_exporter has 9100; a port of its own so both can run on one host.
    defaultPort: 9469,
    udp: false,
    accepts: ['ports', 'processes'],
    logsRequests: true,
    // A scrape reads the host's tables: more processes would read the same tables, not serve more.
    workers: false,
    create: async (options) => {
      const [{ createHttpServer }, { createMetricsHandler, metricsInputs }] = await Promise.all([import('./http.js'), import('./metrics.js')]);
      return createHttpServer({ ...options, listener: () => createMetricsHandler(metricsInputs(), options.metrics ?? { processes: false }) });
    },
  },
} satisfies Record<string, ServiceDefinition>;

export type ServiceName = keyof typeof services;

export function isServiceName(name: string): name is ServiceName {
  return Object.hasOwn(services, name);
}
