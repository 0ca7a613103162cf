// A gateway on port 0 in front of two recording upstreams, for tests that assert what an upstream's
// own parser read: the monolith, and service `svc` behind one route `api` on /api/*.
import type { GatewayConfigInput } from '../../../gateway/config/schema.js';
import { startRecordingUpstream, type RecordingUpstream } from './recording-upstream.js';
import { startGateway, type RunningGateway } from './start-gateway.js';

type RouteInput = NonNullable<GatewayConfigInput['routes']>[number];

export interface RecordedGateway {
  monolith: RecordingUpstream;
  service: RecordingUpstream;
  gw: RunningGateway;
  close(): Promise<void>;
}

/** Starts both recorders and the gateway; `route` sets the api route's mode and rules. */
export async function startRecordedGateway(route: Omit<RouteInput, 'id' | 'match' | 'service'>): Promise<RecordedGateway> {
  const monolith = await startRecordingUpstream();
  const service = await startRecordingUpstream();
  const gw = await startGateway({
    monolith: { url: monolith.url },
    services: { svc: { url: service.url } },
    routes: [{ id: 'api', match: { path: '/api/*' }, service: 'svc', ...route }],
  });
  return {
    monolith,
    service,
    gw,
    close: async () => {
      await gw.close();
      await Promise.all([monolith.close(), service.close()]);
    },
  };
}
