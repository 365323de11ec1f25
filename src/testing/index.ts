/**
 * `ixc-campsoft/testing`: a faithful in-memory IXC Provedor for tests, demos and load runs:
 * the protocol, the write rules, IXC's buttons, its scheduled jobs on a clock tests drive,
 * seeded operator activity and fault injection. See docs/simulator.md. The msw face lives in
 * `ixc-campsoft/testing/msw` so this entry never loads msw.
 *
 * @packageDocumentation
 * @module ixc-campsoft/testing
 */

export type {
  IxcActivity,
  IxcActivityAction,
  IxcActivityEvent,
  IxcActivityOptions,
  IxcActivityRun,
} from './actions/activity.js';
export type {
  IxcBoletoAnswer,
  IxcButtonAnswer,
  IxcButtonName,
  IxcButtonOptions,
  IxcButtons,
  IxcId,
} from './actions/buttons.js';
export type { ButtonParams as IxcButtonParams, IxcJobsOptions } from './actions/context.js';
export type { IxcJobReport, RunJobsOptions as IxcRunJobsOptions } from './actions/jobs.js';
export type { ReceberInput as IxcReceberInput } from './actions/other-buttons.js';
export { CAMPSOFT_INTEGRATION_ID } from './datasets/catalogue.js';
export { DEMO_CONTRACT_WITH_OWN_LINES, demoDataset } from './datasets/demo.js';
export { formatCnpj, formatCpf } from './datasets/documents.js';
export { type GenerateDatasetOptions, generateDataset } from './datasets/generate.js';
export { loadDataset } from './datasets/load.js';
export type { IxcDataset, IxcDatasetRow } from './datasets/types.js';
export type { IxcClock, IxcEngineClock } from './engine/clock.js';
export type { AuditActor as IxcAuditActor, IxcChange } from './engine/database.js';
export { createIxcEngine, DEMO_TOKEN } from './engine/engine.js';
export { type LatencySpec, mulberry32 } from './engine/random.js';
export {
  countRounds,
  type IxcRequestKind,
  type IxcRequestLogEntry,
} from './engine/request-log.js';
export { IXC_HTML_ERROR } from './engine/responses.js';
export type { IxcTableName } from './engine/schema/index.js';
export { IxcDatasetError } from './engine/seed.js';
export type {
  IxcEngine,
  IxcEngineOptions,
  IxcHttpRequest,
  IxcHttpResponse,
  IxcRow,
  IxcRowInput,
  IxcTables,
  IxcTableWriteOptions,
} from './engine/types.js';
export type { SvaDeletePolicy } from './engine/writes.js';
export type {
  FaultHandle,
  FaultRequestInfo,
  FaultRule,
  IxcFaults,
  SocketFault,
  TrickleSpec,
} from './faults/types.js';
export { type IxcSimulator, type IxcSimulatorOptions, startIxcSimulator } from './server.js';
