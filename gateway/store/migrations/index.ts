import type { Knex } from 'knex';
import { shadowMigration } from './001-shadow.js';
import { runtimeMigration } from './002-runtime.js';
import { fleetTrafficMigration } from './003-fleet-traffic.js';
import { evidenceMigration } from './004-evidence.js';
import { rampsMigration } from './005-ramps.js';
import { replayCasesMigration } from './006-replay-cases.js';

export interface StoreMigration {
  name: string;
  up: (knex: Knex) => Promise<void>;
  down: (knex: Knex) => Promise<void>;
}

// In order. Each component adds its own numbered module here (shadow results, runtime route state, events).
export const migrations: StoreMigration[] = [
  shadowMigration,
  runtimeMigration,
  fleetTrafficMigration,
  evidenceMigration,
  rampsMigration,
  replayCasesMigration,
];
