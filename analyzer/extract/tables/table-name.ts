// Turns a table expression's value into bare table names: aliases, schema prefixes and quotes go.
import { bareName } from './read-sql.js';

/** `"public.orders as o"` → `public.orders`; `"orders o"` → `orders`. Undefined for something not a name. */
export function parseQualifiedName(text: string): string | undefined {
  const t = text.trim();
  const m = /^((?:"[^"]+"|`[^`]+`|\[[^\]]+\]|[A-Za-z_$][\w$-]*)(?:\s*\.\s*(?:"[^"]+"|`[^`]+`|\[[^\]]+\]|[A-Za-z_$][\w$-]*))*)(?:\s+(?:as\s+)?[A-Za-z_$"`][\w$"`]*)?$/i.exec(t);
  return m ? m[1].replace(/\s+/g, '') : undefined;
}

/** `"public.orders as o"` → `orders`; `"orders o"` → `orders`. Undefined for something not a name. */
export function parseTableName(text: string): string | undefined {
  const q = parseQualifiedName(text);
  return q === undefined ? undefined : bareName(q);
}
