// Errors of `ficus demo`, each with a stable code; a step that does not hold ends the demo with its reason.

export type DemoErrorCode =
  | 'FICUS_DEMO_DIR' // the work folder holds files the demo did not make
  | 'FICUS_DEMO_BUILD_MISSING' // a component's compiled entry is not in dist/
  | 'FICUS_DEMO_CHILD' // a component process died or stayed silent before listening
  | 'FICUS_DEMO_STEP'; // a step's check did not hold

export class DemoError extends Error {
  readonly code: DemoErrorCode;
  constructor(code: DemoErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DemoError';
    this.code = code;
  }
}
