/**
 * End-to-end flows that need routes this branch's router does not serve yet: findClientes,
 * /me with scopes, /svas and the SVA writes, and the webhooks routes with detection and
 * delivery running. Not matched by vitest (`*.test.ts`) until those are wired: rename this
 * file to flows.test.ts to run it. Each flow goes through the real router to the simulator
 * and checks the simulator's tables, not what the page says about them.
 *
 * Wiring it needs (the lead's side):
 * - `ROUTER_OPTIONS` below: whatever router options turn on the store, idempotency, audit and
 *   webhooks (detection polling the simulator, delivery with http/loopback allowed).
 * - `pressStatusButton`: the simulator's status button (docs/simulator.md); a plain table
 *   update is used until then.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CampsoftRouterOptions } from '../../src/router/types.js';
import type { IxcEngine } from '../../src/testing/index.js';
import { buildConsole } from './build.js';
import {
  ADMIN_KEY,
  type ConsoleStack,
  launchBrowser,
  openPage,
  READ_KEY,
  seriousViolations,
  signIn,
  startConsoleStack,
} from './harness.js';

/** Router options of the wired build (store, webhooks…); empty until then. */
const ROUTER_OPTIONS: Partial<CampsoftRouterOptions> = {};

/** Changes a contract's internet status the way an operator's button does. */
function pressStatusButton(engine: IxcEngine, contratoId: number, code: string): void {
  engine.tables.update('cliente_contrato', contratoId, { status_internet: code });
}

let dir: string;
let stack: ConsoleStack;
let browser: Browser;

