// The class a class extends, resolved across files (`class UserModel extends BaseModel<User>`).
import ts from './typescript.cjs';
import type { Symbols } from './symbols.js';

export function baseClassOf(cls: ts.ClassLikeDeclaration, symbols: Symbols): ts.ClassLikeDeclaration | undefined {
  const heritage = cls.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0]?.expression;
  const file = symbols.fileOf(cls);
  const r = heritage && file ? symbols.resolveReference(file, heritage) : undefined;
  return r && 'node' in r && ts.isClassLike(r.node) ? r.node : undefined;
}
