// Whether a name can be an npm package name (the rules of validate-npm-package-name for new packages).
import { builtinModules } from 'node:module';

/** The reasons `name` is not a valid package name; empty when it is one. */
export function packageNameProblems(name: string): string[] {
  const problems: string[] = [];
  if (!name) return ['it is empty'];
  if (name.length > 214) problems.push('it is longer than 214 characters');
  if (name !== name.trim()) problems.push('it has leading or trailing spaces');
  if (name !== name.toLowerCase()) problems.push('it has capital letters');
  if (/^[._]/.test(name)) problems.push('it starts with a dot or an underscore');
  const scoped = /^@([^/]+)\/([^/]+)$/.exec(name);
  const parts = scoped ? [scoped[1], scoped[2]] : [name];
  if (!scoped && name.includes('/')) problems.push('a slash is only allowed after a @scope');
  if (parts.some((p) => !/^[a-z0-9._~-]+$/i.test(p))) problems.push('it has characters that are not URL-safe (letters, digits, - . _ ~)');
  if (builtinModules.includes(name) || name === 'node_modules' || name === 'favicon.ico') problems.push('it is a reserved name');
  return problems;
}
