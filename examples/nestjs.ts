/**
 * NestJS 11 on its Express platform. The handler is Express middleware: `app.use()` in the
 * bootstrap puts it ahead of Nest's routes, and paths it does not own fall through to them.
 * `setGlobalPrefix()` applies to Nest controllers only, not to `app.use()` middleware, so
 * the router's `basePath` is unaffected: here Nest's own route is `/internal/health` and the
 * API stays at `/api/v1`.
 *
 * The decorators are applied as plain function calls so that this file runs without
 * `experimentalDecorators`/`emitDecoratorMetadata`; in a Nest project, write `@Controller()`
 * and `@Get('health')` as usual.
 */
import 'reflect-metadata';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createCampsoftRouter, toNodeHandler } from 'ixc-campsoft/router';
import { type ExampleOptions, isMain, type RunningExample, runExample } from './run.js';

class HealthController {
  health() {
    return { ok: true };
  }
}
Get('health')(
  HealthController.prototype,
  'health',
  Object.getOwnPropertyDescriptor(HealthController.prototype, 'health')!,
);
Controller()(HealthController);

class AppModule {}
Module({ controllers: [HealthController] })(AppModule);

/** Starts a Nest app with the Campsoft API under /api/v1 and its own GET /internal/health. */
export async function start(options: ExampleOptions): Promise<RunningExample> {
  const router = createCampsoftRouter({ client: options.client, apiKeys: options.apiKeys });
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { logger: false });
  app.setGlobalPrefix('internal');
  app.use(toNodeHandler(router));
  await app.listen(options.port ?? 0, options.host ?? '127.0.0.1');
  const port = new URL(await app.getUrl()).port;
  return { url: `http://127.0.0.1:${port}`, close: () => app.close() };
}

if (isMain(import.meta.url)) await runExample('NestJS', start, '/internal/health');
