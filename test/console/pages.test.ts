/**
 * The console in headless Chromium against the real stack (simulator → client → router →
 * console on one server): sign-in, search, customer, plans, read-only keys, phone width,
 * tenants, CSP and axe-core. Routes this branch's router does not have yet (/me, /svas,
 * findClientes) are answered 404 by the server, as an older server would.
 */
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConsole } from './build.js';
import {
  ADMIN_KEY,
  type ConsoleStack,
  launchBrowser,
  openPage,
  READ_KEY,
  SHOTS,
  seriousViolations,
  signIn,
  startConsoleStack,
  type WatchedPage,
} from './harness.js';

let dir: string;
let stack: ConsoleStack;
let browser: Browser;
const opened: WatchedPage[] = [];

beforeAll(async () => {
  dir = await buildConsole();
  [stack, browser] = await Promise.all([startConsoleStack({ dir }), launchBrowser()]);
  mkdirSync(SHOTS, { recursive: true });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

async function page(width = 1280): Promise<Page> {
  const watched = await openPage(browser, width);
  opened.push(watched);
  return watched.page;
}

/** CSP violations and script errors (answers such as 401 or 404 are the tests' business). */
function problems(p: Page): string[] {
  const watched = opened.find((w) => w.page === p)!;
  return watched.problems.filter((m) => !m.startsWith('Failed to load resource'));
}

async function expectAccessible(p: Page): Promise<void> {
  expect(await seriousViolations(p)).toEqual([]);
}

describe('console in Chromium', { timeout: 60_000 }, () => {
  it('refuses a wrong key, signs in with a good one kept in this tab only, and signs out', async () => {
    const p = await page();
    await p.goto(`${stack.url}/`);
    await expectAccessible(p);
    await p.getByLabel('Chave de API').fill('wrong-key-wrong-key-wrong');
    await p.getByRole('button', { name: 'Entrar' }).click();
    await expect
      .poll(() => p.getByRole('alert').textContent())
      .toContain('Chave de API não aceita');

    const authHeaders: string[] = [];
    p.on('request', (r) => {
      if (r.url().includes('/api/v1/')) authHeaders.push(r.headers().authorization ?? '');
    });
    await p.getByLabel('Chave de API').fill(ADMIN_KEY);
    await p.getByRole('button', { name: 'Entrar' }).click();
    await p.getByRole('heading', { level: 1, name: 'Buscar cliente' }).waitFor();
    // Focus lands on the page heading, for keyboard and screen-reader users.
    expect(await p.evaluate(() => document.activeElement?.id)).toBe('page-title');
    expect(authHeaders.length).toBeGreaterThan(0);
    expect(authHeaders.every((h) => h === `Bearer ${ADMIN_KEY}`)).toBe(true);
    expect(p.url()).not.toContain(ADMIN_KEY);
    expect(await p.evaluate(() => sessionStorage.getItem('campsoft.console'))).toContain(ADMIN_KEY);
    expect(await p.evaluate(() => localStorage.length)).toBe(0);
    expect(await p.evaluate(() => document.cookie)).toBe('');

    // A reload keeps the session (same tab); a new tab (context) does not have it.
    await p.reload();
    await p.getByRole('heading', { level: 1, name: 'Buscar cliente' }).waitFor();
    const other = await page();
    await other.goto(`${stack.url}/`);
    await other.getByLabel('Chave de API').waitFor();

    await p.getByRole('button', { name: 'Sair' }).click();
    await p.getByLabel('Chave de API').waitFor();
    expect(await p.evaluate(() => sessionStorage.getItem('campsoft.console'))).toBeNull();
    expect(problems(p)).toEqual([]);
  });

  it('finds a customer by code and shows identity, contracts and every product with SVAs marked', async () => {
    const p = await page();
    await signIn(p, stack.url, ADMIN_KEY);
    await p.getByLabel('CPF, CNPJ, nome, e-mail, telefone ou código').fill('7');
    await p.getByRole('button', { name: 'Buscar' }).click();
    await expect.poll(() => p.locator('#announcer').textContent()).toBe('1 cliente encontrado.');
    await expectAccessible(p);
    await p.getByRole('link', { name: /Ricardo Almeida Ferreira/ }).click();
    await p.getByRole('heading', { level: 1, name: 'Ricardo Almeida Ferreira' }).waitFor();
    await p.getByRole('heading', { name: 'Contrato nº 9 · Fibra 300 Mega' }).waitFor();

    const identity = p.getByRole('region', { name: 'Identificação' });
    await expect.poll(() => identity.textContent()).toContain('678.912.345-82');
    const text = (await identity.textContent()) ?? '';
    expect(text).toContain('ricardo.almeida@exemplo.com.br');
    expect(text).toContain('Pessoa física');
    expect(text).toMatch(/Nascimento18\/04\/1982/);

    const contrato8 = p.getByRole('table', { name: 'Produtos do contrato nº 8' });
    const telemedicina = contrato8.getByRole('row', { name: /Telemedicina Família/ });
    expect(await telemedicina.textContent()).toMatch(/Plano.*R\$\s19,90.*SVA.*Conta ativa/);
    const kaspersky = contrato8.getByRole('row', { name: /Kaspersky Standard/ });
    expect(await kaspersky.textContent()).toMatch(/Adicional.*SVA.*Conta bloqueada/);
    const roteador = contrato8.getByRole('row', { name: /Locação de roteador/ });
    expect(await roteador.textContent()).toMatch(/R\$\s10,10.*Não$/);
    const contrato9 = p.getByRole('table', { name: 'Produtos do contrato nº 9' });
    expect(await contrato9.getByRole('row', { name: /Deezer Premium/ }).textContent()).toMatch(
      /Contrato.*SVA.*Conta bloqueada/,
    );
    const cancelled = p.getByRole('table', { name: 'Produtos do contrato nº 10' });
    expect(await cancelled.getByRole('row', { name: /Idiomas Já/ }).textContent()).toContain(
      'Conta cancelada',
    );
    // The contract status in words.
    expect(await p.getByRole('article', { name: /Contrato nº 11/ }).textContent()).toContain(
      'Inativo',
    );
    await expectAccessible(p);
    await p.screenshot({ path: `${SHOTS}console-cliente.png` });
    expect(problems(p)).toEqual([]);
  });

  it('runs under the strict CSP: nothing of its own is blocked, an injected inline script is', async () => {
    const p = await page();
    await signIn(p, stack.url, ADMIN_KEY);
    expect(problems(p)).toEqual([]);
    const ran = await p.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.injected = true';
      document.head.append(s);
      return (window as unknown as { injected?: boolean }).injected === true;
    });
    expect(ran).toBe(false);
    await expect.poll(() => problems(p).join()).toContain('CSP violation: script-src');
  });

  it('lists plans with kind, price, active flag and customer counts, and opens a plan filtered by status', async () => {
    const p = await page();
    await signIn(p, stack.url, ADMIN_KEY);
    await p.getByRole('link', { name: 'Planos' }).click();
    await p.getByRole('heading', { level: 1, name: 'Planos' }).waitFor();
    const row = p.getByRole('row', { name: /Fibra 300 Mega/ }).first();
    await expect.poll(() => row.textContent()).toMatch(/Internet\s*R\$\s99,90\s*Sim\s*4$/);
    const legacy = p.getByRole('row', { name: /Rádio 10 Mega/ });
    await expect.poll(() => legacy.textContent()).toMatch(/Não\s*1$/);
    await expectAccessible(p);
    await p.screenshot({ path: `${SHOTS}console-planos.png` });

    await p.getByRole('link', { name: 'Fibra 300 Mega', exact: true }).click();
    await p.getByRole('heading', { level: 1, name: 'Fibra 300 Mega' }).waitFor();
    const table = p.getByRole('table', { name: 'Clientes do plano' });
    await expect.poll(() => table.getByRole('row').count()).toBe(5);
    expect(await table.textContent()).toContain('Financeiro em atraso');
    await p.getByLabel('Situação do contrato').selectOption('negativado');
    await expect.poll(() => table.getByRole('row').count()).toBe(2);
    expect(await table.textContent()).toContain('Fernanda Lima Costa');
    expect(p.url()).toContain('status=negativado');
    await expectAccessible(p);
    expect(problems(p)).toEqual([]);
  });

  it('offers no action buttons to a key that may only read', async () => {
    const p = await page();
    await signIn(p, stack.url, READ_KEY);
    await p.goto(`${stack.url}/#/cliente/7`);
    await p.getByRole('table', { name: 'Produtos do contrato nº 8' }).waitFor();
    for (const name of ['Ativar', 'Bloquear', 'Desbloquear', 'Cancelar']) {
      expect(await p.getByRole('button', { name: new RegExp(`^${name}`) }).count()).toBe(0);
    }
    // Nor the pages its scopes do not open.
    const nav = p.getByRole('navigation', { name: 'Principal' });
    expect(await nav.getByRole('link').allTextContents()).toEqual(['Busca', 'Planos']);
  });

  it('fits a 360 px phone screen without sideways scrolling', async () => {
    const p = await page(360);
    await signIn(p, stack.url, ADMIN_KEY);
    for (const hash of ['#/cliente/7', '#/planos', '#/planos/1']) {
      await p.goto(`${stack.url}/${hash}`);
      await p.locator('h1').waitFor();
      await p.waitForLoadState('networkidle');
      const overflow = await p.evaluate(() => document.documentElement.scrollWidth);
      expect(overflow, hash).toBeLessThanOrEqual(360);
    }
    await p.goto(`${stack.url}/#/cliente/7`);
    await p.getByRole('table', { name: 'Produtos do contrato nº 8' }).waitFor();
    await expectAccessible(p);
    await p.screenshot({ path: `${SHOTS}console-cliente-celular.png` });
  });

  it('is usable with the keyboard alone: sign in, search, open a customer', async () => {
    const p = await page();
    await p.goto(`${stack.url}/`);
    await p.getByRole('heading', { level: 1 }).waitFor();
    expect(await p.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    await p.keyboard.press('Tab');
    expect(await p.evaluate(() => document.activeElement?.id)).toBe('api-key');
    await p.keyboard.type(ADMIN_KEY);
    await p.keyboard.press('Enter');
    await p.getByRole('heading', { level: 1, name: 'Buscar cliente' }).waitFor();
    await p.getByLabel('CPF, CNPJ, nome, e-mail, telefone ou código').focus();
    await p.keyboard.type('7');
    await p.keyboard.press('Enter');
    const link = p.getByRole('link', { name: /Ricardo Almeida Ferreira/ });
    await link.waitFor();
    await link.focus();
    await p.keyboard.press('Enter');
    await p.getByRole('heading', { level: 1, name: 'Ricardo Almeida Ferreira' }).waitFor();
    expect(await p.evaluate(() => document.activeElement?.textContent)).toBe(
      'Ricardo Almeida Ferreira',
    );
  });

  it('asks for the tenant when the key serves several ISPs, and names it on every request', async () => {
    const multi = await startConsoleStack({ dir, tenants: ['norte', 'sul'] });
    try {
      const p = await page();
      const tenants: (string | undefined)[] = [];
      p.on('request', (r) => {
        if (r.url().includes('/api/v1/clientes')) tenants.push(r.headers()['x-campsoft-tenant']);
      });
      await p.goto(`${multi.url}/`);
      await p.getByLabel('Chave de API').fill(ADMIN_KEY);
      await p.getByRole('button', { name: 'Entrar' }).click();
      await p.getByRole('heading', { level: 1, name: 'Escolha o provedor' }).waitFor();
      await expectAccessible(p);
      await p.getByLabel(/provedor/).fill('sul');
      await p.getByRole('button', { name: 'Continuar' }).click();
      await p.getByRole('heading', { level: 1, name: 'Buscar cliente' }).waitFor();
      expect(await p.getByRole('banner').textContent()).toContain('provedor sul');
      await p.goto(`${multi.url}/#/cliente/7`);
      await p.getByRole('heading', { level: 1, name: 'Ricardo Almeida Ferreira' }).waitFor();
      expect(tenants.length).toBeGreaterThan(0);
      expect(tenants.every((t) => t === 'sul')).toBe(true);
    } finally {
      await multi.close();
    }
  });
});
