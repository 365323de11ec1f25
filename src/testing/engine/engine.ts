import { createActivity } from '../actions/activity.js';
import { createButtonPanel } from '../actions/buttons.js';
import { jobSettings } from '../actions/context.js';
import { type IxcJobReport, runJobs } from '../actions/jobs.js';
import { demoDataset } from '../datasets/demo.js';
import type { IxcDataset } from '../datasets/types.js';
import { FaultRegistry } from '../faults/registry.js';
import { EngineClock } from './clock.js';
import { Database } from './database.js';
import { type CoreContext, handleRequest } from './handle.js';
import { mulberry32 } from './random.js';
import type { IxcRequestLogEntry } from './request-log.js';
import { seedDatabase } from './seed.js';
import { createTables } from './tables.js';
import type { IxcEngine, IxcEngineOptions, IxcHttpRequest } from './types.js';
import { NETWORK_ERROR, toWebResponse } from './web.js';

/**
 * Token of the demo IXC user (id 1). Basic auth carries `base64(DEMO_TOKEN)`; any client
 * test can hard-code it.
 */
export const DEMO_TOKEN = '1:7a3f9c2e5b8d41f6a0c3e9b7d2f5a8c1e4b7d0a3f6c9e2b5d8a1f4c7e0b3d6a9';

const TOKEN_SHAPE = /^\d+:.+$/;
const DAY_MS = 86_400_000;

/**
 * Creates an in-memory IXC: the protocol core (`handle`, `fetch`), its data, a request log
 * and fault injection. Serve it over HTTP with {@link startIxcSimulator} or through msw with
 * `createIxcHandlers` from `ixc-campsoft/testing/msw`.
 *
 * @example
 * ```ts
 * const engine = createIxcEngine({ latencyMs: [5, 15] });
 * const res = await engine.fetch(
 *   new Request('http://ixc.test/webservice/v1/cliente', {
 *     method: 'POST',
 *     headers: {
 *       ixcsoft: 'listar',
 *       authorization: `Basic ${btoa(engine.token)}`,
 *       'content-type': 'application/json',
 *     },
 *     body: JSON.stringify({ qtype: 'cliente.id', query: '7', oper: '=' }),
 *   }),
 * );
 * // → {"page":"1","total":"1","registros":[{ …every column of customer 7, as strings… }]}
 * ```
 */
export function createIxcEngine(options: IxcEngineOptions = {}): IxcEngine {
  const token = options.token ?? DEMO_TOKEN;
  if (!TOKEN_SHAPE.test(token)) throw new Error('IXC token must look like "<userId>:<hash>"');
  const random = mulberry32(options.seed ?? 1);
  const clock = new EngineClock(
    options.now ?? (() => new Date()),
    options.utcOffsetMinutes ?? -180,
  );
  const keepOption = options.keepUltimaAtualizacao ?? false;
  const keepPolicy = typeof keepOption === 'function' ? keepOption : () => keepOption;
  const fresh = (dataset: IxcDataset): Database => {
    const next = new Database(clock);
    next.keepPolicy = keepPolicy;
    seedDatabase(next, dataset);
    return next;
  };
  let db = fresh(options.dataset ?? demoDataset());
  const faults = new FaultRegistry(random);
  let log: IxcRequestLogEntry[] = [];
  let seq = 0;
  const logRequests = options.logRequests ?? true;
  const operador = token.split(':')[0] ?? '0';
  const settings = jobSettings(options.jobs);
  const panel = createButtonPanel(() => db, settings, operador);
  const context = (): CoreContext => ({
    db,
    faults,
    isButton: panel.isButton,
    pressButton: panel.http,
    settings: {
      defaultRp: options.defaultRp ?? 20,
      emptyResult: options.emptyResult ?? 'omit',
      totalAsNumber: options.totalAsNumber ?? false,
      svaUsuariosDelete: options.svaUsuariosDelete ?? 'deactivated-only',
    },
    token,
    latency: options.latencyMs,
    random,
    log: logRequests ? log : undefined,
    nextSeq: () => ++seq,
  });
  let core = context();
  let tables = createTables(db, operador);

  const jobs: IxcEngine['runJobs'] = (jobOptions) => runJobs(db, settings, jobOptions);

  const engine: IxcEngine = {
    token,
    buttons: panel.buttons,
    runJobs: jobs,
    advance(ms, jobOptions) {
      const merged: IxcJobReport = {
        financeiroAtraso: [],
        bloqueados: [],
        liberados: [],
        expirados: [],
      };
      // IXC's tasks run daily: step at most a day at a time so a long jump goes through FA
      // before CA, as the days would.
      let left = ms;
      do {
        const step = Math.min(left, DAY_MS);
        clock.advance(step);
        left -= step;
        const report = jobs(jobOptions);
        for (const key of Object.keys(merged) as (keyof IxcJobReport)[]) {
          merged[key].push(...report[key]);
        }
      } while (left > 0);
      return merged;
    },
    activity: (activityOptions) =>
      createActivity(
        { db: () => db, clock, buttons: panel.buttons, runJobs: () => jobs(), operador },
        activityOptions,
      ),
    get tables() {
      return tables;
    },
    get requests() {
      return log;
    },
    clearRequests() {
      log = [];
      core = context();
    },
    faults,
    clock,
    reset(dataset?: IxcDataset) {
      db = fresh(dataset ?? demoDataset());
      core = context();
      tables = createTables(db, operador);
    },
    handle(request: IxcHttpRequest) {
      return handleRequest(core, request);
    },
    async fetch(request: Request) {
      const url = new URL(request.url);
      const headers: Record<string, string> = {};
      request.headers.forEach((value, name) => {
        headers[name] = value;
      });
      const res = await handleRequest(core, {
        method: request.method,
        path: url.pathname,
        headers,
        body: request.body === null ? '' : await request.text(),
        signal: request.signal,
      });
      const web = await toWebResponse(res, request.signal);
      if (web === NETWORK_ERROR) {
        throw new TypeError('fetch failed', {
          cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }),
        });
      }
      return web;
    },
  };
  return engine;
}
