/**
 * One HTTP attempt: POST the signed body, never follow a redirect, stop at the deadline, read
 * at most a few bytes of the answer (only the status matters).
 *
 * @packageDocumentation
 */
import { performance } from 'node:perf_hooks';
import { type Agent, request } from 'undici';
import { assertDeliverableUrl } from './ssrf.js';

/** What one attempt came to. */
export interface SendResult {
  /** `null` when no answer arrived (refused, timed out, guard). */
  statusCode: number | null;
  /** Short reason when not 2xx. */
  error: string | null;
  durationMs: number;
  /** `Retry-After` header, when the receiver sent one. */
  retryAfter: string | undefined;
}

/** Input of {@link sendAttempt}. */
export interface SendInput {
  url: string;
  allowInsecure: boolean;
  headers: Record<string, string>;
  body: string;
  agent: Agent;
  timeoutMs: number;
  maxResponseBytes: number;
}

/** How long the answer's body may take once the status line arrived. */
const BODY_GRACE_MS = 1000;

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function describe(error: unknown, timedOut: boolean): string {
  if (timedOut) return 'timeout';
  const e = error as {
    code?: string;
    message?: string;
    cause?: { code?: string; message?: string };
  };
  const code = e.cause?.code ?? e.code;
  const message = e.cause?.message ?? e.message ?? String(error);
  return code && !message.includes(code) ? `${code}: ${message}` : message;
}

/**
 * Send one attempt. Never throws: every failure is a result.
 *
 * @example
 * ```ts
 * const r = await sendAttempt({ url, allowInsecure: false, headers, body, agent, timeoutMs: 15_000, maxResponseBytes: 1024 });
 * if (r.statusCode !== null && r.statusCode < 300) console.log('delivered');
 * ```
 */
export async function sendAttempt(input: SendInput): Promise<SendResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, input.timeoutMs);
  try {
    const url = assertDeliverableUrl(input.url, { allowInsecure: input.allowInsecure });
    const response = await request(url, {
      method: 'POST',
      headers: { ...input.headers, 'user-agent': 'ixc-campsoft-webhooks' },
      body: input.body,
      dispatcher: input.agent,
      signal: controller.signal,
      headersTimeout: input.timeoutMs,
      bodyTimeout: input.timeoutMs,
    });
    const status = response.statusCode;
    // The status is in: the body only gets a short while more (a slow body holds no slot).
    clearTimeout(timer);
    const bodyTimer = setTimeout(() => response.body.destroy(), BODY_GRACE_MS);
    const retryAfter = firstHeader(response.headers['retry-after']);
    if (status >= 200 && status < 300) {
      // Nothing to read from a success: drain it in the background (so the connection is
      // reused), at most the cap, and answer now.
      response.body
        .dump({ limit: input.maxResponseBytes })
        .catch(() => undefined)
        .finally(() => clearTimeout(bodyTimer));
      return { statusCode: status, error: null, durationMs: elapsed(), retryAfter };
    }
    const snippet = await readCapped(response.body, input.maxResponseBytes);
    clearTimeout(bodyTimer);
    let error = `HTTP ${status}`;
    if (status >= 300 && status < 400) {
      const location = firstHeader(response.headers.location);
      error += `: redirect${location ? ` to ${location.slice(0, 200)}` : ''} not followed`;
    } else if (snippet) {
      error += `: ${snippet.slice(0, 200)}`;
    }
    return { statusCode: status, error, durationMs: elapsed(), retryAfter };
  } catch (error) {
    return {
      statusCode: null,
      error: describe(error, timedOut),
      durationMs: elapsed(),
      retryAfter: undefined,
    };
  } finally {
    clearTimeout(timer);
  }
}

/** Read at most `cap` bytes, then drop the rest; a slow or broken body is not an error. */
async function readCapped(body: AsyncIterable<Buffer> & { destroy(): void }, cap: number) {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body) {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= cap) break;
    }
  } catch {
    // The status is what counts; a body cut short by the deadline changes nothing.
  } finally {
    body.destroy();
  }
  return Buffer.concat(chunks).subarray(0, cap).toString('utf8').replace(/\s+/g, ' ').trim();
}
