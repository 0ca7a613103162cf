// `ficus/client`: calling the monolith and other services by name, with outcomes as data.
export { createServiceClient, type ServiceClient, type ServiceClientOptions, type CallOptions } from './create-service-client.js';
export type { CallOutcome, CallResult } from './outcome.js';
