/**
 * Types of the router's public surface that the compiler checks (`npm run typecheck`): the
 * router's options word (`RouteOptions`, with `RouteSettings` kept as its deprecated alias)
 * and the handler context's per-call options.
 */
import { describe, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import type { CallOptions } from '../../src/index.js';
import {
  defineRoute,
  type RouteContext,
  type RouteOptions,
  type RouteSettings,
} from '../../src/router/index.js';

describe('router types', () => {
  it('RouteSettings is RouteOptions under its old name', () => {
    expectTypeOf<RouteSettings>().toEqualTypeOf<RouteOptions>();
    expectTypeOf<RouteOptions>().toHaveProperty('defaultPageSize').toEqualTypeOf<number>();
  });

  it('a query built from the router options takes RouteOptions, as it took RouteSettings', () => {
    const route = defineRoute({
      operationId: 'typeCheckedQuery',
      method: 'GET',
      path: '/type-checked',
      scope: 'read',
      tenant: false,
      query: (options: RouteSettings) =>
        z.strictObject({ n: z.number().max(options.defaultPageSize) }),
      summary: 'Type check',
      responses: { 200: { description: 'OK' } },
      handler: ({ query }) => {
        expectTypeOf(query).toEqualTypeOf<{ n: number }>();
        return { data: query.n };
      },
    });
    expectTypeOf(route.operationId).toBeString();
  });

  it('the handler context carries per-call options for client methods', () => {
    expectTypeOf<RouteContext['call']>().toEqualTypeOf<CallOptions>();
    expectTypeOf<RouteContext['signal']>().toEqualTypeOf<AbortSignal | undefined>();
  });
});
