/**
 * `ixc-campsoft/testing`: a faithful in-memory IXC Provedor for tests, demos and load runs:
 * the protocol, the write rules, IXC's buttons, its scheduled jobs on a clock tests drive,
 * seeded operator activity and fault injection. See docs/simulator.md. The msw face lives in
 * `ixc-campsoft/testing/msw` so this entry never loads msw.
 *
 * @packageDocumentation
 */

export type { IxcActivity, IxcActivityEvent, IxcActivityOptions } from './actions/activity.js';
export type { IxcButtonName, IxcButtons } from './actions/buttons.js';
export type { IxcJobReport } from './actions/jobs.js';
export { CAMPSOFT_INTEGRATION_ID } from './datasets/catalogue.js';
export { DEMO_CONTRACT_WITH_OWN_LINES, demoDataset } from './datasets/demo.js';
export { formatCnpj, formatCpf } from './datasets/documents.js';
export { type GenerateDatasetOptions, generateDataset } from './datasets/generate.js';
export { loadDataset } from './datasets/load.js';
export type { IxcDataset, IxcDatasetRow } from './datasets/types.js';
export type { IxcChange } from './engine/database.js';
export { createIxcEngine, DEMO_TOKEN } from './engine/engine.js';
export { mulberry32 } from './engine/random.js';
export { countRounds, type IxcRequestLogEntry } from './engine/request-log.js';
export { IXC_HTML_ERROR } from './engine/responses.js';
export type { IxcTableName } from './engine/schema/index.js';
export { IxcDatasetError } from './engine/seed.js';
export type { IxcEngine, IxcEngineOptions, IxcRow, IxcTables } from './engine/types.js';
export type { FaultHandle, FaultRule } from './faults/types.js';
export { type IxcSimulator, type IxcSimulatorOptions, startIxcSimulator } from './server.js';
