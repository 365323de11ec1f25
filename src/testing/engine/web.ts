import type { SocketFault } from '../faults/types.js';
import { sleep } from './random.js';
import type { IxcHttpResponse } from './types.js';

/** Marker for "the connection died before any header": the face turns it into a network error. */
export const NETWORK_ERROR = Symbol('ixc-network-error');

function bodyStream(
  bytes: Uint8Array<ArrayBuffer>,
  fault: SocketFault | undefined,
  signal?: AbortSignal,
): BodyInit {
  if (fault === undefined) return bytes;
  const half = bytes.slice(0, Math.floor(bytes.length / 2));
  if (fault.type === 'truncate') return half;
  if (fault.type === 'reset') {
    return new ReadableStream<Uint8Array<ArrayBuffer>>({
      start(controller) {
        controller.enqueue(half);
        controller.error(new TypeError('terminated'));
      },
    });
  }
  if (fault.type === 'trickle') {
    let offset = 0;
    return new ReadableStream<Uint8Array<ArrayBuffer>>({
      async pull(controller) {
        if (offset >= bytes.length) {
          controller.close();
          return;
        }
        if (offset > 0) await sleep(fault.everyMs, signal);
        controller.enqueue(bytes.slice(offset, offset + fault.bytes));
        offset += fault.bytes;
      },
    });
  }
  return bytes;
}

/** Signals of hung requests, kept alive until they abort. */
const HANGING = new Set<AbortSignal>();

/**
 * Turns a core answer into a WHATWG `Response`, approximating socket faults: a reset before
 * headers becomes {@link NETWORK_ERROR}, a hang waits until `signal` aborts (forever without
 * one), a mid-body reset errors the body stream, trickle streams slowly, truncate cuts the body.
 */
export async function toWebResponse(
  res: IxcHttpResponse,
  signal?: AbortSignal,
): Promise<Response | typeof NETWORK_ERROR> {
  if (res.fault?.type === 'hang') {
    await new Promise<never>((_, reject) => {
      // The caller may have given up while the request was being handled: a listener added
      // now would never fire.
      if (!signal || signal.aborted) {
        if (signal) reject(signal.reason);
        return;
      }
      // Nothing else holds a hung request's signal: a signal built by AbortSignal.any (as ky
      // builds it) could be collected before its source aborts, and the hang would never end.
      HANGING.add(signal);
      signal.addEventListener(
        'abort',
        () => {
          HANGING.delete(signal);
          reject(signal.reason);
        },
        { once: true },
      );
    });
  }
  if (res.fault?.type === 'reset' && res.fault.when === 'before-headers') return NETWORK_ERROR;
  const bytes =
    res.binary === true
      ? Uint8Array.from(res.body, (ch) => ch.charCodeAt(0))
      : new TextEncoder().encode(res.body);
  const headers = new Headers(res.headers);
  if (res.fault === undefined) headers.set('content-length', String(bytes.length));
  return new Response(bodyStream(bytes, res.fault, signal), { status: res.status, headers });
}
