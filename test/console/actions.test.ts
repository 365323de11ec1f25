/**
 * The console's one-click and monitoring behaviour in Chromium: progress, the state read back,
 * errors in plain words with what was done, one Idempotency-Key per click, confirmation before
 * a cancel, buttons by scope, the webhooks monitor and the audit list. The routes this
 * branch's router lacks are played by stand-ins (stand-in.ts) in the browser; reads of the
 * customer and its products are the real ones.
 */
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildConsole } from './build.js';
import {
  ADMIN_KEY,
  type ConsoleStack,
  launchBrowser,
  openPage,
  SHOTS,
  seriousViolations,
  signIn,
  startConsoleStack,
} from './harness.js';
import { catalogue, type Handler, me, type Reply, standIn, svaWrites } from './stand-in.js';

let stack: ConsoleStack;
let browser: Browser;

beforeAll(async () => {
  const dir = await buildConsole();
  [stack, browser] = await Promise.all([startConsoleStack({ dir }), launchBrowser()]);
  mkdirSync(SHOTS, { recursive: true });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});
beforeEach(() => stack.ixc.engine.reset());

async function writer(extra: [RegExp, Handler][] = []) {
  const { page } = await openPage(browser);
  const { seen } = await standIn(page, [
    ...extra,
    me(['*']),
    catalogue(stack.ixc.engine),
    ...svaWrites(stack.ixc.engine),
  ]);
  await signIn(page, stack.url, ADMIN_KEY);
  return { page, seen };
}

const row = (p: Page, contrato: number, produto: RegExp) =>
  p
    .getByRole('table', { name: `Produtos do contrato nº ${contrato}` })
    .getByRole('row', { name: produto });

function gate(): { open: () => void; promise: Promise<void> } {
  let open!: () => void;
  const promise = new Promise<void>((r) => {
    open = r;
  });
  return { open, promise };
}

