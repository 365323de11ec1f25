/**
 * ixc-campsoft: a typed, validated client for the IXC Provedor webservice as Campsoft uses
 * it. The router lives at `ixc-campsoft/router`, the IXC simulator at `ixc-campsoft/testing`.
 *
 * @packageDocumentation
 */

export { type CallOptions, IxcCampsoftClient, type QueryOptions } from './client/client.js';
export type { ListClientesPorPlanoOptions } from './client/clientes.js';
export type { IxcCampsoftClientOptions } from './client/options.js';
export { MAX_PAGE_SIZE } from './client/options.js';
export { Page, type PageInfo, PagePromise } from './client/page.js';
export type { ListPlanosOptions } from './client/planos.js';
export {
  KeyedMutex,
  type ListSvasOptions,
  processSvaLock,
  type SvaAnswer,
  type SvaCallOptions,
  type SvaClientOptions,
  type SvaLock,
} from './client/svas/index.js';
export * from './errors.js';
export {
  buildQuery,
  IXC_OPERATORS,
  type IxcFilter,
  type IxcOperator,
  type IxcQueryBody,
  type IxcQuerySpec,
  type IxcSort,
  type IxcValue,
} from './ixc/query.js';
export { DEFAULT_RETRY, type RetryPolicy } from './ixc/retry.js';
export type { IxcTlsOptions } from './ixc/transport.js';
export {
  type AtivarSvaInput,
  AtivarSvaInputSchema,
  type IxcOperation,
  IxcOperationSchema,
  type Sva,
  type SvaDryRun,
  SvaDryRunSchema,
  type SvaIntegracao,
  SvaIntegracaoSchema,
  type SvaOutcome,
  SvaOutcomeSchema,
  type SvaResult,
  SvaResultSchema,
  SvaSchema,
} from './schemas/domain/sva.js';
export * from './schemas/index.js';
