// What the primary and its data-plane workers say to each other over cluster IPC (JSON: it parses
// 2-3× faster than the 'advanced' v8 serialization for these header-heavy records). Plain data only.

import type { GatewayConfig } from '../config/schema.js';
import type { ExchangeInfo, ExchangeResult, RouteOverrides } from '../hooks.js';
import type { IncomingHttpHeaders } from 'node:http';
import type { InstanceStatus } from '../upstream/service-pool.js';
import type { InFlightCount } from '../upstream/service-pools.js';

/** One finished exchange of a worker, replayed into the primary's hooks (see relay-exchanges.ts). */
export interface RelayedExchange {
  // The primary looks the route up by id in its own table; upstreamHeaders only travel with bodies.
  info: Omit<ExchangeInfo, 'route' | 'upstreamHeaders'> & { upstreamHeaders?: ExchangeInfo['upstreamHeaders'] };
  response: { status: number; headers: IncomingHttpHeaders } | undefined;
  requestBody: string[] | undefined; // base64 chunks, only for routes whose hooks read bodies (shadow mode, on the monolith)
  responseBody: string[] | undefined;
  result: ExchangeResult;
}

/** How one exchange went for its service instance (the outlier detector's input): [service, url, failed]. */
export type Verdict = [string, string, boolean];

/** What a worker relays in one message: its finished exchanges, its instance verdicts, and its requests in flight when they changed. */
export interface RelayBatch {
  exchanges: RelayedExchange[];
  verdicts: Verdict[];
  inFlight?: InFlightCount[];
}

export type ToWorker =
  | { type: 'ficus:start'; config: GatewayConfig; overrides: RouteOverrides; port: number; instances: InstanceStatus[] }
  | { type: 'ficus:instances'; statuses: InstanceStatus[] } // the primary's pools changed: every worker routes by the same view
  | { type: 'ficus:table'; config: GatewayConfig | undefined; overrides: RouteOverrides; sentAt: number } // config only when it changed
  | { type: 'ficus:metrics'; id: number }
  | { type: 'ficus:close' };

export type ToPrimary =
  | { type: 'ficus:ready' } // listening for the primary's messages: send ficus:start
  | { type: 'ficus:listening'; port: number }
  | { type: 'ficus:metrics'; id: number; metrics: unknown[] } // the answer to a ficus:metrics request: prom-client's JSON
  | ({ type: 'ficus:relay' } & RelayBatch)
  | { type: 'ficus:failed'; message: string }; // could not start (e.g. the port): the primary stops restarting

export const isMessage = (m: unknown): m is { type: string } =>
  typeof m === 'object' && m !== null && typeof (m as { type?: unknown }).type === 'string' && (m as { type: string }).type.startsWith('ficus:');
