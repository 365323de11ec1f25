/**
 * `ixc-campsoft/testing`: a faithful in-memory IXC Provedor for tests, demos and load runs.
 * The msw face lives in `ixc-campsoft/testing/msw` so this entry never loads msw.
 *
 * @packageDocumentation
 */

export { CAMPSOFT_INTEGRATION_ID } from './datasets/catalogue.js';
export { DEMO_CONTRACT_WITH_OWN_LINES, demoDataset } from './datasets/demo.js';
export { formatCnpj, formatCpf, isValidCpfCnpj } from './datasets/documents.js';
export { type GenerateDatasetOptions, generateDataset } from './datasets/generate.js';
export { IxcDatasetSchema, loadDataset } from './datasets/load.js';
export type { IxcDataset, IxcDatasetRow } from './datasets/types.js';
export { createIxcEngine, DEMO_TOKEN } from './engine/engine.js';
export type { LatencySpec } from './engine/random.js';
export { mulberry32 } from './engine/random.js';
export { countRounds, type IxcRequestKind, type IxcRequestLogEntry } from './engine/request-log.js';
export { IXC_HTML_ERROR, IXC_JSON_TYPE } from './engine/responses.js';
export {
  type ColumnKind,
  IXC_TABLE_NAMES,
  type IxcTableName,
  TABLE_DEFS,
  type TableDef,
} from './engine/schema/index.js';
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
export type {
  FaultHandle,
  FaultRequestInfo,
  FaultRule,
  IxcFaults,
  SocketFault,
  TrickleSpec,
} from './faults/types.js';
export { type IxcSimulator, type IxcSimulatorOptions, startIxcSimulator } from './server.js';
