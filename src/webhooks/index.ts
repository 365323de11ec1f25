/**
 * `ixc-campsoft/webhooks`: status webhooks for IXC. Change detection (the watcher), the store
 * (SQLite or PostgreSQL), delivery (the dispatcher, Standard Webhooks signatures, SSRF
 * guard), the management service, and `verifyWebhook` for receivers.
 *
 * @example
 * ```ts
 * import { openStore, WebhookDispatcher, WebhookService } from 'ixc-campsoft/webhooks';
 * const store = await openStore('campsoft.db');
 * const dispatcher = new WebhookDispatcher({ store });
 * const service = new WebhookService({ store, dispatcher });
 * const { secret } = await service.createEndpoint({ url: 'https://hooks.campsoft.com.br/ixc' });
 * dispatcher.start();
 * ```
 *
 * @packageDocumentation
 * @module ixc-campsoft/webhooks
 */
export * from '../store/index.js';
export {
  type ClienteDetailsLookup,
  type ClienteDetailsOptions,
  clienteDetailsLookup,
} from './delivery/cliente-details.js';
export {
  type DispatchEvent,
  type DispatcherMetrics,
  type DispatcherOptions,
  type RunResult,
  WebhookDispatcher,
} from './delivery/dispatcher.js';
export { endpointDisabledEvent } from './delivery/operational.js';
export {
  DEFAULT_DISABLE_AFTER_MS,
  DEFAULT_RETRY_AFTER_CAP_MS,
  DEFAULT_SCHEDULE,
  parseRetryAfter,
  retryDelay,
} from './delivery/schedule.js';
export {
  assertDeliverableUrl,
  isForbiddenAddress,
  MAX_URL_LENGTH,
  type Resolver,
} from './delivery/ssrf.js';
export * from './detect/index.js';
export {
  WebhookDestinationError,
  WebhookInputError,
  WebhookNotFoundError,
  WebhookVerificationError,
  type WebhookVerificationReason,
} from './errors.js';
export * from './events.js';
export * from './schemas.js';
export {
  OPERATIONAL_EVENT_TYPES,
  type ServiceContext,
  WebhookService,
  type WebhookServiceOptions,
} from './service.js';
export {
  decodeSecret,
  generateSecret,
  type SignInput,
  sign,
  signatureHeaders,
} from './signing.js';
export {
  type VerifiedWebhook,
  type VerifyOptions,
  verifyWebhook,
  type WebhookHeaders,
} from './verify.js';
export type { DeliveryView, EndpointView, StatsView, SummaryView } from './views.js';
