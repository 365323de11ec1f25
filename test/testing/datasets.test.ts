import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isValidCpfCnpj } from '../../src/index.js';
import {
  createIxcEngine,
  DEMO_CONTRACT_WITH_OWN_LINES,
  demoDataset,
  generateDataset,
  IxcDatasetError,
  loadDataset,
} from '../../src/testing/index.js';
import { ids } from './helpers.js';

describe('demo dataset', () => {
  const demo = demoDataset();
  const engine = createIxcEngine({ dataset: demo });
  const t = engine.tables;

  it('is deterministic and returns fresh objects', () => {
    const again = demoDataset();
    expect(again).toEqual(demo);
    expect(again.cliente).not.toBe(demo.cliente);
  });

  it('has 25 Campsoft SVAs plus non-SVA products', () => {
    const svas = t.find('produtos', (p) => p.id_sva_integracao !== '0');
    expect(svas).toHaveLength(25);
    expect(svas.map((p) => p.id)).toEqual(Array.from({ length: 25 }, (_, i) => String(i + 1)));
    expect(new Set(svas.map((p) => p.descricao)).size).toBe(25);
    expect(
      svas.every((p) => p.tipo === 'S' && p.id_sva_integracao === '1' && p.id_sva_pacote !== '0'),
    ).toBe(true);
    expect(svas.map((p) => p.descricao)).toEqual(
      expect.arrayContaining([
        'Campsoft Cursos',
        'Skeelo Leitura',
        'Deezer Premium',
        'Kaspersky Standard',
        'Telemedicina Família',
      ]),
    );
    const others = t.find('produtos', (p) => p.id_sva_integracao === '0').map((p) => p.descricao);
    expect(others).toEqual([
      'Taxa de instalação',
      'Locação de roteador Wi-Fi 6',
      'IP fixo',
      'Linha telefônica fixa',
    ]);
  });

  it('has plans of every kind, some inactive, whose value is the sum of their lines', () => {
    const plans = t.rows('vd_contratos');
    expect(plans).toHaveLength(12);
    expect(new Set(plans.map((p) => p.tipo))).toEqual(new Set(['I', 'T', 'S', 'SVA']));
    expect(plans.filter((p) => p.Ativo === 'N').map((p) => p.id)).toEqual(['4', '6', '10']);
    for (const plan of plans) {
      const lines = t.find('vd_contratos_produtos', (l) => l.id_vd_contrato === plan.id);
      expect(lines.length).toBeGreaterThan(0);
      expect(lines.every((l) => l.id_contrato === '0')).toBe(true);
      const sum = lines.reduce((s, l) => s + Number(l.valor_unit), 0);
      expect(Number(plan.valor_contrato)).toBeCloseTo(sum, 6);
      expect(plan.valor_contrato).toMatch(/^\d+\.\d{9}$/);
    }
    expect(
      t.find(
        'vd_contratos_produtos',
        (l) => l.id_vd_contrato !== '0' && Number(l.id_produto) >= 1 && Number(l.id_produto) <= 25,
      ).length,
    ).toBeGreaterThan(5);
    const internet = t.find('vd_contratos_produtos', (l) => l.tipo === 'I');
    expect(
      internet.every(
        (l) => t.get('radgrupos', l.id_plano ?? '') !== undefined && l.id_produto === '0',
      ),
    ).toBe(true);
  });

  it('has 15 customers with valid formatted CPF/CNPJ, PF and PJ, some inactive, secrets filled', () => {
    const clientes = t.rows('cliente');
    expect(clientes.map((c) => c.id)).toEqual(Array.from({ length: 15 }, (_, i) => String(i + 1)));
    for (const c of clientes) {
      expect(isValidCpfCnpj(c.cnpj_cpf ?? '')).toBe(true);
      expect(c.cnpj_cpf).toMatch(
        c.tipo_pessoa === 'F'
          ? /^\d{3}\.\d{3}\.\d{3}-\d{2}$/
          : /^\d{2}\.\d{3}\.\d{3}\/\d{4}-\d{2}$/,
      );
      expect(c.email).toMatch(/^[a-z.]+@exemplo\.com\.br$/);
      expect(c.senha).not.toBe('');
      expect(c.telefone_celular).not.toBe('');
      expect(c.endereco).not.toBe('');
    }
    expect(new Set(clientes.map((c) => c.tipo_pessoa))).toEqual(new Set(['F', 'J']));
    expect(clientes.filter((c) => c.ativo === 'N').map((c) => c.id)).toEqual(['8', '15']);
    expect(new Set(clientes.map((c) => c.cnpj_cpf)).size).toBe(15);
  });

  it('has contracts in every status and access status, pointing at real rows', () => {
    const contratos = t.rows('cliente_contrato');
    expect(contratos).toHaveLength(21);
    expect(new Set(contratos.map((c) => c.status))).toEqual(new Set(['P', 'A', 'I', 'N', 'D']));
    expect(new Set(contratos.map((c) => c.status_internet))).toEqual(
      new Set(['A', 'D', 'CM', 'CA', 'FA', 'AA']),
    );
    for (const c of contratos) {
      expect(t.get('cliente', c.id_cliente ?? '')).toBeDefined();
      expect(t.get('vd_contratos', c.id_vd_contrato ?? '')?.tipo).toBe(c.tipo);
    }
    expect(
      contratos.filter((c) => c.status === 'I').every((c) => c.data_cancelamento !== '0000-00-00'),
    ).toBe(true);
  });

  it('makes customer 7 rich: 4 contracts, own lines, add-ons, a discount and SVA accounts', async () => {
    const contratos = await ids(engine, 'cliente_contrato', {
      qtype: 'cliente_contrato.id_cliente',
      query: '7',
      oper: '=',
    });
    expect(contratos).toEqual(['8', '9', '10', '11']);
    expect(DEMO_CONTRACT_WITH_OWN_LINES).toBe(9);
    const own = t.find('vd_contratos_produtos', (l) => l.id_contrato === '9');
    expect(own.map((l) => [l.id, l.id_vd_contrato, l.id_produto])).toEqual([
      ['25', '0', '0'],
      ['26', '0', '3'],
      ['27', '0', '28'],
    ]);
    expect(
      t.find('vd_contratos_produtos', (l) => l.id_contrato !== '0' && l.id_contrato !== '9'),
    ).toEqual([]);
    const servicos = t.find('cliente_contrato_servicos', (s) =>
      ['8', '9', '10', '11'].includes(s.id_contrato ?? ''),
    );
    expect(servicos.map((s) => [s.id_produto, s.tipo_acres_desc])).toEqual([
      ['1', 'A'],
      ['4', 'A'],
      ['0', 'D'],
    ]);
    const contas = t.find('sva_usuarios', (s) =>
      ['8', '9', '10', '11'].includes(s.id_contrato ?? ''),
    );
    expect(contas.map((s) => s.status_integracao)).toEqual(['A', 'A', 'A', 'B', 'B', 'A', 'D']);
    expect(
      contas.every((s) => s.id_integracao === '1' && s.user === 'ricardo.almeida@exemplo.com.br'),
    ).toBe(true);
  });

  it('has PPPoE logins on speed plans and a few audit log rows', () => {
    const logins = t.rows('radusuarios');
    expect(logins.length).toBeGreaterThan(10);
    expect(logins.every((l) => t.get('radgrupos', l.id_grupo ?? '') !== undefined)).toBe(true);
    expect(t.count('ixc_logs')).toBe(3);
  });

  it('has invoices (paid, open, overdue, cancelled), SVA accounts in every status and the Campsoft row', () => {
    const invoices = t.rows('fn_areceber');
    expect(new Set(invoices.map((r) => r.status))).toEqual(new Set(['A', 'R', 'C']));
    const overdue = invoices.filter(
      (r) => r.status === 'A' && (r.data_vencimento ?? '') < '2026-12-01',
    );
    expect(overdue.length).toBe(6);
    expect(
      invoices.every(
        (r) => t.get('cliente_contrato', r.id_contrato ?? '')?.id_cliente === r.id_cliente,
      ),
    ).toBe(true);
    expect(new Set(t.rows('sva_usuarios').map((r) => r.status_integracao))).toEqual(
      new Set(['A', 'B', 'D']),
    );
    expect(t.rows('sva_configuracoes').map((r) => r.plataforma)).toEqual(['Campsoft']);
    expect(t.count('cliente_contrato_historico')).toBe(4);
    expect(t.columns('sva_usuarios')).not.toContain('ultima_atualizacao');
  });
});

