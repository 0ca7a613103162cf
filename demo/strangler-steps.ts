// The strangler-fig story on the bundled shop, as demo steps: analyze → monolith → copy kept in step →
// service → gateway → shadow → guard → traffic → diffs → canary → service → writes follow → hand over →
// audit log → shutdown. Each step is in demo/steps/; they share one DemoContext.
import type { Cleanup } from './cleanup.js';
import type { DemoStep } from './run-steps.js';
import { analyzeStep } from './steps/analyze-step.js';
import { auditLogStep, shutdownStep } from './steps/closing-steps.js';
import { createDemoContext, type StranglerOptions } from './steps/demo-context.js';
import { handOverStep, syncCatalogStep, writesFollowStep } from './steps/data-steps.js';
import { readDiffsStep, sendTrafficStep } from './steps/evidence-steps.js';
import { guardRefusesStep, shadowReadsStep, startGatewayStep } from './steps/gateway-steps.js';
import { startCatalogStep, startMonolithStep } from './steps/process-steps.js';
import { canaryStep, promoteReadsStep } from './steps/promote-steps.js';

export type { StranglerOptions } from './steps/demo-context.js';

/** The demo's steps in order; everything started is registered with `cleanup`. */
export function createStranglerSteps(options: StranglerOptions, cleanup: Cleanup): DemoStep[] {
  const ctx = createDemoContext(options, cleanup);
  return [
    analyzeStep(ctx),
    startMonolithStep(ctx),
    syncCatalogStep(ctx),
    startCatalogStep(ctx),
    startGatewayStep(ctx),
    shadowReadsStep(ctx),
    guardRefusesStep(ctx),
    sendTrafficStep(ctx),
    readDiffsStep(ctx),
    canaryStep(ctx),
    promoteReadsStep(ctx),
    writesFollowStep(ctx),
    handOverStep(ctx),
    auditLogStep(ctx),
    shutdownStep(ctx),
  ];
}
