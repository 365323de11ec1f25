/** Shared set-up of the SVA tests: a simulator over HTTP on the demo dataset, and probes. */

import type { SvaClientOptions } from '../../../src/client/svas/index.js';
import { IxcCampsoftClient, type IxcCampsoftClientOptions } from '../../../src/index.js';
import {
  type IxcSimulator,
  type IxcSimulatorOptions,
  startIxcSimulator,
} from '../../../src/testing/index.js';

/** A running simulator and a client pointed at it. */
export interface SvaHarness {
  sim: IxcSimulator;
  client: IxcCampsoftClient;
  /** Another client on the same simulator, with other options. */
  clientWith(options?: Partial<IxcCampsoftClientOptions> & SvaClientOptions): IxcCampsoftClient;
}

/** Starts the simulator (demo dataset) and a client with fast retries. */
export async function startHarness(options: IxcSimulatorOptions = {}): Promise<SvaHarness> {
  const sim = await startIxcSimulator(options);
  const clientWith = (extra: Partial<IxcCampsoftClientOptions> & SvaClientOptions = {}) =>
    new IxcCampsoftClient({
      baseUrl: sim.url,
      token: sim.token,
      retry: { baseDelay: 1, maxDelay: 2 },
      ...extra,
    });
  return { sim, client: clientWith(), clientWith };
}

/** The writes the simulator received since the log was last cleared. */
export function writes(sim: IxcSimulator) {
  return sim.engine.requests
    .filter((r) => r.kind === 'insert' || r.kind === 'update' || r.kind === 'delete')
    .map((r) => `${r.method} ${r.table}${r.id ? ` ${r.id}` : ''}`);
}

/** Everything an SVA change can touch, to compare before and after. */
export function snapshot(sim: IxcSimulator) {
  const t = sim.engine.tables;
  return {
    linhas: t.rows('vd_contratos_produtos'),
    contas: t.rows('sva_usuarios'),
    logs: t.rows('ixc_logs'),
  };
}

/** The contract's own lines of a product. */
export function linhasDe(sim: IxcSimulator, contratoId: number, produtoId: number) {
  return sim.engine.tables.find(
    'vd_contratos_produtos',
    (r) => r.id_contrato === String(contratoId) && r.id_produto === String(produtoId),
  );
}

/** The accounts of a contract. */
export function contasDe(sim: IxcSimulator, contratoId: number) {
  return sim.engine.tables.find('sva_usuarios', (r) => r.id_contrato === String(contratoId));
}

/** Gives customer 1 another 19 active contracts, each with 5 SVA lines and accounts. */
export function growCustomer1(sim: IxcSimulator): void {
  const t = sim.engine.tables;
  for (let i = 0; i < 19; i++) {
    const contrato = t.insert('cliente_contrato', {
      id_cliente: 1,
      id_vd_contrato: 1,
      contrato: 'Fibra 300 Mega',
      tipo: 'I',
      status: 'A',
      status_internet: 'A',
    });
    for (let p = 10; p < 15; p++) {
      const linha = t.insert('vd_contratos_produtos', {
        tipo: 'SVA',
        id_contrato: contrato.id!,
        id_produto: p,
        qtde: 1,
        valor_unit: '5.00',
      });
      t.insert('sva_usuarios', {
        id_contrato: contrato.id!,
        id_integracao: 1,
        id_produto_contrato: linha.id!,
        status_integracao: 'A',
        user: 'maria.aparecida@exemplo.com.br',
      });
    }
  }
}
