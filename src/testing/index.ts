/**
 * `ixc-campsoft/testing`: a faithful in-memory IXC Provedor for tests, demos and load runs.
 * The msw face lives in `ixc-campsoft/testing/msw` so this entry never loads msw.
 *
 * @packageDocumentation
 */

export { CAMPSOFT_INTEGRATION_ID } from './datasets/catalogue';
export { DEMO_CONTRACT_WITH_OWN_LINES, demoDataset } from './datasets/demo';
export { formatCnpj, formatCpf, isValidCpfCnpj } from './datasets/documents';
export { type GenerateDatasetOptions, generateDataset } from './datasets/generate';
export { IxcDatasetSchema, loadDataset } from './datasets/load';
export type { IxcDataset, IxcDatasetRow } from './datasets/types';
export { createIxcEngine, DEMO_TOKEN } from './engine/engine';
export type { LatencySpec } from './engine/random';
export { mulberry32 } from './engine/random';
export { countRounds, type IxcRequestKind, type IxcRequestLogEntry } from './engine/request-log';
export { IXC_HTML_ERROR, IXC_JSON_TYPE } from './engine/responses';
export {
  type ColumnKind,
  IXC_TABLE_NAMES,
  type IxcTableName,
  TABLE_DEFS,
  type TableDef,
} from './engine/schema';
export { IxcDatasetError } from './engine/seed';
export type {
  IxcEngine,
  IxcEngineOptions,
  IxcHttpRequest,
  IxcHttpResponse,
  IxcRow,
  IxcRowInput,
  IxcTables,
  IxcTableWriteOptions,
} from './engine/types';
export type {
  FaultHandle,
  FaultRequestInfo,
  FaultRule,
  IxcFaults,
  SocketFault,
  TrickleSpec,
} from './faults/types';
export { type IxcSimulator, type IxcSimulatorOptions, startIxcSimulator } from './server';
