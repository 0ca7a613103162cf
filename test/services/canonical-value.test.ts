import { describe, expect, it } from 'vitest';
import { canonicalValue } from '../../services/data-copy/canonical-value.js';
import { kindFromPostgresType, kindFromSqliteType } from '../../services/kit/db/introspect-schema.js';

describe('canonicalValue: what SQLite and PostgreSQL return for the same stored value agrees', () => {
  it.each([
    ['boolean', 1, true],
    ['boolean', 0, false],
    ['integer', 42, '42'],
    ['bigInteger', 9007199254740993n, '9007199254740993'],
    ['decimal', 12.5, '12.50'],
    ['double', 0.1, 0.1],
    ['datetime', '2024-08-17 10:27:00', new Date('2024-08-17T10:27:00Z')],
    ['datetime', 1723890420000, '2024-08-17T10:27:00.000Z'],
    ['datetime', '2024-08-17 12:27:00+02', new Date('2024-08-17T10:27:00Z')],
    ['date', '2024-08-17', '2024-08-17'],
    ['json', '{"b":[1,{"d":2,"c":3}],"a":null}', { a: null, b: [1, { c: 3, d: 2 }] }],
    ['binary', Buffer.from('fig'), Buffer.from('fig')],
    ['uuid', 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'],
  ] as const)('%s: %o (SQLite) ≡ %o (PostgreSQL)', (kind, sqlite, postgres) => {
    expect(canonicalValue(kind, sqlite)).toBe(canonicalValue(kind, postgres));
  });

  it.each([
    ['boolean', 1, 0],
    ['decimal', '12.50', '12.51'],
    ['datetime', '2024-08-17 10:27:00', '2024-08-17 10:27:01'],
    ['text', 'Fig', 'fig'],
    ['integer', null, 0],
    ['text', null, ''],
  ] as const)('%s: %o and %o stay different', (kind, a, b) => {
    expect(canonicalValue(kind, a)).not.toBe(canonicalValue(kind, b));
  });
});

describe('column kinds', () => {
  it('reads SQLite declared types by affinity', () => {
    expect(['INTEGER', 'bigint', 'varchar(80)', 'TEXT', 'boolean', 'datetime', 'date', 'float', 'REAL', 'decimal(10,2)', 'json', 'BLOB', ''].map((t) => kindFromSqliteType(t))).toEqual([
      { kind: 'integer' },
      { kind: 'bigInteger' },
      { kind: 'string', length: 80 },
      { kind: 'text' },
      { kind: 'boolean' },
      { kind: 'datetime' },
      { kind: 'date' },
      { kind: 'double' },
      { kind: 'double' },
      { kind: 'decimal', precision: 10, scale: 2 },
      { kind: 'json' },
      { kind: 'binary' },
      { kind: 'text' },
    ]);
  });

  it('reads PostgreSQL data types, with no portable twin as text', () => {
    expect(['integer', 'bigint', 'numeric', 'character varying', 'timestamp with time zone', 'jsonb', 'bytea', 'USER-DEFINED', 'ARRAY'].map(kindFromPostgresType)).toEqual([
      'integer',
      'bigInteger',
      'decimal',
      'string',
      'datetime',
      'json',
      'binary',
      'text',
      'text',
    ]);
  });
});
