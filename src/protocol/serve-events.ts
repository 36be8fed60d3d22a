/** What `nettool serve` reports: one event type for the access log (text or JSON Lines), the summary and the live view. Types only. */

export type ServeTransport = 'tcp' | 'udp' | 'unix';

export type ServeEvent =
  | {
      readonly type: 'listening';
      readonly service: string;
      readonly transport: ServeTransport;
      readonly address: string;
      /** serve --workers: how many processes serve behind the one listener. */
      readonly workers?: number;
    }
  | { readonly type: 'connection'; readonly id: number; readonly client: string }
  | { readonly type: 'refused'; readonly client: string; readonly reason: string }
  | {
      readonly type: 'closed';
      readonly id: number;
      readonly client: string;
      readonly bytesIn: number;
      readonly bytesOut: number;
      readonly durationMs: number;
      /** Why the server closed it (idle, stopping, an error); absent when the client left or the service finished. */
      readonly reason?: string;
    }
  | { readonly type: 'datagram'; readonly client: string; readonly bytesIn: number; readonly bytesOut: number }
  | { readonly type: 'rate-limited'; readonly client: string; readonly limit: number }
  | {
      readonly type: 'request';
      readonly client: string;
      readonly method: string;
      readonly path: string;
      /** `1.1`, as the request line gave it. */
      readonly version: string;
      readonly status: number;
      readonly bytes: number;
      /** From the request's arrival to the last byte of the response handed to the socket. */
      readonly durationMs: number;
    }
  | { readonly type: 'error'; readonly message: string }
  | ({ readonly type: 'summary'; readonly service: string } & ServeSummary);

export interface ServeSummary {
  readonly connections: number;
  readonly refused: number;
  readonly datagrams: number;
  readonly dropped: number;
  readonly bytesIn: number;
  readonly bytesOut: number;
  readonly durationMs: number;
}

/** A connected client at one moment, as the live view sees it. */
export interface ClientSnapshot {
  readonly id: number;
  readonly client: string;
  readonly sinceMs: number;
  readonly bytesIn: number;
  readonly bytesOut: number;
}