describe('generateDataset', () => {
  it('is deterministic per seed', () => {
    const a = generateDataset({ seed: 5, clientes: 500 });
    const b = generateDataset({ seed: 5, clientes: 500 });
    const c = generateDataset({ seed: 6, clientes: 500 });
    expect(b).toEqual(a);
    expect(c.cliente).not.toEqual(a.cliente);
  });

  it('has the demo shapes: statuses, own lines, add-ons, discounts, SVA accounts, valid documents', () => {
    const data = generateDataset({ seed: 3, clientes: 2000, contratosPorCliente: 1.3, planos: 20 });
    const engine = createIxcEngine({ dataset: data });
    const t = engine.tables;
    expect(t.count('cliente')).toBe(2000);
    expect(t.count('vd_contratos')).toBe(20);
    expect(t.count('produtos')).toBe(29);
    const contratos = t.count('cliente_contrato');
    expect(contratos).toBeGreaterThan(2400);
    expect(contratos).toBeLessThan(2800);
    const rows = t.rows('cliente_contrato');
    expect(new Set(rows.map((c) => c.status))).toEqual(new Set(['P', 'A', 'I', 'N', 'D']));
    expect(new Set(rows.map((c) => c.status_internet))).toEqual(
      new Set(['A', 'D', 'CM', 'CA', 'FA', 'AA']),
    );
    expect(t.find('vd_contratos_produtos', (l) => l.id_contrato !== '0').length).toBeGreaterThan(0);
    const servicos = t.rows('cliente_contrato_servicos');
    expect(new Set(servicos.map((s) => s.tipo_acres_desc))).toEqual(new Set(['A', 'D']));
    expect(new Set(t.rows('sva_usuarios').map((s) => s.status_integracao))).toEqual(
      new Set(['A', 'B', 'D']),
    );
    expect(t.rows('cliente').every((c) => isValidCpfCnpj(c.cnpj_cpf ?? ''))).toBe(true);
    expect(new Set(t.rows('cliente').map((c) => c.tipo_pessoa))).toEqual(new Set(['F', 'J']));
    expect(rows.every((c) => Number(c.id_cliente) >= 1 && Number(c.id_cliente) <= 2000)).toBe(true);
  });

  it('generates and serves 100 000 customers', async () => {
    const data = generateDataset({ seed: 1, clientes: 100_000 });
    expect(data.cliente).toHaveLength(100_000);
    const engine = createIxcEngine({ dataset: data });
    const page = await ids(engine, 'cliente_contrato', {
      qtype: 'cliente_contrato.id_cliente',
      query: '99999',
      oper: '=',
    });
    expect(page.length).toBeGreaterThan(0);
    expect(engine.tables.count('cliente_contrato')).toBeGreaterThan(120_000);
  });
});