beforeAll(async () => {
  dir = await buildConsole();
  [stack, browser] = await Promise.all([
    startConsoleStack({ dir, router: ROUTER_OPTIONS }),
    launchBrowser(),
  ]);
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

async function admin(): Promise<Page> {
  const { page } = await openPage(browser);
  await signIn(page, stack.url, ADMIN_KEY);
  return page;
}

const row = (p: Page, contrato: number, produto: RegExp) =>
  p
    .getByRole('table', { name: `Produtos do contrato nº ${contrato}` })
    .getByRole('row', { name: produto });

async function api(method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${stack.url}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  expect(res.status, `${method} ${path}`).toBeLessThan(300);
  return res.json();
}

describe('console flows over the wired API', { timeout: 90_000 }, () => {
  it('has the routes these flows need (a 404 here names what is not wired yet)', async () => {
    const missing: string[] = [];
    for (const path of [
      '/me',
      '/svas',
      '/clientes?nome=Ricardo',
      '/webhooks/summary',
      '/auditoria',
    ]) {
      const res = await fetch(`${stack.url}/api/v1${path}`, {
        headers: { authorization: `Bearer ${ADMIN_KEY}` },
      });
      if (res.status === 404) missing.push(`GET ${path}`);
    }
    expect(missing).toEqual([]);
  });

  it('finds a customer by CPF typed without punctuation and opens their products', async () => {
    const p = await admin();
    await p.getByLabel('CPF, CNPJ, nome, e-mail, telefone ou código').fill('67891234582');
    await p.getByRole('button', { name: 'Buscar' }).click();
    await expect.poll(() => p.locator('#announcer').textContent()).toBe('1 cliente encontrado.');
    expect(await seriousViolations(p)).toEqual([]);
    await p.getByRole('link', { name: /Ricardo Almeida Ferreira/ }).click();
    await row(p, 8, /Telemedicina Família/).waitFor();
    expect(await row(p, 8, /Telemedicina Família/).textContent()).toContain('Conta ativa');
  });

  it('finds customers by part of a name and by e-mail', async () => {
    const p = await admin();
    const box = p.getByLabel('CPF, CNPJ, nome, e-mail, telefone ou código');
    await box.fill('Ricardo');
    await p.getByRole('button', { name: 'Buscar' }).click();
    await p.getByRole('link', { name: /Ricardo Almeida Ferreira/ }).waitFor();
    await box.fill('ricardo.almeida@exemplo.com.br');
    await p.getByRole('button', { name: 'Buscar' }).click();
    await expect.poll(() => p.locator('#announcer').textContent()).toBe('1 cliente encontrado.');
  });

  it('activates an SVA with one click, blocks, unblocks and cancels it after confirming', async () => {
    const engine = stack.ixc.engine;
    const p = await admin();
    await p.goto(`${stack.url}/#/cliente/1`);
    const outcome = p.locator('#resultado-acao');
    const region = p.getByRole('region', { name: 'SVAs que o cliente ainda não tem' });
    await region.getByRole('button', { name: 'Ativar Deezer Premium' }).dblclick();
    await expect.poll(() => outcome.textContent()).toContain('SVA ativada');
    expect(await outcome.textContent()).toMatch(/Situação lida do IXC agora: Ativa/);

    const lines = engine.tables.find(
      'vd_contratos_produtos',
      (r) => r.id_contrato === '1' && r.id_produto === '3',
    );
    expect(lines).toHaveLength(1);
    const accounts = engine.tables.find(
      'sva_usuarios',
      (r) => r.id_contrato === '1' && r.id_produto_contrato === lines[0]!.id,
    );
    expect(accounts).toHaveLength(1);
    const conta = accounts[0]!.id!;
    expect(accounts[0]!.status_integracao).toBe('A');

    const deezer = row(p, 1, /Deezer Premium/);
    await deezer.getByRole('button', { name: 'Bloquear Deezer Premium' }).click();
    await expect.poll(() => outcome.textContent()).toContain('Bloqueada');
    expect(engine.tables.get('sva_usuarios', conta)?.status_integracao).toBe('B');

    await deezer.getByRole('button', { name: 'Desbloquear Deezer Premium' }).click();
    await expect.poll(() => outcome.textContent()).toContain('SVA desbloqueada');
    expect(engine.tables.get('sva_usuarios', conta)?.status_integracao).toBe('A');

    await deezer.getByRole('button', { name: 'Cancelar Deezer Premium' }).click();
    await p.getByRole('button', { name: 'Sim, cancelar' }).click();
    await expect.poll(() => outcome.textContent()).toContain('SVA cancelada');
    expect(engine.tables.get('sva_usuarios', conta)?.status_integracao).toBe('D');
    // The line the console added leaves the contract.
    expect(
      engine.tables.find(
        'vd_contratos_produtos',
        (r) => r.id_contrato === '1' && r.id_produto === '3',
      ),
    ).toHaveLength(0);

    // Every write is in the audit, newest first.
    await p.getByRole('link', { name: 'Auditoria' }).click();
    const rows = p.getByRole('table', { name: 'Escritas auditadas' }).getByRole('row');
    await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(5);
    expect(await rows.nth(1).textContent()).toMatch(/cancelar/i);
  });

  it('a key /me says only reads sees no action buttons; the admin key does', async () => {
    const { page: reader } = await openPage(browser);
    await signIn(reader, stack.url, READ_KEY);
    await reader.goto(`${stack.url}/#/cliente/7`);
    await reader.getByRole('region', { name: 'SVAs que o cliente ainda não tem' }).waitFor();
    expect(
      await reader.getByRole('button', { name: /^(Ativar|Bloquear|Desbloquear|Cancelar)/ }).count(),
    ).toBe(0);
    const p = await admin();
    await p.goto(`${stack.url}/#/cliente/7`);
    await row(p, 8, /Telemedicina/)
      .getByRole('button', { name: /^Bloquear/ })
      .waitFor();
  });

  it('shows a webhook delivery for a status change, its failure at the receiver, and replays it', async () => {
    let failNext = true;
    const received: string[] = [];
    const receiver: Server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        received.push(body);
        if (failNext) {
          failNext = false;
          res.writeHead(500).end('receiver down');
        } else res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
      await api('POST', '/webhooks/endpoints', { url, eventTypes: ['*'], description: 'teste' });
      pressStatusButton(stack.ixc.engine, 1, 'CM');

      const p = await admin();
      await p.getByRole('link', { name: 'Webhooks' }).click();
      const table = p.getByRole('table', { name: 'Entregas, mais novas primeiro' });
      const delivery = table.getByRole('row', { name: /contrato\.internet_status_changed/ });
      await expect
        .poll(
          async () => {
            await p.getByRole('button', { name: 'Atualizar' }).click();
            return (await delivery.count()) > 0 ? await delivery.first().textContent() : '';
          },
          { timeout: 60_000, interval: 1_000 },
        )
        .toContain('HTTP 500');
      expect(await seriousViolations(p)).toEqual([]);

      await delivery
        .first()
        .getByRole('button', { name: /^Reenviar/ })
        .click();
      await expect.poll(() => p.getByText('Reenvio: feito.').count()).toBe(1);
      await expect.poll(() => received.length, { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
      await expect
        .poll(async () => {
          await p.getByRole('button', { name: 'Atualizar' }).click();
          return delivery.first().textContent();
        })
        .toContain('Entregue');

      await p.getByRole('button', { name: 'Enviar evento de teste' }).click();
      await expect.poll(() => p.getByText('Evento de teste: feito.').count()).toBe(1);
    } finally {
      receiver.close();
    }
  });
});
