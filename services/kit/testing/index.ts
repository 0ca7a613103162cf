// `ficus/testing`: build a service with any dependency swapped, and fakes with the real APIs.
export { createTestService, type TestServiceOptions } from './create-test-service.js';
export { createFakeClient, reply, failWith, type FakeClient, type FakeCall, type FakeHandler, type FakeRequest } from './create-fake-client.js';
export { createFakeEventBus, type FakeEventBus } from './create-fake-event-bus.js';
