import type { Command } from 'commander';
import { register as registerRoutes } from './routes.js';
import { register as registerCutover } from './cutover.js';
import { register as registerRollback } from './rollback.js';
import { register as registerDiffs } from './diffs.js';
import { register as registerRamp } from './ramp.js';
import { register as registerTail } from './tail.js';
import { register as registerEvents } from './events.js';
import { register as registerGateway } from './gateway.js';
import { register as registerData } from './data.js';
import { register as registerNewService } from './new-service.js';
import { register as registerAnalyze } from './analyze.js';
import { register as registerDemo } from './demo.js';
import { register as registerCheck } from './check.js';
import { register as registerExport } from './export.js';
import { register as registerReplay } from './replay.js';
import { register as registerCompare } from './compare.js';

/** A subcommand registers itself on the program and returns its own Command. */
export type RegisterCommand = (program: Command) => Command;

// One line per subcommand; each file under bin/commands/ owns one verb.
export const commands: RegisterCommand[] = [
  registerRoutes,
  registerCutover,
  registerRollback,
  registerDiffs,
  registerRamp,
  registerTail,
  registerEvents,
  registerGateway,
  registerData,
  registerNewService,
  registerAnalyze,
  registerDemo,
  registerCheck,
  registerExport,
  registerReplay,
  registerCompare,
];
