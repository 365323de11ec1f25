/**
 * One delivery attempt as the dispatcher makes it: the customer's details added when the
 * endpoint opted in, the body signed with every active secret, then sent.
 *
 * @packageDocumentation
 */
import type { Agent } from 'undici';
import type { ClaimedDelivery } from '../../store/types.js';
import { signatureHeaders } from '../signing.js';
import { bodyWithCliente, type ClienteDetailsLookup } from './cliente-details.js';
import { type SendResult, sendAttempt } from './send.js';
import { activeSecrets } from './types.js';

/** What {@link attemptDelivery} needs besides the delivery. */
export interface AttemptContext {
  now: () => number;
  /** The SSRF-guarded agent, or the open one for `allowInsecure` endpoints. */
  agents: { guarded: Agent; open: Agent };
  timeoutMs: number;
  maxResponseBytes: number;
  clienteDetails: ClienteDetailsLookup | undefined;
}

/**
 * Sign and send one claimed delivery. Never throws: a failure to read the customer's details
 * is a failed attempt (retried on the schedule), not a delivery without them.
 *
 * @example
 * ```ts
 * const result = await attemptDelivery(claimed, { now: Date.now, agents, timeoutMs: 15_000, maxResponseBytes: 1024, clienteDetails: undefined });
 * ```
 */
export async function attemptDelivery(
  d: ClaimedDelivery,
  ctx: AttemptContext,
): Promise<SendResult> {
  let body = d.body;
  if (d.endpoint.includeCliente) {
    try {
      body = await bodyWithCliente(d.body, ctx.clienteDetails);
    } catch (error) {
      const reason = (error as Error).message ?? String(error);
      return {
        statusCode: null,
        error: `customer details could not be read: ${reason}`,
        durationMs: 0,
        retryAfter: undefined,
      };
    }
  }
  const now = ctx.now();
  const headers = signatureHeaders({
    id: d.eventId,
    timestampSec: Math.floor(now / 1000),
    body,
    secrets: activeSecrets(d.endpoint.secrets, now),
  });
  return sendAttempt({
    url: d.endpoint.url,
    allowInsecure: d.endpoint.allowInsecure,
    headers,
    body,
    agent: d.endpoint.allowInsecure ? ctx.agents.open : ctx.agents.guarded,
    timeoutMs: ctx.timeoutMs,
    maxResponseBytes: ctx.maxResponseBytes,
  });
}
