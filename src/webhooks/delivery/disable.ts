/**
 * Switching an endpoint off (410 Gone, or failing for 5 days): once per endpoint even when
 * several of its attempts come back at once, with a log line and the operational event
 * `webhook.endpoint_disabled` to the endpoints that subscribe to it.
 *
 * @packageDocumentation
 */
import type { CampsoftStore } from '../../store/types.js';
import { endpointDisabledEvent } from './operational.js';

/** Why an endpoint was disabled. */
export type DisableReason = 'gone' | 'failing';

/** Input of {@link disableEndpoint}. */
export interface DisableInput {
  store: CampsoftStore;
  endpointId: string;
  reason: DisableReason;
  now: () => number;
  log: (line: string) => void;
}

/**
 * Disable the endpoint unless it already is; `false` when there was nothing to do.
 *
 * @example
 * ```ts
 * if (await disableEndpoint({ store, endpointId, reason: 'gone', now: Date.now, log })) metrics.disabled++;
 * ```
 */
export async function disableEndpoint(input: DisableInput): Promise<boolean> {
  const { store, endpointId, reason } = input;
  const endpoint = await store.getEndpoint(endpointId);
  if (!endpoint?.enabled) return false;
  await store.updateEndpoint(endpointId, { enabled: false, disabledReason: reason });
  input.log(
    `ixc-campsoft webhooks: endpoint ${endpointId} disabled (${
      reason === 'gone' ? 'the receiver answered 410 Gone' : 'failing for 5 days without a success'
    }); enable it again once ${endpoint.url} works`,
  );
  const others = (await store.listEndpoints({ enabled: true })).filter((e) =>
    e.eventTypes.some((t) => t === 'webhook.endpoint_disabled' || t === 'webhook.*'),
  );
  if (others.length > 0) {
    await store.emitEvents([endpointDisabledEvent(endpoint, reason, input.now())], {
      endpointIds: others.map((e) => e.id),
    });
  }
  return true;
}
