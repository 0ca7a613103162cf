// createTestService: a defined service built with fakes for some dependencies and listening on a free
// loopback port, in one line. Dependencies not replaced are built by the definition's own factories.
import type { Service } from '../create-service.js';
import { buildService, type ServiceDefinition } from '../define-service.js';

export interface TestServiceOptions {
  /** The environment the config is read from; process.env is not consulted, so tests do not depend on the shell. */
  env?: Record<string, string | undefined>;
  /** Log level (default silent). */
  logLevel?: string;
}

/**
 * Example: `const svc = await createTestService(shipping, { db: knex, catalog: createFakeClient({...}) });
 * await fetch(`${svc.url()}/api/rates`); await svc.close();`
 */
export async function createTestService<D extends Record<string, unknown>, C>(definition: ServiceDefinition<D, C>, overrides: Partial<D> = {}, options: TestServiceOptions = {}): Promise<Service<D, C>> {
  const service = await buildService(definition, { overrides, env: { ...options.env }, logLevel: options.logLevel ?? 'silent', defaultMetrics: false });
  await service.listen(0, '127.0.0.1');
  return service;
}
