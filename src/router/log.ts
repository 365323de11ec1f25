/**
 * One log line per request, in pino's `(obj, msg)` shape. Lines carry the route template,
 * never the concrete path or query, and an error's name and message, never the data that
 * was being read: the router's logs hold no personal data.
 */
import { isIxcCampsoftError } from '../errors.js';
import type { RouterLogger } from './types.js';

/** The facts of one request. */
export interface RequestLine {
  requestId: string;
  /** The operation id of the route (`getCliente`); `undefined` for a 405. */
  operation: string | undefined;
  /** The caller's key name (never the key); `undefined` before authentication. */
  keyName: string | undefined;
  tenant: string | undefined;
  method: string;
  route: string;
  status: number;
  durationMs: number;
}

/** Logs a request: `info` when it went as expected, `warn` for IXC failures, `error` for bugs. */
export function logRequest(logger: RouterLogger, line: RequestLine, error: unknown): void {
  if (error === undefined) {
    logger.info(line, 'campsoft request');
    return;
  }
  const err = error as { name?: unknown; message?: unknown; stack?: unknown } | null;
  // The package's own errors are expected outcomes of talking to IXC; anything else is a bug.
  const known = isIxcCampsoftError(error);
  const detail = {
    name: err?.name,
    message: err?.message,
    ...(known ? {} : { stack: err?.stack }),
  };
  if (known) logger.warn({ ...line, err: detail }, 'campsoft request failed');
  else logger.error({ ...line, err: detail }, 'campsoft request failed');
}
