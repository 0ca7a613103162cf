// listen.workers: a count, or 'auto' for one data-plane process per core node may use.
import { availableParallelism } from 'node:os';
import type { GatewayConfig } from '../config/schema.js';

export function workerCount(listen: GatewayConfig['listen']): number {
  return listen.workers === 'auto' ? availableParallelism() : listen.workers;
}
