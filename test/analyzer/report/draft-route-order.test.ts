// Routes read from each framework reach the gateway draft in registration order, catch-alls last.
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { analyze } from '../../../analyzer/analyze.js';
import { renderGatewayDraft } from '../../../analyzer/report/gateway-draft.js';
import { writeTree } from '../extract/tiny-tree.js';

async function draftFor(files: Record<string, string>, file: string): Promise<string[]> {
  const { report } = await analyze({ dir: writeTree(files) });
  const seam = report.seams.find((s) => s.modules.includes(file));
  expect(seam).toBeDefined();
  const draft = parse(renderGatewayDraft(report, { seam: seam!.id })) as { routes: { match: { methods?: string[]; path: string } }[] };
  return draft.routes.map((r) => `${r.match.methods?.[0] ?? 'ALL'} ${r.match.path}`);
}

describe('routes in the gateway draft', () => {
  it('a koa-router file: registration order, not alphabetical, and its catch-all after the routes it would shadow', async () => {
    const routes = await draftFor(
      {
        'src/server.ts': "import Koa from 'koa';\nimport mount from 'koa-mount';\nimport docs from './docs/routes';\nconst app = new Koa();\napp.use(mount('/api', docs));\napp.listen(3000);\n",
        'src/docs/routes.ts': `import Koa from 'koa';
import Router from '@koa/router';
const router = new Router();
router.get('/docs/*', async (ctx) => {});
router.post('/docs.update', async (ctx) => {});
router.post('/docs.create', async (ctx) => {});
router.get('/docs/:id', async (ctx) => {});
const app = new Koa();
app.use(router.routes());
export default app;`,
      },
      'src/docs/routes.ts',
    );
    expect(routes).toEqual(['POST /api/docs.update', 'POST /api/docs.create', 'GET /api/docs/:id', 'GET /api/docs/*']);
  });

  it('a NestJS controller: decorators in the order they are written, versions and prefix included', async () => {
    const routes = await draftFor(
      {
        'src/main.ts': "import { NestFactory } from '@nestjs/core';\nimport { AppModule } from './app.module';\nasync function boot() {\n  const app = await NestFactory.create(AppModule);\n  app.setGlobalPrefix('api');\n  await app.listen(3000);\n}\nboot();\n",
        'src/app.module.ts': "import { Module } from '@nestjs/common';\nimport { ZebrasController } from './zebras.controller';\n@Module({ controllers: [ZebrasController] })\nexport class AppModule {}\n",
        'src/zebras.controller.ts': "import { Controller, Get, Post } from '@nestjs/common';\n@Controller('zebras')\nexport class ZebrasController {\n  @Post() create() {}\n  @Get(':id') one() {}\n  @Get() all() {}\n}\n",
      },
      'src/zebras.controller.ts',
    );
    expect(routes).toEqual(['POST /api/zebras', 'GET /api/zebras/:id', 'GET /api/zebras']);
  });
});