describe('one click on SVAs', { timeout: 60_000 }, () => {
  it('blocks on a double click with one request, shows progress, then the state read back', async () => {
    const g = gate();
    const writes = svaWrites(stack.ixc.engine);
    const patch = writes.find(([re]) => re.source.includes('PATCH'))![1];
    const { page, seen } = await writer([
      [/^PATCH /, async (req) => ({ ...((await patch(req)) as Reply), gate: g.promise })],
    ]);
    await page.goto(`${stack.url}/#/cliente/7`);
    const telemedicina = row(page, 8, /Telemedicina Família/);
    await telemedicina.getByRole('button', { name: 'Bloquear Telemedicina Família' }).waitFor();
    // Located by position: the accessible name changes to "Bloqueando…" while busy.
    const button = telemedicina.getByRole('button').first();
    await button.dblclick();
    await expect.poll(() => button.textContent()).toBe('Bloqueando…');
    expect(await button.getAttribute('aria-busy')).toBe('true');
    expect(await page.locator('#resultado-acao').textContent()).toContain('em andamento');
    g.open();
    await expect
      .poll(() => page.locator('#resultado-acao').textContent())
      .toContain('Situação lida do IXC agora: Bloqueada (conta nº 1)');
    const patches = seen.filter((s) => s.method === 'PATCH');
    expect(patches).toHaveLength(1);
    expect(patches[0]!.path).toBe('/clientes/7/svas/1');
    expect(patches[0]!.body).toEqual({ status: 'bloqueado' });
    expect(patches[0]!.headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    expect(stack.ixc.engine.tables.get('sva_usuarios', 1)?.status_integracao).toBe('B');
    // The row now offers the opposite action.
    await telemedicina.getByRole('button', { name: 'Desbloquear Telemedicina Família' }).waitFor();
    expect(await telemedicina.textContent()).toContain('Conta bloqueada');
  });

  it('cancels only after confirming in a dialog, and going back sends nothing', async () => {
    const { page, seen } = await writer();
    await page.goto(`${stack.url}/#/cliente/7`);
    const skeelo = row(page, 8, /Skeelo Leitura/);
    await skeelo.getByRole('button', { name: 'Cancelar Skeelo Leitura' }).click();
    const dialog = page.getByRole('dialog', { name: 'Cancelar Skeelo Leitura?' });
    await dialog.waitFor();
    // The safe answer has the focus.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Voltar');
    expect(await seriousViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Voltar' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(seen.filter((s) => s.method === 'DELETE')).toHaveLength(0);

    await skeelo.getByRole('button', { name: 'Cancelar Skeelo Leitura' }).click();
    await page.getByRole('button', { name: 'Sim, cancelar' }).click();
    await expect
      .poll(() => page.locator('#resultado-acao').textContent())
      .toContain('SVA cancelada');
    expect(await page.locator('#resultado-acao').textContent()).toContain('Cancelada (conta nº 2)');
    const deletes = seen.filter((s) => s.method === 'DELETE');
    expect(deletes.map((d) => d.path)).toEqual(['/clientes/7/svas/2']);
    expect(stack.ixc.engine.tables.get('sva_usuarios', 2)?.status_integracao).toBe('D');
    // Cancelled: it is offered again in the catalogue.
    await page
      .getByRole('region', { name: 'SVAs que o cliente ainda não tem' })
      .getByText('Skeelo Leitura')
      .waitFor();
  });

  it('shows an error in plain words with what was done, and a retry reuses the key so it finishes once', async () => {
    let failures = 1;
    const writes = svaWrites(stack.ixc.engine);
    const post = writes.find(([re]) => re.source.includes('POST'))![1];
    const { page, seen } = await writer([
      [
        /^POST \/clientes\/1\/svas$/,
        (req) =>
          failures-- > 0
            ? {
                status: 502,
                body: {
                  type: 'urn:ixc-campsoft:problem:bad-gateway',
                  status: 502,
                  title: 'IXC answered with an error',
                  detail: 'The SVA line was added; creating the account failed. Retry to finish.',
                  operations: [
                    { method: 'POST', table: 'vd_contratos_produtos', result: 'done', ixcId: 41 },
                  ],
                },
              }
            : post(req),
      ],
    ]);
    await page.goto(`${stack.url}/#/cliente/1`);
    const region = page.getByRole('region', { name: 'SVAs que o cliente ainda não tem' });
    const ativar = region.getByRole('button', { name: 'Ativar Deezer Premium' });
    await ativar.click();
    const outcome = page.locator('#resultado-acao');
    await expect.poll(() => outcome.textContent()).toContain('O IXC respondeu com um erro.');
    const text = (await outcome.textContent()) ?? '';
    expect(text).toContain('creating the account failed');
    expect(text).toContain('Já feito no IXC antes do erro:inclusão em vd_contratos_produtos nº 41');
    expect(await page.getByRole('alert').count()).toBeGreaterThan(0);

    await ativar.click();
    await expect.poll(() => outcome.textContent()).toContain('SVA ativada');
    expect(await outcome.textContent()).toMatch(
      /Situação lida do IXC agora: Ativa \(conta nº \d+\)/,
    );
    const posts = seen.filter((s) => s.method === 'POST');
    expect(posts).toHaveLength(2);
    expect(posts[0]!.headers['idempotency-key']).toBe(posts[1]!.headers['idempotency-key']);
    expect(posts[1]!.body).toEqual({ produtoId: 3, contratoId: 1 });
    // The button left with its row: focus goes to the result, not to the top of the page.
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('resultado-acao');
    // The new product is on the contract, read back from the simulator.
    await row(page, 1, /Deezer Premium/).waitFor();
    expect(await row(page, 1, /Deezer Premium/).textContent()).toContain('Conta ativa');

    // The next click is another action: a new key.
    await row(page, 1, /Deezer Premium/)
      .getByRole('button', { name: /^Bloquear/ })
      .click();
    await expect.poll(() => outcome.textContent()).toContain('SVA bloqueada');
    const patch = seen.find((s) => s.method === 'PATCH')!;
    expect(patch.headers['idempotency-key']).not.toBe(posts[0]!.headers['idempotency-key']);
  });

  it('asks which contract receives the SVA when the customer has several active ones', async () => {
    const { page, seen } = await writer();
    await page.goto(`${stack.url}/#/cliente/7`);
    const region = page.getByRole('region', { name: 'SVAs que o cliente ainda não tem' });
    await region.getByLabel('Contrato que recebe a SVA').selectOption('9');
    // Idiomas Já: its account on contract 10 was cancelled, so it can be activated again.
    await region.getByRole('button', { name: 'Ativar Idiomas Já' }).click();
    await expect.poll(() => page.locator('#resultado-acao').textContent()).toContain('SVA ativada');
    expect(seen.find((s) => s.method === 'POST')!.body).toEqual({ produtoId: 7, contratoId: 9 });
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('offers the buttons a key with svas:write may use, and none to a key /me says only reads', async () => {
    const { page } = await writer();
    await page.goto(`${stack.url}/#/cliente/7`);
    await row(page, 8, /Kaspersky/)
      .getByRole('button', { name: 'Desbloquear Kaspersky Standard' })
      .waitFor();
    expect(await page.getByRole('button', { name: /^Ativar / }).count()).toBeGreaterThan(5);
    await page.screenshot({ path: `${SHOTS}console-cliente-acoes.png` });

    const { page: reader } = await openPage(browser);
    await standIn(reader, [me(['read']), catalogue(stack.ixc.engine)]);
    await signIn(reader, stack.url, ADMIN_KEY);
    await reader.goto(`${stack.url}/#/cliente/7`);
    await reader.getByRole('region', { name: 'SVAs que o cliente ainda não tem' }).waitFor();
    expect(
      await reader.getByRole('button', { name: /^(Ativar|Bloquear|Desbloquear|Cancelar)/ }).count(),
    ).toBe(0);
    expect(
      await reader
        .getByRole('navigation', { name: 'Principal' })
        .getByRole('link')
        .allTextContents(),
    ).toEqual(['Busca', 'Planos']);
  });

  it('signs out with a notice when the API stops accepting the key', async () => {
    const { page } = await writer([
      [
        /^GET \/clientes\/7$/,
        () => ({
          status: 401,
          body: { status: 401, title: 'Unauthorized', detail: 'Send a valid API key' },
        }),
      ],
    ]);
    await page.goto(`${stack.url}/#/cliente/7`);
    await page.getByLabel('Chave de API').waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('deixou de ser aceita');
    expect(await page.evaluate(() => sessionStorage.getItem('campsoft.console'))).toBeNull();
  });

  it('offers the tenants /me lists in a picker', async () => {
    const multi = await startConsoleStack({ tenants: ['norte', 'sul'] });
    try {
      const { page } = await openPage(browser);
      await standIn(page, [me(['read'], ['norte', 'sul'])]);
      await page.goto(`${multi.url}/`);
      await page.getByLabel('Chave de API').fill(ADMIN_KEY);
      await page.getByRole('button', { name: 'Entrar' }).click();
      await page.getByLabel('Provedor (tenant)').selectOption('norte');
      await page.getByRole('button', { name: 'Continuar' }).click();
      await page.getByRole('heading', { level: 1, name: 'Buscar cliente' }).waitFor();
      expect(await page.getByRole('banner').textContent()).toContain('provedor norte');
    } finally {
      await multi.close();
    }
  });
});

describe('webhooks monitor and audit', { timeout: 60_000 }, () => {
  const now = Date.now();
  const hour = 3_600_000;
  const start = Math.floor(now / hour) * hour - 23 * hour;
  const stats = Array.from({ length: 24 }, (_, i) => ({
    hourStart: start + i * hour,
    delivered: (i * 7) % 13,
    failed: i % 5 === 0 ? 2 : 0,
  }));
  const deliveries = [
    {
      id: 'dlv_2',
      eventType: 'contrato.internet_status_changed',
      status: 'pending',
      attempts: 3,
      lastStatusCode: 500,
      lastError: 'Internal Server Error',
      nextAttemptAt: now + 300_000,
      createdAt: now - 600_000,
    },
    {
      id: 'dlv_1',
      eventType: 'sva.status_changed',
      status: 'delivered',
      attempts: 1,
      lastStatusCode: 200,
      lastError: null,
      createdAt: now - 3_000_000,
    },
  ];
  const webhooks = (): [RegExp, Handler][] => [
    me(['*']),
    [
      /^GET \/webhooks\/summary$/,
      () => ({
        status: 200,
        body: {
          data: {
            pending: 3,
            failing: 1,
            failed: 0,
            deliveredLastHour: 42,
            oldestPendingAgeMs: 125_000,
            detectionLagMs: 4_000,
          },
        },
      }),
    ],
    [/^GET \/webhooks\/stats\?hours=24$/, () => ({ status: 200, body: { data: stats } })],
    [
      /^GET \/webhooks\/endpoints$/,
      () => ({
        status: 200,
        body: {
          data: [
            {
              id: 'ep_1',
              url: 'https://campsoft.example/ixc/eventos',
              eventTypes: ['*'],
              enabled: true,
              failingSince: now - 1_800_000,
              includeCliente: true,
            },
          ],
        },
      }),
    ],
    [
      /^GET \/webhooks\/endpoints\/ep_1\/deliveries/,
      () => ({ status: 200, body: { data: deliveries } }),
    ],
    [/^POST \/webhooks\//, () => ({ status: 202, body: { data: { ok: true } } })],
    [
      /^GET \/auditoria/,
      () => ({
        status: 200,
        body: {
          data: [
            {
              id: 2,
              at: now - 60_000,
              apiKeyName: 'atendimento',
              action: 'bloquearSva',
              record: { clienteId: 7, outcome: 'blocked', operations: [{}] },
            },
            {
              id: 1,
              at: now - 120_000,
              apiKeyName: 'atendimento',
              action: 'ativarSva',
              record: { clienteId: 1, outcome: 'created', operations: [{}, {}] },
            },
          ],
          paging: { page: 1, pageSize: 50, total: 2, totalPages: 1, hasNextPage: false },
        },
      }),
    ],
  ];

  it('shows the figures, the hourly chart and the deliveries, and replays one, a range and a test event', async () => {
    const { page } = await openPage(browser);
    const { seen } = await standIn(page, webhooks());
    await signIn(page, stack.url, ADMIN_KEY);
    await page
      .getByRole('navigation', { name: 'Principal' })
      .getByRole('link', { name: 'Webhooks' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Webhooks' }).waitFor();
    const figures = page.getByRole('region', { name: 'Resumo' });
    const total = stats.reduce((s, b) => s + b.delivered, 0);
    // The summary and the hourly figures are two requests; either may answer first.
    await expect.poll(() => figures.textContent()).toContain('Entregues na última hora42');
    await expect.poll(() => figures.textContent()).toContain(`${total} entregues, 10 falhas`);
    const text = (await figures.textContent()) ?? '';
    expect(text).toContain('Pendentes3');
    expect(text).toContain('Falhando1');
    expect(text).toContain('Pendente mais antiga2 min');
    expect(text).toContain('Atraso de detecção4 s');
    expect(await page.locator('figure.chart svg rect.ok').count()).toBe(24);
    expect(await page.locator('figure.chart svg rect.fail').count()).toBe(24);

    const card = page.getByRole('listitem').filter({ hasText: 'campsoft.example/ixc/eventos' });
    expect(await card.textContent()).toContain('· com dados do cliente');

    const table = page.getByRole('table', { name: 'Entregas, mais novas primeiro' });
    const failing = table.getByRole('row', { name: /contrato.internet_status_changed/ });
    await failing.waitFor();
    expect(await failing.textContent()).toMatch(/Falhando.*3HTTP 500 · Internal Server Error/);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}console-webhooks.png`, fullPage: true });

    await failing.getByRole('button', { name: /^Reenviar/ }).click();
    await expect.poll(() => page.getByText('Reenvio: feito.').count()).toBe(1);
    await page.getByLabel('De', { exact: true }).fill('2026-11-30T08:00');
    await page.getByLabel('Até', { exact: true }).fill('2026-11-30T12:00');
    await page.getByRole('button', { name: 'Reenviar período' }).click();
    await expect.poll(() => page.getByText('Reenvio do período: feito.').count()).toBe(1);
    await page.getByRole('button', { name: 'Enviar evento de teste' }).click();
    await expect.poll(() => page.getByText('Evento de teste: feito.').count()).toBe(1);

    const posts = seen.filter((s) => s.method === 'POST');
    expect(posts.map((p) => p.path)).toEqual([
      '/webhooks/deliveries/dlv_2/replay',
      '/webhooks/endpoints/ep_1/recover',
      '/webhooks/endpoints/ep_1/test',
    ]);
    const range = posts[1]!.body as { since: string; until: string };
    expect(new Date(range.since).getTime()).toBe(new Date('2026-11-30T08:00').getTime());
    expect(new Date(range.until).getTime()).toBe(new Date('2026-11-30T12:00').getTime());
    expect(new Set(posts.map((p) => p.headers['idempotency-key'])).size).toBe(3);
  });

  it('lists audited writes newest first', async () => {
    const { page } = await openPage(browser);
    await standIn(page, webhooks());
    await signIn(page, stack.url, ADMIN_KEY);
    await page.getByRole('link', { name: 'Auditoria' }).click();
    const rows = page.getByRole('table', { name: 'Escritas auditadas' }).getByRole('row');
    await expect.poll(() => rows.count()).toBe(3);
    const texts = await rows.allTextContents();
    expect(texts[1]).toMatch(/atendimento.*bloquearSva.*nº 7.*blocked.*1$/);
    expect(texts[2]).toMatch(/ativarSva.*nº 1.*created.*2$/);
    expect(await seriousViolations(page)).toEqual([]);
  });
});
