// Controllers declare their routes as data ({ method, path, handler }); this turns them into a router.
import { Router, type RequestHandler } from 'express';

export interface RouteDef {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  handler: RequestHandler;
}

/** Builds an express router from route definitions, in order. */
export function createControllerRouter(routes: RouteDef[]): Router {
  const router = Router({ mergeParams: true });
  for (const { method, path, handler } of routes) router[method](path, handler);
  return router;
}
