// The fields of a zod schema as docs list them: one row per field path (`routes[].shadow.sample`),
// with its type and its default, read from zod's own JSON Schema of the input side (what a user writes).
import { z } from 'zod';

export type SchemaField = { path: string; type: string; presence: string };

type Json = {
  type?: string | string[];
  properties?: Record<string, Json>;
  required?: string[];
  additionalProperties?: Json | boolean;
  items?: Json;
  anyOf?: Json[];
  enum?: unknown[];
  default?: unknown;
};

/** Every field path of the schema, depth first, containers before their fields. */
export function schemaFields(schema: z.ZodType): SchemaField[] {
  const root = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Json;
  const fields: SchemaField[] = [];
  walkObject(root, '', fields);
  return fields;
}

function walkObject(node: Json, prefix: string, out: SchemaField[]): void {
  const branches = node.anyOf ?? [node];
  const oneOf = node.anyOf !== undefined; // a union of objects: each branch's fields are alternatives
  for (const branch of branches) {
    for (const [name, child] of Object.entries(branch.properties ?? {})) {
      const path = prefix ? `${prefix}.${name}` : name;
      const required = !oneOf && (branch.required ?? []).includes(name);
      out.push({ path, type: typeOf(child), presence: required ? 'required' : 'default' in child ? '`' + JSON.stringify(child.default) + '`' : '—' });
      walkChildren(child, path, out);
    }
  }
}

function walkChildren(node: Json, path: string, out: SchemaField[]): void {
  if (isObjectLike(node)) {
    if (typeof node.additionalProperties === 'object') {
      const value = node.additionalProperties;
      out.push({ path: `${path}.<name>`, type: typeOf(value), presence: '—' });
      walkChildren(value, `${path}.<name>`, out);
    } else walkObject(node, path, out);
  } else if (node.type === 'array' && node.items && isObjectLike(node.items)) {
    walkObject(node.items, `${path}[]`, out);
  }
}

const isObjectLike = (node: Json): boolean => node.type === 'object' || (node.anyOf?.every((b) => b.type === 'object') ?? false);

function typeOf(node: Json): string {
  if (node.enum) return 'enum';
  if (node.anyOf) return node.anyOf.every((b) => b.type === 'object') ? 'one of' : node.anyOf.map(typeOf).join(' or ');
  if (node.type === 'array') return `${node.items ? typeOf(node.items) : 'any'}[]`;
  if (node.type === 'object' && typeof node.additionalProperties === 'object') return 'map';
  return Array.isArray(node.type) ? node.type.join(' or ') : (node.type ?? 'any');
}
