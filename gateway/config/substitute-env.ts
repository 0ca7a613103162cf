// `${VAR}` and `${VAR:-default}` substitution in the config text, before YAML parsing, so a
// reference works anywhere a value does (also unquoted inside flow maps, as in DESIGN.md).
// `$${VAR}` stays a literal `${VAR}`. An unset variable without a default is replaced by a marker
// that validation later reports with the path where it appears.

const REFERENCE = /\$(\$?)\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;
const UNSET_PREFIX = '__FICUS_UNSET_ENV_';

export interface Substitution {
  text: string;
  unset: string[]; // names of variables referenced without a value or default
}

/** Replaces environment references in `text`; unset ones become markers found later by `findUnsetMarker`. */
export function substituteEnv(text: string, env: NodeJS.ProcessEnv): Substitution {
  const unset = new Set<string>();
  const out = text.replace(REFERENCE, (whole, escaped: string, name: string, fallback: string | undefined) => {
    if (escaped) return whole.slice(1);
    const value = env[name];
    if (value !== undefined && value !== '') return value;
    if (fallback !== undefined) return fallback;
    unset.add(name);
    return `${UNSET_PREFIX}${name}__`;
  });
  return { text: out, unset: [...unset] };
}

/** The name of the unset variable whose marker `value` carries, if any. */
export function findUnsetMarker(value: string): string | undefined {
  const at = value.indexOf(UNSET_PREFIX);
  if (at < 0) return undefined;
  const rest = value.slice(at + UNSET_PREFIX.length);
  return rest.slice(0, rest.indexOf('__'));
}
