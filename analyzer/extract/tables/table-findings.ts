// What the per-file pass finds: accesses it can name alone, and what needs other files to resolve
// (base repositories taking the table in the constructor, active-record statics, subclass tables).
import type ts from '../typescript.cjs';
import type { CatalogRead, Diagnostic, TableAccessSite } from '../../types.js';
import type { FileIndex } from '../index-file.js';
import type { StaticQueryMethod } from './active-record.js';

/** A class whose table is a constructor argument (`class Repo { constructor(table) { this.table = table } }`). */
export interface TableParameterClass {
  node: ts.ClassLikeDeclaration;
  paramIndex: number;
  read: boolean;
  write: boolean;
}

/** `this.db(this.tableName)` in a base class whose subclasses each name the table. */
export interface SubclassTableSite {
  cls: ts.ClassLikeDeclaration;
  field: string;
  read: boolean;
  write: boolean;
  file: string;
  line: number;
  call: string;
}

export interface FileTableFindings {
  accesses: TableAccessSite[];
  catalogReads: CatalogRead[];
  diagnostics: Diagnostic[];
  tableParameterClasses: TableParameterClass[];
  staticQueryMethods: StaticQueryMethod[]; // active-record bases: `static query() { return db(this.tableName) }`
  subclassTables: SubclassTableSite[];
  styles: Set<string>; // data styles whose calls named a table here (stats.styles.data)
  // `super(...)` and `new X(...)` calls, resolved once every base class is known.
  constructions: { call: ts.CallExpression | ts.NewExpression | ts.SuperCall; file: FileIndex }[];
}

export function emptyFindings(): FileTableFindings {
  return { accesses: [], catalogReads: [], diagnostics: [], tableParameterClasses: [], staticQueryMethods: [], subclassTables: [], constructions: [], styles: new Set() };
}
