// Prisma's schema.prisma: each `model User { … @@map("users") }` is a table (the model's name
// unless @@map says otherwise), reached in code as `prisma.user` (the name with a lower-case first letter).
import type { SourceFile } from '../list-sources.js';

export interface PrismaModel {
  model: string; // as declared: `User`
  table: string; // @@map, else the model name
  file: string;
  line: number;
}

/** Every model of every .prisma file; comments are skipped. */
export function readPrismaModels(files: readonly SourceFile[]): PrismaModel[] {
  const models: PrismaModel[] = [];
  for (const f of files) {
    const text = f.text.replace(/\/\/[^\n]*/g, (m) => ' '.repeat(m.length));
    for (const m of text.matchAll(/^\s*model\s+(\w+)\s*\{([^}]*)\}/gm)) {
      const map = /@@map\(\s*(?:name\s*:\s*)?"([^"]+)"\s*\)/.exec(m[2]);
      const line = text.slice(0, m.index! + m[0].indexOf('model')).split('\n').length;
      models.push({ model: m[1], table: map ? map[1] : m[1], file: f.rel, line });
    }
  }
  return models;
}

/** `User` → `user`, `UserProfile` → `userProfile`: the client's property for a model. */
export function prismaAccessor(model: string): string {
  return model.charAt(0).toLowerCase() + model.slice(1);
}
