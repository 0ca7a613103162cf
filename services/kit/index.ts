// The service kit's public surface (`ficus/kit`): everything a satellite needs. The client is `ficus/client`,
// fakes and test builders are `ficus/testing`; zod and the express/knex types are re-exported so a service's
// schemas and handlers use the very copies the kit does.
export { createService, handleShutdownSignals, type Service, type ServiceContext, type ServiceOptions } from './create-service.js';
export { defineService, buildService, startService, type ServiceDefinition, type BuildServiceOptions } from './define-service.js';
export { loadServiceConfig, baseServiceConfigSchema, type BaseServiceConfig, type ConfigProblem } from './load-config.js';
export { describeDependency, checkReadiness, type Dependency, type ReadinessReport } from './dependencies.js';
export { currentRequestContext, runWithRequestContext, pickRequestId, REQUEST_ID_HEADER, type RequestContext } from './request-context.js';
export { notImplemented, ROUTE_NOT_FOUND_TYPE } from './problem.js';
export { sendProblem, PROBLEM_CONTENT_TYPE, type Problem } from '../../common/problem.js';
export { KitError, HttpError, CodedError, type KitErrorCode } from './errors.js';
export { createServiceClient, createServiceRegistry, type ServiceClient, type ServiceClientOptions, type CallOptions, type ServiceRegistry } from './client/index.js';
export type { CallOutcome, CallResult } from './client/outcome.js';
export { createEventBus, type EventBusOptions, type RabbitEventBus } from './events/create-event-bus.js';
export type { DomainEvent, EventBus, EventHandler, PublishResult, PublishOutcome, HandleOutcome } from './events/event-types.js';
export { openKnex, knexConfigFromUrl, dialectOf, type Dialect, type OpenedDatabase, type OpenKnexOptions } from './db/open-knex.js';
export { runMigrations, type ServiceMigration } from './db/run-migrations.js';
export { introspectTables, listTables } from './db/introspect-schema.js';
export { describeTableBuild, applyTableBuild, renderTableBuild, type TableBuild } from './db/table-build.js';
export { orderTablesByForeignKeys } from './db/order-tables.js';
export type { TableSchema, ColumnSchema, ColumnKind, ForeignKeySchema } from './db/table-schema.js';
export { z } from 'zod';
export type { Knex } from 'knex';
export type { Router, Request, Response, NextFunction, RequestHandler } from 'express';
export type { Logger } from 'pino';
