// One shadow job: the copy goes to the service (and, for a noise sample, to the monolith again),
// the answers are compared, and the result is recorded with both durations and the service's
// version. Every failure is counted; none reaches the client, who has long been answered.
import type { Logger } from 'pino';
import { compileCompareRules } from '../compare/compare-rules.js';
import { diffResponses } from '../compare/diff-responses.js';
import type { GatewayConfig } from '../config/schema.js';
import type { ShadowComparison } from '../hooks.js';
import type { ServicePools } from '../upstream/service-pools.js';
import type { ShadowCounter } from '../store/shadow-records.js';
import { createExampleBuilder } from './build-example.js';
import type { ShadowJob } from './capture-exchange.js';
import type { CopyAnswer } from './send-copy.js';
import type { Breaker } from './service-breaker.js';
import type { ShadowWriter } from './shadow-writer.js';

export const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface CompareCopyOptions {
  config: GatewayConfig;
  writer: ShadowWriter;
  rng: () => number;
  now: () => number;
  logger?: Logger;
  breakerFor: (service: string) => Breaker;
  pools: Pick<ServicePools, 'pick' | 'release'>; // a copy goes to an instance in the pool, never to one taken out
  send: (baseUrl: string, job: ShadowJob, purpose: 'service' | 'noise') => Promise<CopyAnswer>;
  count: (routeId: string, name: ShadowCounter) => void;
  isClosing: () => boolean;
  onCompared?: (routeId: string, matched: boolean) => void;
  /** The comparison as the traffic inspector shows it beside its exchange. */
  onComparison?: (comparison: ShadowComparison) => void;
}

/** Runs `job` to its recorded end. */
export async function compareCopy(job: ShadowJob, o: CompareCopyOptions): Promise<void> {
  const { info, route } = job;
  const service = route.service ? o.config.services[route.service] : undefined;
  if (!service || !route.service) return o.count(route.id, 'skipped_no_service');
  const instance = o.pools.pick(route.service);
  if (!instance) return o.count(route.id, 'skipped_service_down');
  const wantNoise = route.shadow.noise === 'auto' && SAFE_METHODS.has(info.method) && o.rng() * 100 < route.shadow.noiseSample;
  const sentAt = performance.now();
  const [serviceAnswer, noiseAnswer] = await Promise.all([
    o.send(instance.url, job, 'service')
      .then((a) => ({ answer: a, ms: performance.now() - sentAt }))
      .finally(() => o.pools.release(instance, undefined)), // copies inform the breaker, not the data plane's ejection
    wantNoise ? o.send(o.config.monolith.url, job, 'noise') : undefined,
  ]);
  if (o.isClosing()) return o.count(route.id, 'skipped_closing'); // cut short by close(), not the service's fault
  const rules = compileCompareRules(route.shadow);
  if (noiseAnswer?.outcome === 'ok') o.writer.recordNoise(route.id, diffResponses(job.primary, noiseAnswer.response, rules));
  else if (noiseAnswer) o.count(route.id, 'errors_monolith'); // the second monolith call; the comparison goes on without it

  const answer = serviceAnswer.answer;
  const breaker = o.breakerFor(route.service);
  if (answer.outcome === 'ok' || answer.outcome === 'too_large') breaker.succeeded();
  else breaker.failed();
  if (answer.outcome === 'too_large') return o.count(route.id, 'skipped_too_large');
  if (answer.outcome !== 'ok') {
    o.count(route.id, 'errors_service');
    if (answer.outcome === 'upstream_timeout') o.count(route.id, 'errors_service_timeout');
    o.logger?.debug({ route: route.id, requestId: info.requestId, outcome: answer.outcome, detail: answer.detail }, 'shadow call failed');
    return;
  }
  const differences = diffResponses(job.primary, answer.response, rules);
  const example = createExampleBuilder(
    { method: info.method, url: info.url, requestHeaders: info.headers, requestBody: job.requestBody, monolith: job.primary, service: answer.response },
    rules,
    o.now(),
  );
  const version = answer.response.headers[route.shadow.versionHeader];
  o.writer.recordComparison(route.id, differences, example, {
    version: typeof version === 'string' && version !== '' ? version.slice(0, 200) : undefined,
    monolithMs: job.monolithMs,
    serviceMs: serviceAnswer.ms,
  });
  o.onCompared?.(route.id, differences.length === 0);
  o.onComparison?.({
    requestId: info.requestId,
    routeId: route.id,
    matched: differences.length === 0,
    serviceStatus: answer.response.status,
    monolithMs: job.monolithMs,
    serviceMs: serviceAnswer.ms,
    differences: differences.slice(0, 20).map((d) => {
      const shown = example(d); // redacted values, as a stored example has them
      return { at: shown.at, kind: shown.kind, monolith: shown.left, service: shown.right };
    }),
  });
}
