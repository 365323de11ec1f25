/**
 * One HTTP attempt: POST the signed body, never follow a redirect, stop at the deadline, read
 * at most a few bytes of the answer (only the status matters).
 *
 * It is written on undici's dispatch API rather than `request()`: an attempt needs no
 * response stream, no AbortController and no async resource, and those were most of the
 * sender's cost per delivery. The handler is undici's documented `DispatchHandlers` contract.
 *
 * @packageDocumentation
 */
import { performance } from 'node:perf_hooks';
import type { Agent, Dispatcher } from 'undici';
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
const USER_AGENT = 'ixc-campsoft-webhooks';

interface Target {
  origin: string;
  path: string;
}

/** Endpoint URLs already checked: there are few, and every attempt would parse one again. */
const targets = new Map<string, Target>();
const TARGETS_KEPT = 1000;

function targetOf(url: string, allowInsecure: boolean): Target {
  const key = `${allowInsecure ? '1' : '0'}${url}`;
  let target = targets.get(key);
  if (!target) {
    const parsed = assertDeliverableUrl(url, { allowInsecure });
    target = { origin: parsed.origin, path: `${parsed.pathname}${parsed.search}` };
    if (targets.size >= TARGETS_KEPT) targets.clear();
    targets.set(key, target);
  }
  return target;
}

function describe(error: unknown): string {
  const e = error as {
    code?: string;
    message?: string;
    cause?: { code?: string; message?: string };
  };
  const code = e.cause?.code ?? e.code;
  const message = e.cause?.message ?? e.message ?? String(error);
  return code && !message.includes(code) ? `${code}: ${message}` : message;
}

const ABORTED = new Error('attempt over');

/**
 * One attempt's undici handler. It settles at the status line for a 2xx (the rest of the
 * body is drained, up to the cap, so the connection is reused), and otherwise once it has
 * the first `cap` bytes of the body, the body ended, or the grace after the status passed.
 */
class AttemptHandler implements Dispatcher.DispatchHandlers {
  readonly #resolve: (result: SendResult) => void;
  readonly #started = performance.now();
  readonly #cap: number;
  #timer: NodeJS.Timeout | null;
  #abort: ((error?: Error) => void) | null = null;
  #settled = false;
  /** The attempt is over: the connection is dropped as soon as undici lets us. */
  #aborting = false;
  #status = 0;
  #retryAfter: string | undefined;
  #location: string | undefined;
  #chunks: Buffer[] = [];
  #size = 0;

  constructor(resolve: (result: SendResult) => void, timeoutMs: number, cap: number) {
    this.#resolve = resolve;
    this.#cap = cap;
    this.#timer = setTimeout(() => this.#timeout(), timeoutMs);
  }

  #elapsed(): number {
    return Math.round(performance.now() - this.#started);
  }

  #settle(statusCode: number | null, error: string | null): void {
    if (this.#settled) return;
    this.#settled = true;
    this.#resolve({
      statusCode,
      error,
      durationMs: this.#elapsed(),
      retryAfter: statusCode === null ? undefined : this.#retryAfter,
    });
  }

  #clearTimer(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }

  #drop(): void {
    this.#clearTimer();
    this.#aborting = true;
    this.#abort?.(ABORTED);
  }

  #timeout(): void {
    this.#timer = null;
    if (this.#status === 0) this.#settle(null, 'timeout');
    else this.#settleWithBody();
    this.#drop();
  }

  #settleWithBody(): void {
    let error = `HTTP ${this.#status}`;
    if (this.#status >= 300 && this.#status < 400) {
      const location = this.#location;
      error += `: redirect${location ? ` to ${location.slice(0, 200)}` : ''} not followed`;
    } else {
      const snippet = Buffer.concat(this.#chunks)
        .subarray(0, this.#cap)
        .toString('utf8')
        .replace(/\s+/g, ' ')
        .trim();
      if (snippet) error += `: ${snippet.slice(0, 200)}`;
    }
    this.#settle(this.#status, error);
  }

  onConnect(abort: (error?: Error) => void): void {
    this.#abort = abort;
    // Timed out while waiting for a connection: drop the request before it is written.
    if (this.#aborting) abort(ABORTED);
  }

  onHeaders(statusCode: number, headers: Buffer[] | string[] | null): boolean {
    // An informational answer (103 Early Hints) comes before the real one.
    if (statusCode < 200) return true;
    this.#status = statusCode;
    if (headers) {
      for (let i = 0; i + 1 < headers.length; i += 2) {
        const name = String(headers[i]).toLowerCase();
        if (name === 'retry-after') this.#retryAfter ??= String(headers[i + 1]);
        else if (name === 'location') this.#location ??= String(headers[i + 1]);
      }
    }
    // The status is in: the body only gets a short while more (a slow body holds no slot).
    this.#clearTimer();
    this.#timer = setTimeout(() => this.#timeout(), BODY_GRACE_MS);
    if (statusCode >= 200 && statusCode < 300) this.#settle(statusCode, null);
    return true;
  }

  onData(chunk: Buffer): boolean {
    if (this.#aborting) return false;
    this.#size += chunk.length;
    if (!this.#settled) this.#chunks.push(chunk);
    if (this.#size >= this.#cap) {
      // Enough read: what follows is not worth the connection.
      if (!this.#settled) this.#settleWithBody();
      this.#drop();
      return false;
    }
    return true;
  }

  onComplete(): void {
    this.#clearTimer();
    if (!this.#settled) this.#settleWithBody();
  }

  onError(error: Error): void {
    this.#clearTimer();
    if (this.#settled) return;
    if (this.#status !== 0) this.#settleWithBody();
    else this.#settle(null, describe(error));
  }
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
export function sendAttempt(input: SendInput): Promise<SendResult> {
  return new Promise((resolve) => {
    let target: Target;
    try {
      target = targetOf(input.url, input.allowInsecure);
    } catch (error) {
      resolve({ statusCode: null, error: describe(error), durationMs: 0, retryAfter: undefined });
      return;
    }
    const handler = new AttemptHandler(resolve, input.timeoutMs, input.maxResponseBytes);
    // undici takes headers as a flat name, value list: no object copied per attempt.
    const headers = ['user-agent', USER_AGENT];
    for (const name in input.headers) headers.push(name, input.headers[name]!);
    try {
      input.agent.dispatch(
        {
          origin: target.origin,
          path: target.path,
          method: 'POST',
          headers,
          body: input.body,
          headersTimeout: input.timeoutMs,
          bodyTimeout: input.timeoutMs,
        },
        handler,
      );
    } catch (error) {
      handler.onError(error as Error);
    }
  });
}
