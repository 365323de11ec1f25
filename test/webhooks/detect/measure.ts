/**
 * Measures detection against the simulator: IXC requests and time of a baseline, an idle
 * poll and a poll after N changes, for SVA accounts followed by `ixc_logs` or by a snapshot
 * walk, and for contracts at two table sizes.
 *
 * Run: `npx tsx test/webhooks/detect/measure.ts` (prints Markdown tables);
 * `MEASURE=reconcile` measures only a full reconciliation of 100 000 contracts.
 */
import { pathToFileURL } from 'node:url';
import { IxcCampsoftClient } from '../../../src/client/client.js';
import { openStore } from '../../../src/store/index.js';
import { createIxcEngine, generateDataset } from '../../../src/testing/index.js';
import { IxcWatcher, type SvaDetection } from '../../../src/webhooks/detect/index.js';

export interface Row {
  label: string;
  rows: number;
  baselineRequests: number;
  baselineMs: number;
  idleRequests: number;
  idleMs: number;
  changes: number;
  changedRequests: number;
  changedMs: number;
  events: number;
}

/** A generated IXC (seed 7) in the simulator, its clock ours, and the client on its fetch face. */
function generatedIxc(clientes: number) {
  let t = Date.UTC(2026, 11, 1, 12);
  const clock = {
    now: () => t,
    advance: (ms: number) => {
      t += ms;
    },
  };
  const engine = createIxcEngine({
    dataset: generateDataset({ seed: 7, clientes }),
    now: () => new Date(t),
  });
  const client = new IxcCampsoftClient({
    baseUrl: 'http://ixc.test',
    token: engine.token,
    fetch: (input, init) => engine.fetch(new Request(input, init)),
  });
  return { engine, client, clock };
}

export async function measure(
  label: string,
  clientes: number,
  sva: SvaDetection,
  change: 'sva' | 'contrato',
  changes: number,
): Promise<Row> {
  const { engine, client, clock } = generatedIxc(clientes);
  const now = clock.now;
  const store = await openStore(':memory:', { now });
  await store.createEndpoint({
    url: 'https://r.test/',
    eventTypes: ['*'],
    secret: `whsec_${'a'.repeat(32)}`,
  });
  const watcher = new IxcWatcher({
    client,
    store,
    tenant: 'm',
    now,
    sva,
    reconcileEveryMs: 0,
  });
  const timed = async () => {
    engine.clearRequests();
    const start = performance.now();
    const r = await watcher.pollOnce();
    return { ms: performance.now() - start, requests: engine.requests.length, events: r.events };
  };
  const baseline = await timed();
  // A live install: each watched table had a change since the baseline. (Right after a
  // baseline the newest second of a table can hold many rows, e.g. the generated contract
  // lines all share one stamp, and every poll re-reads that second until a newer change.)
  clock.advance(60_000);
  engine.tables.update('cliente', 1, {
    ativo: 'S' === engine.tables.get('cliente', 1)?.ativo ? 'N' : 'S',
  });
  engine.tables.update('cliente_contrato', 1, { status_velocidade: 'R' });
  const line = engine.tables.find('vd_contratos_produtos', (r) => r.id_contrato !== '0')[0];
  if (line) engine.tables.update('vd_contratos_produtos', line.id as string, { qtde: 2 });
  await watcher.pollOnce();
  clock.advance(60_000);
  const idle = await timed();
  clock.advance(60_000);
  const table = change === 'sva' ? 'sva_usuarios' : 'cliente_contrato';
  const total = engine.tables.count(table);
  for (let i = 0; i < changes; i++) {
    const id = 1 + Math.floor((i * total) / changes);
    if (change === 'sva') {
      const row = engine.tables.get('sva_usuarios', id);
      engine.tables.update('sva_usuarios', id, {
        status_integracao: row?.status_integracao === 'B' ? 'A' : 'B',
      });
    } else {
      const row = engine.tables.get('cliente_contrato', id);
      engine.tables.update('cliente_contrato', id, {
        status_internet: row?.status_internet === 'CM' ? 'A' : 'CM',
      });
    }
  }
  clock.advance(1_000);
  const changed = await timed();
  await store.close();
  return {
    label,
    rows: total,
    baselineRequests: baseline.requests,
    baselineMs: baseline.ms,
    idleRequests: idle.requests,
    idleMs: idle.ms,
    changes,
    changedRequests: changed.requests,
    changedMs: changed.ms,
    events: changed.events,
  };
}