describe('loadDataset', () => {
  it('accepts an object, a JSON string or a file path', () => {
    const data = { cliente: [{ id: '1', razao: 'Arquivo' }] };
    expect(loadDataset(data)).toEqual(data);
    expect(loadDataset(JSON.stringify(data))).toEqual(data);
    const dir = mkdtempSync(join(tmpdir(), 'ixc-ds-'));
    try {
      const file = join(dir, 'data.json');
      writeFileSync(file, JSON.stringify(data));
      const engine = createIxcEngine({ dataset: loadDataset(file) });
      expect(engine.tables.get('cliente', 1)?.razao).toBe('Arquivo');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('explains what is wrong', () => {
    expect(() => loadDataset({ cliente: [{ id: 1 }] })).toThrow(/cliente\[0\]\.id.*string/);
    expect(() => loadDataset({ clientes: [] })).toThrow(/Unknown table "clientes"/);
    expect(() => loadDataset({ cliente: [{ nope: 'x' }] })).toThrow(
      /cliente\[0\]\.nope: unknown column/,
    );
    expect(() => loadDataset('{bad json')).toThrow(IxcDatasetError);
    expect(() => loadDataset('/no/such/file.json')).toThrow(/Cannot read dataset file/);
  });

  it('is checked again by the engine (ids, columns, values)', () => {
    expect(() => createIxcEngine({ dataset: { cliente: [{ id: '1' }, { id: '1' }] } })).toThrow(
      /duplicate id 1/,
    );
    expect(() => createIxcEngine({ dataset: { cliente: [{ id: 'x' }] } })).toThrow(
      /not a positive integer/,
    );
    // @ts-expect-error a number is not a valid value
    expect(() => createIxcEngine({ dataset: { cliente: [{ id: '1', razao: 2 }] } })).toThrow(
      /not a string/,
    );
    const engine = createIxcEngine({
      dataset: {
        vd_contratos: [
          { nome: 'Sem id', ativo: 'N' },
          { id: '5', nome: 'Cinco' },
        ],
      },
    });
    expect(engine.tables.rows('vd_contratos').map((r) => [r.id, r.Ativo])).toEqual([
      ['5', ''],
      ['6', 'N'],
    ]);
  });
});
