/**
 * One node:http server on 127.0.0.1:0 with the IXC simulator behind a client, the router at
 * /api/v1 and the console at /, as `serve` will mount them; and a headless Debian Chromium
 * driven by playwright-core (never a downloaded browser).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { IxcCampsoftClient } from '../../src/client/client.js';
import { consoleHandler } from '../../src/console/serve.js';
import { createCampsoftRouter } from '../../src/router/core.js';
import { toNodeHandler } from '../../src/router/node.js';
import type { ApiKey, CampsoftRouterOptions } from '../../src/router/types.js';
import { type IxcSimulator, startIxcSimulator } from '../../src/testing/index.js';
import { buildConsole } from './build.js';

/** Keys of the test stack. */
/**
 * Where screenshots go: the README's images with `UPDATE_SCREENSHOTS=1`, a scratch folder
 * otherwise, so a test run leaves the working tree as it found it.
 */
export const SHOTS =
  process.env.UPDATE_SCREENSHOTS === '1'
    ? new URL('../../docs/images/', import.meta.url).pathname
    : `${mkdtempSync(join(tmpdir(), 'campsoft-shots-'))}/`;

export const ADMIN_KEY = 'console-admin-key-0123456789';
export const READ_KEY = 'console-read-key-0123456789ab';

/** A running stack. */
export interface ConsoleStack {
  /** `http://127.0.0.1:<port>` */
  url: string;
  ixc: IxcSimulator;
  close(): Promise<void>;
}

/** Options of {@link startConsoleStack}. */
export interface StackOptions {
  /** Several tenants (each over the same simulator) instead of one client. */
  tenants?: string[];
  /** Extra router options (the lead's wiring: store, webhooks…). */
  router?: Partial<CampsoftRouterOptions>;
  /** An already built console folder. */
  dir?: string;
}

/** Starts simulator, router and console on one server. */
export async function startConsoleStack(options: StackOptions = {}): Promise<ConsoleStack> {
  const dir = options.dir ?? (await buildConsole());
  const ixc = await startIxcSimulator();
  const client = () => new IxcCampsoftClient({ baseUrl: ixc.url, token: ixc.token });
  // `scopes` is read by routers that know it; older routers ignore it.
  const apiKeys: (ApiKey & { scopes: string[] })[] = [
    { key: ADMIN_KEY, tenants: '*', name: 'atendimento', scopes: ['*'] },
    { key: READ_KEY, tenants: '*', name: 'consulta', scopes: ['read'] },
  ];
  const router = createCampsoftRouter({
    ...(options.tenants
      ? { tenants: Object.fromEntries(options.tenants.map((t) => [t, client()])) }
      : { client: client() }),
    apiKeys,
    ...options.router,
  });
  const api = toNodeHandler(router);
  const ui = consoleHandler({ basePath: '', apiBasePath: router.basePath, dir });
  const server: Server = createServer((req, res) => api(req, res, () => ui.node(req, res)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    ixc,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await ixc.close();
      if (!options.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Debian's Chromium, headless, with nothing that reaches the network on its own. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
    ],
  });
}

/** A page that records console errors and CSP violations. */
export interface WatchedPage {
  page: Page;
  context: BrowserContext;
  /** Console errors and CSP reports seen so far. */
  problems: string[];
}

/** Opens a fresh context (its own sessionStorage) at `width` px. */
export async function openPage(browser: Browser, width = 1280): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport: { width, height: 900 }, locale: 'pt-BR' });
  // Reported as console errors, so a test sees any script or style the CSP blocked.
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(String(e)));
  return { page, context, problems };
}

/** Signs in through the form and waits for the search page. */
export async function signIn(page: Page, url: string, key: string): Promise<void> {
  await page.goto(`${url}/`);
  await page.getByLabel('Chave de API').fill(key);
  await page.getByRole('button', { name: 'Entrar' }).click();
  await page.getByRole('heading', { level: 1, name: 'Buscar cliente' }).waitFor();
}

const axeSource: string = createRequire(import.meta.url)('axe-core').source;

/** axe-core's serious and critical violations on the page as it is now. */
export async function seriousViolations(page: Page): Promise<string[]> {
  // evaluate() runs outside the page's CSP, which forbids injected script tags.
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: {
          run: (
            ctx: Document,
            o: object,
          ) => Promise<{
            violations: {
              id: string;
              impact: string | null;
              nodes: { target: unknown }[];
              help: string;
            }[];
          }>;
        };
      }
    ).axe;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((n) => JSON.stringify(n.target)),
    }));
  });
  return result
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} at ${v.targets.join(', ')}`);
}
