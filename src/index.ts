/**
 * ixc-campsoft: a typed, validated client for the IXC Provedor webservice as Campsoft uses
 * it: the client, its pages, the domain types and their zod schemas, the errors and their
 * guards, and CPF/CNPJ helpers. The router lives at `ixc-campsoft/router`, the IXC simulator
 * at `ixc-campsoft/testing`.
 *
 * @packageDocumentation
 * @module ixc-campsoft
 */

export { type CallOptions, IxcCampsoftClient, type QueryOptions } from './client/client.js';
export type { ListClientesPorPlanoOptions, StatusContratoFiltro } from './client/clientes.js';
export { type FindClientesQuery, MAX_FIND_REQUESTS } from './client/find-clientes.js';
export { type IxcCampsoftClientOptions, MAX_PAGE_SIZE } from './client/options.js';
export { Page, type PageInfo, type PageOptions, PagePromise } from './client/page.js';
export type { ListPlanosOptions } from './client/planos.js';
export {
  IxcPromise,
  type IxcRequestInfo,
  type IxcResponseInfo,
  type WithResponse,
} from './client/response.js';
export {
  KeyedMutex,
  type ListSvasOptions,
  processSvaLock,
  type SvaAnswer,
  type SvaCallOptions,
  type SvaClientOptions,
  type SvaLock,
} from './client/svas/index.js';
export {
  IxcAbortError,
  IxcApiError,
  type IxcApiErrorInit,
  IxcAuthenticationError,
  IxcBadRequestError,
  IxcCampsoftError,
  IxcConfigurationError,
  IxcConnectionError,
  IxcDataError,
  type IxcErrorFormat,
  IxcInputError,
  IxcNotFoundError,
  IxcPermissionDeniedError,
  IxcQueueTimeoutError,
  IxcRateLimitError,
  type IxcRequestFacts,
  IxcServerError,
  IxcTimeoutError,
  IxcValidationError,
  type IxcValidationIssue,
  type IxcWriteDoubt,
  IxcWriteIgnoredError,
  IxcWriteRejectedError,
  IxcWriteUnknownError,
  isIxcAbortError,
  isIxcApiError,
  isIxcAuthenticationError,
  isIxcBadRequestError,
  isIxcCampsoftError,
  isIxcConfigurationError,
  isIxcConnectionError,
  isIxcDataError,
  isIxcInputError,
  isIxcNotFoundError,
  isIxcPermissionDeniedError,
  isIxcQueueTimeoutError,
  isIxcRateLimitError,
  isIxcServerError,
  isIxcTimeoutError,
  isIxcValidationError,
  isIxcWriteIgnoredError,
  isIxcWriteRejectedError,
  isIxcWriteUnknownError,
  isSvaAccountCancelledError,
  isSvaAccountNotFoundError,
  isSvaContractAmbiguousError,
  isSvaContractCancelledError,
  isSvaContractNotFoundError,
  isSvaError,
  isSvaProductNotSvaError,
  isSvaWriteError,
  SvaAccountCancelledError,
  SvaAccountNotFoundError,
  SvaContractAmbiguousError,
  SvaContractCancelledError,
  SvaContractNotFoundError,
  SvaError,
  SvaProductNotSvaError,
  type SvaProductProblem,
  SvaWriteError,
  type SvaWriteErrorInit,
} from './errors.js';
export type { IxcFilter, IxcOperator, IxcSort, IxcValue } from './ixc/query.js';
export { DEFAULT_RETRY, type RetryPolicy } from './ixc/retry.js';
export type { IxcLogger, IxcRequestLog, IxcTlsOptions } from './ixc/transport.js';
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
