/**
 * Set-up of the SVA route tests: the simulator over HTTP on the demo dataset, a client on it,
 * a router with a store, keys of each kind, and a logger that keeps its lines.
 */
import { IxcCampsoftClient } from '../../src/index.js';
import {
  type CampsoftRouter,
  type CampsoftRouterOptions,
  createCampsoftRouter,
  type RouterLogger,
} from '../../src/router/index.js';
import { openStore } from '../../src/store/index.js';
import type { CampsoftStore } from '../../src/store/types.js';
import { type IxcSimulator, startIxcSimulator } from '../../src/testing/index.js';

export const ADMIN = 'svas-test-admin-key-0123456789';
export const WRITER = 'svas-test-writer-key-0123456789';
export const READER = 'svas-test-reader-key-0123456789';

/** Keys: every scope, read + svas:write, read only. */
export const SVA_KEYS = [
  { key: ADMIN, tenants: '*' as const, name: 'admin', scopes: ['*'] },
  { key: WRITER, tenants: '*' as const, name: 'sva-portal', scopes: ['read', 'svas:write'] },
  { key: READER, tenants: '*' as const, name: 'reader' },
];

export interface LogLine {
  level: string;
  obj: Record<string, unknown>;
  msg: string | undefined;
}

export interface SvaRouterHarness {
  sim: IxcSimulator;
  client: IxcCampsoftClient;
  store: CampsoftStore;
  router: CampsoftRouter;
  lines: LogLine[];
  /** A request to the router (JSON body when `body` is an object). */
  send(
    method: string,
    path: string,
    options?: { key?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<Response>;
  close(): Promise<void>;
}

export function clientOf(sim: IxcSimulator, extra = {}): IxcCampsoftClient {
  return new IxcCampsoftClient({
    baseUrl: sim.url,
    token: sim.token,
    retry: { baseDelay: 1, maxDelay: 2 },
    ...extra,
  });
}

export async function startSvaRouter(
  extra: Partial<CampsoftRouterOptions> = {},
): Promise<SvaRouterHarness> {
  const sim = await startIxcSimulator();
  const client = clientOf(sim);
  const store = await openStore(':memory:');
  const lines: LogLine[] = [];
  const logger: RouterLogger = {
    info: (obj, msg) => lines.push({ level: 'info', obj: obj as Record<string, unknown>, msg }),
    warn: (obj, msg) => lines.push({ level: 'warn', obj: obj as Record<string, unknown>, msg }),
    error: (obj, msg) => lines.push({ level: 'error', obj: obj as Record<string, unknown>, msg }),
  };
  const router = createCampsoftRouter({
    client,
    apiKeys: SVA_KEYS,
    logger,
    services: { store },
    ...extra,
  } as CampsoftRouterOptions);
  const send: SvaRouterHarness['send'] = (method, path, options = {}) => {
    const headers: Record<string, string> = {
      authorization: `Bearer ${options.key ?? ADMIN}`,
      ...options.headers,
    };
    let body: string | undefined;
    if (options.body !== undefined) {
      headers['content-type'] ??= 'application/json';
      body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    }
    return router.fetch(new Request(`http://host.test/api/v1${path}`, { method, headers, body }));
  };
  return {
    sim,
    client,
    store,
    router,
    lines,
    send,
    close: async () => {
      await sim.close();
      await store.close();
    },
  };
}

/** The SVA rows of a contract and product in the simulator. */
export function rowsOf(sim: IxcSimulator, contratoId: number, produtoId: number) {
  const t = sim.engine.tables;
  return {
    linhas: t.find(
      'vd_contratos_produtos',
      (r) => r.id_contrato === String(contratoId) && r.id_produto === String(produtoId),
    ),
    contas: t.find('sva_usuarios', (r) => r.id_contrato === String(contratoId)),
  };
}

/** The writes the simulator received. */
export function writes(sim: IxcSimulator): string[] {
  return sim.engine.requests
    .filter((r) => r.kind === 'insert' || r.kind === 'update' || r.kind === 'delete')
    .map((r) => `${r.method} ${r.table}${r.id ? ` ${r.id}` : ''}`);
}

/** Reads a JSON body; tests index into it freely. */
// biome-ignore lint/suspicious/noExplicitAny: bodies are checked by assertions.
export async function body(res: Response): Promise<any> {
  return await res.json();
}
