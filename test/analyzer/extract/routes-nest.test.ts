import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseAnalyzerConfig } from '../../../analyzer/config.js';
import { extractFacts } from '../../../analyzer/extract/extract-facts.js';
import { codes, extractTree, routeList } from './tiny-tree.js';

const shop = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'nest-shop');

describe('routes: NestJS', () => {
  it('a NestJS app: global prefix and its exclude, URI versioning, RouterModule paths, controller and method paths', async () => {
    const facts = await extractFacts(shop, { config: parseAnalyzerConfig({}, 'test') });
    const expected = JSON.parse(readFileSync(path.join(shop, 'ROUTES.json'), 'utf8')) as string[];
    expect(facts.routes.map((r) => `${r.method} ${r.path}`).sort()).toEqual([...expected].sort());
    expect(facts.routes.find((r) => r.path === '/api/v2/products')).toMatchObject({ file: 'src/products/products.controller.ts', line: 15 });
    expect(facts.stats.styles?.routes).toEqual(['nestjs']);
    expect(codes(facts)).toEqual([]);
  });

  it('without versioning or a prefix, paths are controller + method; a path that is not a constant is a diagnostic', async () => {
    const facts = await extractTree({
      'src/main.ts': "import { NestFactory } from '@nestjs/core';\nimport { AppModule } from './app.module';\nNestFactory.create(AppModule).then((app) => app.listen(3000));\n",
      'src/app.module.ts': "import { Module } from '@nestjs/common';\nimport { CatsController } from './cats.controller';\n@Module({ controllers: [CatsController] })\nexport class AppModule {}\n",
      'src/cats.controller.ts': `import { Controller, Get, Post, Version } from '@nestjs/common';
@Controller('cats')
export class CatsController {
  @Get() findAll() { return []; }
  @Version('2') @Post(':id') update() {}
  @Get(process.env.EXTRA) extra() {}
}`,
    });
    expect(routeList(facts)).toEqual(['GET /cats src/cats.controller.ts', 'POST /cats/:id src/cats.controller.ts']);
    expect(codes(facts)).toEqual(['DYNAMIC_ROUTE src/cats.controller.ts:6']);
  });

  it('a global prefix that is not a constant leaves the routes out and says where', async () => {
    const facts = await extractTree({
      'main.ts': "import { NestFactory } from '@nestjs/core';\nimport { AppModule } from './app.module';\nasync function boot() {\n  const app = await NestFactory.create(AppModule);\n  app.setGlobalPrefix(process.env.PREFIX);\n}\n",
      'app.module.ts': "import { Controller, Get, Module } from '@nestjs/common';\n@Controller('dogs')\nexport class DogsController {\n  @Get() all() {}\n}\n@Module({ controllers: [DogsController] })\nexport class AppModule {}\n",
    });
    expect(routeList(facts)).toEqual([]);
    expect(codes(facts)).toEqual(['DYNAMIC_ROUTE main.ts:5']);
  });
});