const f = (ms: number) => `${Math.round(ms)} ms`;
function table(title: string, rows: Row[]): void {
  console.log(`\n### ${title}\n`);
  console.log(
    '| setup | rows | baseline req | baseline time | idle poll req | idle poll time | changes | poll req | poll time | events |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    console.log(
      `| ${r.label} | ${r.rows} | ${r.baselineRequests} | ${f(r.baselineMs)} | ${r.idleRequests} | ${f(r.idleMs)} | ${r.changes} | ${r.changedRequests} | ${f(r.changedMs)} | ${r.events} |`,
    );
  }
}

/** A full reconciliation of ~100 000 contracts (and their customers, lines and accounts). */
export async function reconciliation(clientes: number) {
  const HOUR = 3_600_000;
  const { engine, client, clock } = generatedIxc(clientes);
  const now = clock.now;
  const store = await openStore(':memory:', { now });
  const watcher = new IxcWatcher({
    client,
    store,
    tenant: 'm',
    now,
    reconcileEveryMs: HOUR,
    reconcilePagesPerPoll: 1_000_000,
  });
  await watcher.pollOnce();
  clock.advance(HOUR + 1);
  engine.clearRequests();
  globalThis.gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  let peak = heap0;
  // What the reconciliation holds, not the garbage V8 has yet to collect: after a GC every
  // 20 requests (with --expose-gc).
  let peakLive = heap0;
  let tapped = 0;
  // Sampled at each IXC request: the simulator answers without yielding to timers.
  const sampler = engine.faults.add({
    tap: () => {
      peak = Math.max(peak, process.memoryUsage().heapUsed);
      if (globalThis.gc && ++tapped % 20 === 0) {
        globalThis.gc();
        peakLive = Math.max(peakLive, process.memoryUsage().heapUsed);
      }
    },
  });
  const start = performance.now();
  const r = await watcher.pollOnce();
  const ms = performance.now() - start;
  sampler.remove();
  const contracts = engine.tables.count('cliente_contrato');
  console.log(`\n### Full reconciliation, ${contracts} contracts\n`);
  console.log('| reconciled | IXC requests | time | heap before | peak heap during | peak live |');
  console.log('|---|---:|---:|---:|---:|---:|');
  const mb = (b: number) => `${Math.round(b / 1e6)} MB`;
  console.log(
    `| ${r.reconciled} | ${engine.requests.length} | ${f(ms)} | ${mb(heap0)} | ${mb(peak)} | ${mb(peakLive)} |`,
  );
  await store.close();
  return {
    contracts,
    reconciled: r.reconciled,
    requests: engine.requests.length,
    ms,
    heap0,
    peak,
    peakLive,
  };
}

// Run as a script only; the benchmarks import the functions above.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  if (process.env.MEASURE === 'reconcile') {
    await reconciliation(77_000);
    process.exit(0);
  }

  const sva: Row[] = [];
  for (const [accounts, clientes] of [
    [10_000, 7_200],
    [100_000, 72_000],
  ] as const) {
    for (const mode of ['snapshot', 'ixc_logs'] as const) {
      sva.push(
        await measure(`sva ${mode}, ~${accounts / 1000}k accounts`, clientes, mode, 'sva', 100),
      );
    }
  }
  table('SVA accounts: snapshot walk vs ixc_logs (100 changed accounts)', sva);

  const contracts: Row[] = [];
  for (const [n, clientes] of [
    [1_000, 770],
    [100_000, 77_000],
  ] as const) {
    contracts.push(await measure(`~${n / 1000}k contracts`, clientes, 'ixc_logs', 'contrato', 50));
  }
  table('Contracts: cost of a poll at two table sizes (50 changed contracts)', contracts);
}
