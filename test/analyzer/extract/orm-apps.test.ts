// Two small apps in the idioms of the NestJS docs (test/fixtures/): TypeORM repositories and
// a Prisma service. Each service reads and writes its tables; controllers and modules touch none.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseAnalyzerConfig } from '../../../analyzer/config.js';
import { extractFacts } from '../../../analyzer/extract/extract-facts.js';
import { codes, tableAccess } from './tiny-tree.js';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures');
const analyse = (name: string) => extractFacts(path.join(fixtures, name), { config: parseAnalyzerConfig({}, 'test') });

describe('ORM apps', () => {
  it('NestJS + TypeORM: injected repositories, a query builder joining a relation, a transaction manager, getRepository', async () => {
    const facts = await analyse('nest-typeorm');
    expect(tableAccess(facts)).toEqual({
      'src/orders/order-line.entity.ts': ['order_line:r'],
      'src/orders/order.entity.ts': ['orders:r'],
      'src/orders/orders.service.ts': ['order_line:rw', 'orders:rw'],
      'src/users/user.entity.ts': ['user:r'],
      'src/users/users.service.ts': ['user:rw'],
    });
    expect(facts.stats.styles?.data).toEqual(['typeorm']);
    expect(codes(facts)).toEqual([]);
  });

  it('NestJS + Prisma: a PrismaService extending PrismaClient, @@map names, $transaction, $queryRaw', async () => {
    const facts = await analyse('nest-prisma');
    expect(tableAccess(facts)).toEqual({
      'src/posts/posts.service.ts': ['post_tags:w', 'posts:rw'],
      'src/users/users.service.ts': ['posts:r', 'users:rw'],
    });
    expect(facts.stats.styles?.data).toEqual(['prisma', 'sql']);
    expect(codes(facts)).toEqual([]);
  });
});
