/**
 * What one SVA change costs: IXC requests and sequential rounds per activation, block,
 * reactivation and cancel, for a customer with 1 contract and with 20 contracts carrying 5
 * SVAs each (the cost must not follow the customer's size), and the p50 wall time of each
 * change with IXC answering every request 50 ms late (the simulator over HTTP on loopback).
 */
import { IxcCampsoftClient } from '../../src/index.js';
import { countRounds, type IxcSimulator, startIxcSimulator } from '../../src/testing/index.js';
import { growCustomer1 } from '../client/svas/helpers.js';
import type { Figure, Section } from './report.js';

const STEPS = ['activation', 'unchanged', 'block', 'reactivation', 'cancel'] as const;
type Step = (typeof STEPS)[number];
type Cost = Record<Step, { requests: number; rounds: number; ms: number }>;

/** One cycle of the five changes on customer 1, contract 1, product 3. */
async function cycle(sim: IxcSimulator, client: IxcCampsoftClient): Promise<Cost> {
  const out = {} as Cost;
  let contaId = 0;
  const calls: Record<Step, () => Promise<unknown>> = {
    activation: async () => {
      contaId = (await client.ativarSva(1, { produtoId: 3, contratoId: 1 })).conta.id;
    },
    unchanged: () => client.ativarSva(1, { produtoId: 3, contratoId: 1 }),
    block: () => client.bloquearSva(1, contaId),
    reactivation: () => client.ativarSva(1, { produtoId: 3, contratoId: 1 }),
    cancel: () => client.cancelarSva(1, contaId),
  };
  for (const step of STEPS) {
    sim.engine.clearRequests();
    const t = performance.now();
    await calls[step]();
    out[step] = {
      ms: performance.now() - t,
      requests: sim.engine.requests.length,
      rounds: countRounds(sim.engine.requests),
    };
  }
  return out;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** The SVA figure of `npm run bench`. */
export const svas: Figure = async ({ quick }): Promise<Section> => {
  const sim = await startIxcSimulator({ latencyMs: 50 });
  try {
    const client = new IxcCampsoftClient({ baseUrl: sim.url, token: sim.token });
    const runs = quick ? 3 : 15;
    const small: Cost[] = [];
    for (let i = 0; i < runs; i++) {
      sim.engine.reset();
      small.push(await cycle(sim, client));
    }
    sim.engine.reset();
    growCustomer1(sim);
    const big = await cycle(sim, client);
    const flat = STEPS.every(
      (s) => big[s].requests === small[0]![s].requests && big[s].rounds === small[0]![s].rounds,
    );
    return {
      id: 'svas',
      title: 'SVA changes: IXC requests, rounds and time',
      method: [
        'Each change runs through `IxcCampsoftClient` against the simulator over HTTP on ' +
          'loopback, every IXC request answered 50 ms late. Requests and sequential rounds come ' +
          "from the simulator's request log; the p50 is over " +
          `${runs} cycles on a fresh demo dataset (customer 1, contract 1, product 3). The ` +
          'same cycle is then run for a customer with 20 contracts carrying 5 SVAs each.',
      ],
      tables: [
        {
          head: [
            'Change',
            'IXC requests',
            'Rounds',
            'Requests, 20 contracts',
            'Rounds, 20 contracts',
            'p50 at +50 ms',
          ],
          rows: STEPS.map((s) => [
            s,
            String(small[0]![s].requests),
            String(small[0]![s].rounds),
            String(big[s].requests),
            String(big[s].rounds),
            `${median(small.map((c) => c[s].ms)).toFixed(0)} ms`,
          ]),
        },
      ],
      targets: [
        {
          name: 'Cost flat in the customer’s contracts and products',
          target: 'same requests and rounds at 1 and 20 contracts',
          measured: flat ? 'same' : 'differs',
          ok: flat,
        },
      ],
      headline: [
        `SVA activation: ${small[0]!.activation.requests} IXC requests in ` +
          `${small[0]!.activation.rounds} rounds, p50 ${median(small.map((c) => c.activation.ms)).toFixed(0)} ms at +50 ms`,
      ],
    };
  } finally {
    await sim.close();
  }
};
