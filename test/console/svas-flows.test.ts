/**
 * End-to-end flows of the attendant's work over the real router and the simulator: search by
 * CPF typed without punctuation, by name and by e-mail (findClientes); activate, block,
 * unblock and cancel an SVA with one click, and the audit of those writes; a read-only key
 * sees no action buttons. Each flow checks the simulator's tables, not what the page says
 * about them.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CampsoftRouterOptions } from '../../src/router/types.js';
import { openStore } from '../../src/store/index.js';
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

/** A store for idempotency keys and the audit, as `serve` gives the router. */
const store = await openStore(':memory:');
const ROUTER_OPTIONS: Partial<CampsoftRouterOptions> = { services: { store } };

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
  await store.close();
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

describe('console flows over the wired API', { timeout: 90_000 }, () => {
  it('serves every route the console uses', async () => {
    const missing: string[] = [];
    for (const path of ['/me', '/svas', '/clientes?nome=Ricardo', '/auditoria']) {
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
});
