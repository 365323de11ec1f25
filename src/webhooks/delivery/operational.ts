/**
 * Operational events about the webhooks themselves (`webhook.*`). They go only to endpoints
 * that subscribe to them by name (`webhook.endpoint_disabled` or `webhook.*`), never to `*`.
 *
 * @packageDocumentation
 */
import type { EndpointRecord, OutboxEvent } from '../../store/types.js';

/** Tenant recorded for events about endpoints that serve every tenant. */
export const ALL_TENANTS = '*';

/**
 * `webhook.endpoint_disabled`: an endpoint was switched off (410 Gone, or failing 5 days).
 *
 * @example
 * ```ts
 * endpointDisabledEvent(endpoint, 'gone', Date.now()).type; // 'webhook.endpoint_disabled'
 * ```
 */
export function endpointDisabledEvent(
  endpoint: EndpointRecord,
  reason: 'gone' | 'failing',
  at: number,
): OutboxEvent {
  const type = 'webhook.endpoint_disabled';
  const tenant = endpoint.tenant ?? ALL_TENANTS;
  return {
    id: `evt_op_${endpoint.id}_${at}`,
    tenant,
    type,
    payload: {
      type,
      timestamp: new Date(at).toISOString(),
      data: {
        tenant,
        endpointId: endpoint.id,
        url: endpoint.url,
        reason,
        failingSince:
          endpoint.failingSince === null ? null : new Date(endpoint.failingSince).toISOString(),
        disabledAt: new Date(at).toISOString(),
      },
    },
  };
}
