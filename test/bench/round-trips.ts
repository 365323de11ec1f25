/**
 * Figure 2, IXC round trips: how many IXC requests each method sends, and in how many
 * sequential rounds, as the data grows — next to a naive implementation that reads one row
 * at a time, written here with the same client's `query()` method.
 *
 * Why it is fair: both run against the same simulator engine and dataset, and both are
 * counted by the engine's own request log (`engine.requests`) and `countRounds`, which groups
 * requests whose lifetimes overlap on the server. The engine adds 5 ms to every request so
 * that requests sent together really overlap (without latency, an in-memory answer can be
 * over before its sibling arrives and two parallel requests would look sequential).
 * Counts do not depend on the machine; wall times are shown only for scale.
 */
import type { IxcCampsoftClient } from '../../src/index.js';
import { countRounds, generateDataset, type IxcEngine } from '../../src/testing/index.js';
import { memoryIxc } from './ixc.js';
import type { FigureOptions, Section, Target } from './report.js';
import { fmt } from './stats.js';

type Row = Record<string, string>;

/** Adds contracts to customer `clienteId` until it has `count`, with add-ons and SVA accounts. */
function growContracts(engine: IxcEngine, clienteId: number, count: number): void {
  const t = engine.tables;
  const mine = t.find('cliente_contrato', (r) => r.id_cliente === String(clienteId));
  const template = mine[0]!;
  const servico = t.rows('cliente_contrato_servicos')[0]!;
  const conta = t.rows('sva_usuarios')[0]!;
  const plans = t.rows('vd_contratos').map((p) => p.id!);
  for (let i = mine.length; i < count; i++) {
    const { id: _id, ...rest } = template;
    const c = t.insert(
      'cliente_contrato',
      { ...rest, id_vd_contrato: plans[i % plans.length]! },
      { audit: false },
    );
    if (i % 3 === 0) {
      const { id: _s, ...s } = servico;
      t.insert('cliente_contrato_servicos', { ...s, id_contrato: c.id! }, { audit: false });
    }
    if (i % 2 === 0) {
      const { id: _a, ...a } = conta;
      t.insert('sva_usuarios', { ...a, id_contrato: c.id! }, { audit: false });
    }
  }
}

async function rows(pages: AsyncIterable<Row>): Promise<Row[]> {
  const out: Row[] = [];
  for await (const row of pages) out.push(row);
  return out;
}

/** Naive `getProdutos`: the contracts, then for each contract and each line, one read at a time. */
async function naiveProdutos(client: IxcCampsoftClient, clienteId: number): Promise<number> {
  const by = (column: string, value: string | number) => [{ column, value }];
  let products = 0;
  const contratos = await rows(
    client.query('cliente_contrato', by('id_cliente', clienteId), { pageSize: 500 }),
  );
  for (const c of contratos) {
    const own = (await client.query('vd_contratos_produtos', by('id_contrato', c.id!))).data;
    const lines = own.length
      ? own
      : (await client.query('vd_contratos_produtos', by('id_vd_contrato', c.id_vd_contrato!))).data;
    await client.query('vd_contratos', by('id', c.id_vd_contrato!));
    const servicos = (await client.query('cliente_contrato_servicos', by('id_contrato', c.id!)))
      .data;
    await client.query('sva_usuarios', by('id_contrato', c.id!));
    for (const line of [...lines, ...servicos]) {
      await client.query('produtos', by('id', line.id_produto!));
      products++;
    }
  }
  return products;
}

/** Naive `listClientesPorPlano`: a page of contracts, then each customer and plan by id. */
async function naiveClientesPorPlano(client: IxcCampsoftClient, pageSize: number): Promise<void> {
  const page = await client.query('cliente_contrato', [], { pageSize });
  for (const c of page.data) {
    await client.query('cliente', [{ column: 'id', value: c.id_cliente! }]);
    await client.query('vd_contratos', [{ column: 'id', value: c.id_vd_contrato! }]);
  }
}

interface Count {
  method: string;
  size: string;
  ours: [requests: number, rounds: number, ms: number];
  naive: [requests: number, rounds: number, ms: number];
}

async function count(engine: IxcEngine, run: () => Promise<unknown>, warm = false) {
  // A first call compiles schemas and code paths; its wall time would mislead.
  if (warm) await run();
  engine.clearRequests();
  const start = performance.now();
  await run();
  const ms = performance.now() - start;
  return [engine.requests.length, countRounds(engine.requests), ms] as [number, number, number];
}

