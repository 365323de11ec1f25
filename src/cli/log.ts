/**
 * Logs of `serve`: pino, writing JSON lines to stdout, or on a terminal short human lines
 * made by a formatter of a few lines below. pino-pretty would bring a dozen packages and a
 * worker thread to the start of every `npx ixc-campsoft serve`; the pretty lines only need
 * time, level, message and a few fields. pino's `redact` is a second fence: the lines are
 * built from route templates, key names and counts, and carry no key, token or customer
 * data in the first place.
 */
import { type DestinationStream, type Logger, pino } from 'pino';
import type { RouterLogger } from '../router/types.js';
import type { ServeMetrics } from './metrics.js';
import { currentFacts } from './observe.js';

/** Fields pino blanks should they ever reach a line. */
const REDACT = [
  'token',
  'secret',
  'authorization',
  'headers.authorization',
  'headers["x-api-key"]',
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  '*.token',
  '*.secret',
];

const LEVELS: Record<number, string> = {
  10: 'trace',
  20: 'debug',
  30: 'info',
  40: 'warn',
  50: 'error',
  60: 'fatal',
};
const SKIP = new Set(['level', 'levelName', 'time', 'msg', 'pid', 'hostname']);

/** One JSON line as a human line: `12:00:01 info GET /api/v1/planos 200 3.1ms key=portal`. */
export function prettyLine(json: string): string {
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(json);
  } catch {
    return json;
  }
  const time = new Date(Number(o.time)).toISOString().slice(11, 19);
  const level = LEVELS[Number(o.level)] ?? String(o.level);
  let head = String(o.msg ?? '');
  if (o.route) {
    head = `${o.method} ${o.route} ${o.status} ${o.durationMs}ms`;
  }
  const rest = Object.entries(o)
    .filter(
      ([k]) =>
        !SKIP.has(k) && !(o.route && ['method', 'route', 'status', 'durationMs'].includes(k)),
    )
    .map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`);
  return `${time} ${level.padEnd(5)} ${head}${rest.length ? `  ${rest.join(' ')}` : ''}\n`;
}

/**
 * Creates the logger.
 *
 * @example
 * ```ts
 * const log = createLogger({ format: 'json', level: 'info' });
 * log.info({ tenant: 'isp1' }, 'tenant ready');
 * ```
 */
export function createLogger(options: {
  format: 'json' | 'pretty';
  level: string;
  destination?: DestinationStream;
}): Logger {
  const out = options.destination ?? pino.destination({ dest: 1, sync: true });
  const stream: DestinationStream =
    options.format === 'pretty' ? { write: (line: string) => out.write(prettyLine(line)) } : out;
  return pino(
    {
      level: options.level,
      base: undefined,
      redact: { paths: REDACT, censor: '[redacted]' },
      formatters: { level: (label, number) => ({ level: number, levelName: label }) },
    },
    stream,
  );
}

/**
 * The router's logger: each request line gains the API key's name and what the request
 * cost at IXC, and feeds the HTTP metrics.
 */
export function routerLogger(log: Logger, metrics: ServeMetrics | undefined): RouterLogger {
  const enrich = (obj: object) => {
    const line = obj as Record<string, unknown>;
    const facts = currentFacts();
    if (line.route && metrics) {
      const labels = { route: String(line.route), method: String(line.method) };
      metrics.httpRequests.inc({ ...labels, status: String(line.status) });
      metrics.httpDuration.observe(labels, Number(line.durationMs) / 1000);
    }
    if (!facts) return line;
    return {
      ...line,
      keyName: facts.principal?.name,
      ixcRequests: facts.ixcRequests,
      ixcMs: Math.round(facts.ixcMs * 10) / 10,
    };
  };
  return {
    info: (obj, msg) => log.info(enrich(obj), msg),
    warn: (obj, msg) => log.warn(enrich(obj), msg),
    error: (obj, msg) => log.error(enrich(obj), msg),
  };
}
