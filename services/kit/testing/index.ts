// `ficus/testing`: build a service with any dependency swapped, and fakes with the real APIs.
export { createTestService, type TestServiceOptions } from './create-test-service.js';