/** Runs the figure. */
export async function roundTrips(options: FigureOptions): Promise<Section> {
  // 1 000 customers with one contract each, 600 plans; customers 1, 2, 3 get 1, 10, 100.
  const dataset = generateDataset({ seed: 1, clientes: 1000, contratosPorCliente: 1, planos: 600 });
  const { engine, client } = memoryIxc({ dataset, latencyMs: 5 }, { pageSize: 500 });
  const sizes = options.quick ? [1, 10] : [1, 10, 100];
  const pages = options.quick ? [50] : [50, 500];
  for (const [i, n] of sizes.entries()) growContracts(engine, i + 1, n);
  const q = (table: string, column: string, value: number) =>
    client.query(table, [{ column, value }]);

  const results: Count[] = [];
  for (const [i, n] of sizes.entries()) {
    const id = i + 1;
    results.push({
      method: 'getProdutos',
      size: `${n} contract${n > 1 ? 's' : ''}`,
      ours: await count(engine, () => client.getProdutos(id), true),
      naive: await count(engine, () => naiveProdutos(client, id)),
    });
  }
  for (const [i, n] of sizes.entries()) {
    results.push({
      method: 'getCliente',
      size: `${n} contract${n > 1 ? 's' : ''}`,
      ours: await count(engine, () => client.getCliente(i + 1), true),
      naive: await count(engine, () => q('cliente', 'id', i + 1)),
    });
  }
  for (const pageSize of pages) {
    results.push({
      method: 'listClientesPorPlano',
      size: `page of ${pageSize}`,
      ours: await count(engine, () => client.listClientesPorPlano({ pageSize }), true),
      naive: await count(engine, () => naiveClientesPorPlano(client, pageSize)),
    });
  }
  for (const pageSize of pages) {
    results.push({
      method: 'listPlanos',
      size: `page of ${pageSize}`,
      ours: await count(engine, () => client.listPlanos({ pageSize }), true),
      naive: await count(engine, () => client.query('vd_contratos', [], { pageSize })),
    });
  }

  const methods = [...new Set(results.map((r) => r.method))];
  const targets: Target[] = methods.map((method) => {
    const mine = results.filter((r) => r.method === method);
    const reqs = new Set(mine.map((r) => r.ours[0]));
    const rounds = new Set(mine.map((r) => r.ours[1]));
    const flat = reqs.size === 1 && rounds.size === 1;
    return {
      name: `${method}: IXC requests and rounds flat as data grows`,
      target: 'same count at every size',
      measured: `requests ${[...reqs].join(' / ')}, rounds ${[...rounds].join(' / ')}`,
      ok: flat,
    };
  });

  return {
    id: 'round-trips',
    title: '2. IXC round trips',
    method: [
      'A generated dataset (seed 1, 1 000 customers with one contract each, 600 plans) in a ' +
        'simulator engine that adds 5 ms to every request; customers 1, 2 and 3 are given 1, ' +
        '10 and 100 contracts (with add-on services on every third and SVA accounts on every ' +
        'second). Requests are read from `engine.requests`; rounds are `countRounds(log)`: ' +
        'requests whose lifetimes overlap on the server form one round, so a round is one ' +
        'network round trip of waiting.',
      "**Naive baseline**, written in the benchmark with the same client's `query()`: " +
        '`getProdutos` reads the contracts, then for each contract its own lines (else its ' +
        "plan's), its plan, its add-ons and its SVA accounts, then each line's product, one " +
        'request at a time; `listClientesPorPlano` reads a page of contracts, then each ' +
        "contract's customer and plan by id. `getCliente` and `listPlanos` need no join, so " +
        'their naive form is the same single read.',
      'Wall times (5 ms per request, for scale only) are taken after one warm-up call of ours; ' +
        'the naive form is not warmed (its many reads warm the same code paths).',
    ],
    tables: [
      {
        head: [
          'Method',
          'Data',
          'Ours: requests',
          'Ours: rounds',
          'Ours: ms',
          'Naive: requests',
          'Naive: rounds',
          'Naive: ms',
        ],
        rows: results.map((r) => [
          `\`${r.method}\``,
          r.size,
          String(r.ours[0]),
          String(r.ours[1]),
          fmt(r.ours[2]),
          String(r.naive[0]),
          String(r.naive[1]),
          fmt(r.naive[2]),
        ]),
      },
    ],
    targets,
    headline: results
      .filter((r) => r.size === '100 contracts' || r.size === 'page of 500')
      .filter((r) => r.method === 'getProdutos' || r.method === 'listClientesPorPlano')
      .map(
        (r) =>
          `\`${r.method}\` (${r.size}): ${r.ours[0]} IXC requests in ${r.ours[1]} rounds, ` +
          `vs ${fmt(r.naive[0])} requests one at a time for a naive implementation.`,
      ),
  };
}
