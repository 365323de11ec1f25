/**
 * `npx tsx test/bench/router-core-run.ts [--quick]`: only the in-process part of the router
 * figure (no sockets, no child processes), for iterating on the router's hot path. Set
 * `BENCH_ROUTER_BEFORE=<dir>` to run an earlier tree's router in the same rounds.
 */
import { section } from './report.js';
import { coreTable, routerCore } from './router-core.js';

const core = await routerCore(process.argv.includes('--quick'));
console.log(
  section({
    id: 'core',
    title: 'Router core',
    method: [],
    tables: [coreTable(core)],
    targets: [],
    headline: [],
  }),
);
process.exit(0);
