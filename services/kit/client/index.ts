// `ficus/client`: calling the monolith and other services by URL or by name (`service://catalog/…`),
// with retries, Retry-After, a circuit breaker and a concurrency bound per service; outcomes as data.
export { createServiceClient, type ServiceClient, type ServiceClientOptions, type CallOptions } from './create-service-client.js';
export { createServiceRegistry, serviceEnvVariable, type ServiceRegistry, type ServiceRegistryOptions } from './service-registry.js';
export type { CircuitBreakerOptions, BreakerState } from './circuit-breaker.js';
export type { CallOutcome, CallResult } from './outcome.js';
