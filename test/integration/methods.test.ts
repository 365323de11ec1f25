/**
 * The four methods against the simulator over real HTTP, on the demo dataset: what a user
 * gets, and what it costs in IXC requests and sequential rounds.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  agruparPorPlano,
  IxcCampsoftClient,
  isIxcAuthenticationError,
  isIxcNotFoundError,
  isIxcValidationError,
} from '../../src/index.js';
import {
  countRounds,
  DEMO_CONTRACT_WITH_OWN_LINES,
  type IxcSimulator,
  startIxcSimulator,
} from '../../src/testing/index.js';

let sim: IxcSimulator;
let client: IxcCampsoftClient;

beforeAll(async () => {
  sim = await startIxcSimulator();
  client = new IxcCampsoftClient({
    baseUrl: sim.url,
    token: sim.token,
    retry: { baseDelay: 1, maxDelay: 2 },
  });
});
afterAll(() => sim.close());
beforeEach(() => sim.engine.clearRequests());

const tables = () => sim.engine.requests.map((r) => r.table);

describe('listPlanos', () => {
  it('returns every plan of vd_contratos, typed, in one request per page', async () => {
    const rows = sim.engine.tables.rows('vd_contratos');
    const page = await client.listPlanos();
    expect(page.total).toBe(rows.length);
    expect(page.data.map((p) => p.id)).toEqual(rows.map((r) => Number(r.id)));
    for (const plano of page.data) {
      const raw = sim.engine.tables.get('vd_contratos', plano.id)!;
      expect(plano.nome).toBe(raw.nome);
      expect(plano.valor).toBe(Number(raw.valor_contrato));
      expect(plano.ativo).toBe((raw.Ativo ?? raw.ativo) === 'S');
    }
    expect(new Set(page.data.map((p) => p.tipo))).toEqual(
      new Set(['internet', 'telefonia', 'servicos', 'sva']),
    );
    expect(tables()).toEqual(['vd_contratos']);
  });

  it('filters active plans', async () => {
    const page = await client.listPlanos({ ativo: false });
    expect(page.data.length).toBeGreaterThan(0);
    expect(page.data.every((p) => !p.ativo)).toBe(true);
  });
});

describe('getCliente', () => {
  it('returns customer 7 in one request, without its password', async () => {
    const raw = sim.engine.tables.get('cliente', 7)!;
    const cliente = await client.getCliente(7);
    expect(cliente).toMatchObject({
      id: 7,
      nome: raw.razao,
      cnpjCpf: raw.cnpj_cpf,
      email: raw.email,
      ativo: true,
      tipoPessoa: 'fisica',
    });
    expect(cliente.cnpjCpfDigitos).toBe(raw.cnpj_cpf!.replace(/\D/g, ''));
    expect(JSON.stringify(cliente)).not.toContain(raw.senha!);
    expect(sim.engine.requests).toHaveLength(1);
  });

  it('throws IxcNotFoundError for an unknown id and IxcValidationError for a bad one', async () => {
    await expect(client.getCliente(999_999)).rejects.toSatisfy(isIxcNotFoundError);
    await expect(client.getCliente('7 OR 1=1')).rejects.toSatisfy(isIxcValidationError);
    await expect(client.getCliente(-3)).rejects.toSatisfy(isIxcValidationError);
    expect(sim.engine.requests).toHaveLength(1);
  });

  it('throws IxcAuthenticationError with a wrong token', async () => {
    const wrong = new IxcCampsoftClient({ baseUrl: `${sim.url}/webservice/v1`, token: '1:wrong' });
    await expect(wrong.getCliente(7)).rejects.toSatisfy(isIxcAuthenticationError);
  });
});

describe('getProdutos', () => {
  it('lists every product of customer 7 in 3 rounds and 7 requests', async () => {
    const produtos = await client.getProdutos(7);
    const contratos = sim.engine.tables
      .find('cliente_contrato', (r) => r.id_cliente === '7')
      .map((r) => Number(r.id));
    expect(new Set(produtos.map((p) => p.contratoId))).toEqual(new Set(contratos));

    // The contract with its own lines lists those, not its plan's.
    const own = produtos.filter(
      (p) =>
        p.contratoId === DEMO_CONTRACT_WITH_OWN_LINES &&
        p.origem !== 'adicional' &&
        p.origem !== 'sva',
    );
    const ownLines = sim.engine.tables.find(
      'vd_contratos_produtos',
      (r) => r.id_contrato === String(DEMO_CONTRACT_WITH_OWN_LINES),
    );
    expect(own.map((p) => p.linhaId).sort()).toEqual(ownLines.map((r) => Number(r.id)).sort());
    expect(own.every((p) => p.origem === 'contrato')).toBe(true);

    // Add-ons are listed; discounts are not.
    const addons = sim.engine.tables.find('cliente_contrato_servicos', (r) =>
      contratos.includes(Number(r.id_contrato)),
    );
    const listed = new Set(produtos.filter((p) => p.origem === 'adicional').map((p) => p.linhaId));
    for (const a of addons) expect(listed.has(Number(a.id))).toBe(a.tipo_acres_desc === 'A');

    // Every SVA account of the customer's contracts appears once, without its password.
    const accounts = sim.engine.tables.find('sva_usuarios', (r) =>
      contratos.includes(Number(r.id_contrato)),
    );
    const shown = produtos.flatMap((p) => (p.contaSva ? [p.contaSva.id] : []));
    expect(shown.sort()).toEqual(accounts.map((a) => Number(a.id)).sort());
    for (const a of accounts) if (a.senha) expect(JSON.stringify(produtos)).not.toContain(a.senha);
    expect(produtos.some((p) => p.sva && p.contaSva?.status === 'bloqueado')).toBe(true);
    expect(produtos.every((p) => p.nome.length > 0)).toBe(true);

    expect(sim.engine.requests).toHaveLength(7);
  });

  it('returns [] for a customer without contracts, and 404s an unknown one', async () => {
    const lonely = sim.engine.tables.insert('cliente', {
      razao: 'Sem Contrato',
      tipo_pessoa: 'F',
      ativo: 'S',
    });
    await expect(client.getProdutos(lonely.id!)).resolves.toEqual([]);
    await expect(client.getProdutos(999_999)).rejects.toSatisfy(isIxcNotFoundError);
  });
});

describe('listClientesPorPlano', () => {
  it('joins contracts to customers and plans in 3 requests and 2 rounds per page', async () => {
    const page = await client.listClientesPorPlano({ pageSize: 500 });
    expect(page.total).toBe(sim.engine.tables.count('cliente_contrato'));
    for (const item of page.data) {
      const raw = sim.engine.tables.get('cliente_contrato', item.contrato.id)!;
      expect(item.cliente?.id).toBe(Number(raw.id_cliente));
      expect(item.plano?.id).toBe(Number(raw.id_vd_contrato));
    }
    expect(sim.engine.requests).toHaveLength(3);
    const groups = agruparPorPlano(page.data);
    expect(groups.reduce((n, g) => n + g.clientes.length, 0)).toBe(page.data.length);
  });

  it('filters by plan and status, and streams every page', async () => {
    const page = await client.listClientesPorPlano({ planoId: 1, status: 'ativo' });
    const expected = sim.engine.tables.find(
      'cliente_contrato',
      (r) => r.id_vd_contrato === '1' && r.status === 'A',
    );
    expect(page.data.map((i) => i.contrato.id)).toEqual(expected.map((r) => Number(r.id)));

    const all: number[] = [];
    for await (const item of client.listClientesPorPlano({ pageSize: 4 }))
      all.push(item.contrato.id);
    expect(all).toEqual(sim.engine.tables.rows('cliente_contrato').map((r) => Number(r.id)));

    await expect(client.listClientesPorPlano({ status: 'quase' as never })).rejects.toSatisfy(
      isIxcValidationError,
    );
  });
});

describe('sequential rounds (IXC answering in 30 ms, so parallel requests overlap)', () => {
  let slow: IxcSimulator;
  let slowClient: IxcCampsoftClient;
  beforeAll(async () => {
    slow = await startIxcSimulator({ latencyMs: 30 });
    slowClient = new IxcCampsoftClient({ baseUrl: slow.url, token: slow.token });
  });
  afterAll(() => slow.close());
  beforeEach(() => slow.engine.clearRequests());

  it('getProdutos takes 3 rounds', async () => {
    await slowClient.getProdutos(7);
    expect(countRounds(slow.engine.requests)).toBe(3);
  });

  it('a page of listClientesPorPlano takes 2 rounds', async () => {
    await slowClient.listClientesPorPlano({ pageSize: 500 });
    expect(countRounds(slow.engine.requests)).toBe(2);
  });

  it('100 concurrent getCliente(7) make one request', async () => {
    await Promise.all(Array.from({ length: 100 }, () => slowClient.getCliente(7)));
    expect(slow.engine.requests).toHaveLength(1);
  });
});
