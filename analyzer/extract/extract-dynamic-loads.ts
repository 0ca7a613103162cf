// Folders a module loads by computed name: `require(\`../jobs/${name}\`)`, `import(\`./services/${s}\`)`,
// `autoload(path.join(ROOT, 'models'))`, `requireAll(...)`. Nothing says which file, so the whole folder
// counts as reached from that module (how servers load their models, controllers and plugins).
import path from 'node:path';
import ts from './typescript.cjs';

const LOADERS = /^(require|autoload|requireAll|requireDir|requireDirectory|loadDir)$/i;
const PATH_CALLS = /^(join|resolve)$/;

/** Root-relative folders (forward slashes) that `sf` (at `rel`) loads by computed name and that hold modules. */
export function extractDynamicLoads(rel: string, sf: ts.SourceFile, folders: ReadonlySet<string>): string[] {
  if (!/require|import\s*\(|autoload|requireAll|requireDir|loadDir/i.test(sf.text)) return [];
  const found = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && node.arguments.length > 0 && isLoader(node.expression)) {
      const folder = folderOf(node.arguments[0], rel, folders);
      if (folder !== undefined) found.add(folder);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return [...found].sort();
}

function isLoader(callee: ts.Expression): boolean {
  if (callee.kind === ts.SyntaxKind.ImportKeyword) return true;
  const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
  return LOADERS.test(name);
}

/** The folder an argument names, when it is computed: a template's static head, or path.join's literal parts. */
function folderOf(arg: ts.Expression, rel: string, folders: ReadonlySet<string>): string | undefined {
  const here = path.posix.dirname(rel);
  if (ts.isTemplateExpression(arg)) {
    const head = arg.head.text;
    const dir = head.slice(0, head.lastIndexOf('/'));
    if (!head.startsWith('.') || !dir) return undefined; // a package name, or no folder before the variable
    return existing(path.posix.join(here, dir), folders);
  }
  if (ts.isCallExpression(arg) && ts.isPropertyAccessExpression(arg.expression) && PATH_CALLS.test(arg.expression.name.text)) {
    const parts = arg.arguments;
    const literal = parts.filter((p): p is ts.StringLiteral => ts.isStringLiteral(p)).map((p) => p.text.replace(/^\/+|\/+$/g, ''));
    if (literal.length === 0 || literal.some((p) => /\.[cm]?[jt]sx?$/.test(p))) return undefined; // a plain file, not a folder
    const joined = literal.filter(Boolean).join('/');
    const first = parts[0];
    if (ts.isIdentifier(first) && first.text === '__dirname') return existing(path.posix.join(here, joined), folders);
    // `path.join(APP_ROOT, 'models')`: the root is a runtime value; take the folder ending so that is nearest to the caller
    const candidates = [...folders].filter((f) => f === joined || f.endsWith(`/${joined}`));
    return candidates.sort((a, b) => sharedPrefix(b, here) - sharedPrefix(a, here) || a.length - b.length)[0];
  }
  return undefined;
}

function existing(folder: string, folders: ReadonlySet<string>): string | undefined {
  const clean = path.posix.normalize(folder);
  return folders.has(clean) ? clean : undefined;
}

function sharedPrefix(a: string, b: string): number {
  const x = a.split('/');
  const y = b.split('/');
  let n = 0;
  while (n < x.length && n < y.length && x[n] === y[n]) n++;
  return n;
}
