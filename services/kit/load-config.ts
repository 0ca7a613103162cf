// Service configuration from environment variables, validated once by a zod schema whose keys are the
// variable names; every bad variable is reported in one error, then the parsed config is frozen.
import { z } from 'zod';
import { formatPath } from '../../common/config-problem.js';
import { KitError } from './errors.js';

export interface ConfigProblem {
  variable: string;
  message: string;
}

/**
 * Parses `env` with `schema` (keys are variable names) and returns the frozen result, or throws
 * FICUS_SERVICE_CONFIG_INVALID listing every bad variable.
 * Example: `loadServiceConfig(z.object({ PORT: z.coerce.number().int().default(4001) }), process.env)`.
 */
export function loadServiceConfig<S extends z.ZodType>(schema: S, env: Record<string, string | undefined> = process.env): Readonly<z.infer<S>> {
  // Empty variables count as unset, as shells and .env files commonly produce them.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(cleaned);
  if (parsed.success) return Object.freeze(parsed.data) as Readonly<z.infer<S>>;
  const problems: ConfigProblem[] = parsed.error.issues.map((issue) => ({
    variable: formatPath(issue.path) || '(environment)',
    message: issue.message,
  }));
  const list = problems.map((p) => `${p.variable}: ${p.message}`).join('; ');
  throw new KitError('FICUS_SERVICE_CONFIG_INVALID', `invalid service configuration: ${list}`, { problems }, { cause: parsed.error });
}

/** The variables every kit service understands; extend it with `.extend({...})`. */
export const baseServiceConfigSchema = z.object({
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(0),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(10_000),
});

export type BaseServiceConfig = z.infer<typeof baseServiceConfigSchema>;
