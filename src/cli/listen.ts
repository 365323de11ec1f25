/**
 * `ixc-campsoft listen`: a local webhook receiver, like `stripe listen`. It verifies each
 * delivery (Standard Webhooks signature and timestamp), answers 204 (401 when it does not
 * verify), and prints one line per event, marking repeats of an id already seen.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { WebhookVerificationError } from '../webhooks/errors.js';
import { generateSecret } from '../webhooks/signing.js';
import { verifyWebhook } from '../webhooks/verify.js';
import { CliUsageError as UsageError } from './options.js';

/** The help text of `listen`. */
export const LISTEN_USAGE = `Usage: ixc-campsoft listen [--port <n>] [--host <addr>] [--secret <whsec_…>] [--json]

Receives webhooks locally, verifies each signature and prints one line per event.
Point an endpoint at http://127.0.0.1:<port>/ (CAMPSOFT_WEBHOOK_URL with serve).

  --port     port to listen on (default 4242; 0 picks a free one)
  --host     address to bind (default 127.0.0.1)
  --secret   the endpoint's secret (default CAMPSOFT_WEBHOOK_SECRET, else a new one is made
             and printed, to give to serve as CAMPSOFT_WEBHOOK_SECRET)
  --json     print each verified body as one JSON line instead of a summary`;

/** A resolved `listen` configuration. */
export interface ListenConfig {
  port: number;
  host: string;
  secret: string;
  /** True when the secret was made here (so it is printed). */
  generated: boolean;
  json: boolean;
}

/**
 * Read `listen` flags and environment.
 *
 * @throws {UsageError} for unknown flags or a bad port.
 * @example
 * ```ts
 * readListenConfig(['--port', '0'], process.env).port; // 0
 * ```
 */
export function readListenConfig(args: string[], env: NodeJS.ProcessEnv): ListenConfig {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        port: { type: 'string', short: 'p' },
        host: { type: 'string' },
        secret: { type: 'string' },
        json: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const rawPort = (values.port as string | undefined) ?? '4242';
  if (!/^\d{1,5}$/.test(rawPort) || Number(rawPort) > 65535) {
    throw new UsageError(`Invalid port "${rawPort}": use 0–65535`);
  }
  const given = (values.secret as string | undefined) ?? env.CAMPSOFT_WEBHOOK_SECRET?.trim();
  return {
    port: Number(rawPort),
    host: (values.host as string | undefined) ?? '127.0.0.1',
    secret: given || generateSecret(),
    generated: !given,
    json: values.json === true,
  };
}

/** One printed line for a verified event. */
export function describeEvent(id: string, payload: unknown, duplicate: boolean): string {
  const p = (payload ?? {}) as {
    type?: string;
    timestamp?: string;
    data?: Record<string, unknown>;
  };
  const d = p.data ?? {};
  const ids = ['tenant', 'clienteId', 'contratoId', 'contaSvaId']
    .filter((k) => d[k] !== undefined && d[k] !== null)
    .map((k) => `${k}=${String(d[k])}`);
  const change =
    d.field !== undefined
      ? ` ${String(d.field)}: ${JSON.stringify(d.previous ?? null)} → ${JSON.stringify(d.current ?? null)}`
      : '';
  const seq = d.sequence !== undefined ? ` seq=${String(d.sequence)}` : '';
  const when = (p.timestamp ?? new Date().toISOString()).replace('T', ' ').replace(/\.\d+Z$/, 'Z');
  return `${when}  ${p.type ?? '(no type)'}  ${id}  ${ids.join(' ')}${change}${seq}${duplicate ? '  (duplicate)' : ''}`;
}

/** A running receiver. */
export interface Listener {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/** Options of {@link startListener}. */
export interface ListenerOptions {
  port: number;
  host: string;
  secret: string;
  json?: boolean;
  /** Where event lines go (default stdout). */
  out?: (line: string) => void;
  /** Where rejections go (default stderr). */
  err?: (line: string) => void;
  now?: () => number;
}

const MAX_BODY = 1024 * 1024;

async function readBody(req: IncomingMessage): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * Start the receiver.
 *
 * @example
 * ```ts
 * const listener = await startListener({ port: 0, host: '127.0.0.1', secret });
 * console.log(listener.url);
 * ```
 */
export async function startListener(options: ListenerOptions): Promise<Listener> {
  const out = options.out ?? ((line: string) => process.stdout.write(`${line}\n`));
  const err = options.err ?? ((line: string) => process.stderr.write(`${line}\n`));
  const seen = new Set<string>();
  const server = createServer(async (req, res) => {
    if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'POST' }).end();
      return;
    }
    const body = await readBody(req).catch(() => null);
    if (!body) {
      res.writeHead(413).end();
      return;
    }
    try {
      const verified = verifyWebhook(body, req.headers, options.secret, {
        ...(options.now && { now: options.now }),
      });
      const duplicate = seen.has(verified.id);
      seen.add(verified.id);
      if (seen.size > 100_000) seen.delete(seen.values().next().value as string);
      out(
        options.json
          ? body.toString('utf8')
          : describeEvent(verified.id, verified.payload, duplicate),
      );
      res.writeHead(204).end();
    } catch (error) {
      const reason = error instanceof WebhookVerificationError ? error.reason : 'invalid_body';
      err(`rejected ${String(req.headers['webhook-id'] ?? '(no id)')}: ${reason}`);
      res.writeHead(error instanceof WebhookVerificationError ? 401 : 400, {
        'content-type': 'text/plain',
      });
      res.end(reason);
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}/`,
    server,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Run `ixc-campsoft listen` until SIGINT/SIGTERM.
 *
 * @example
 * ```ts
 * await runListen(['--port', '4242'], process.env);
 * ```
 */
export async function runListen(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${LISTEN_USAGE}\n`);
    return 0;
  }
  const config = readListenConfig(args, env);
  const listener = await startListener(config);
  const lines = [`ixc-campsoft: listening for webhooks at ${listener.url}`];
  if (config.generated) {
    lines.push(
      `Secret (new): ${config.secret}`,
      `  run serve with CAMPSOFT_WEBHOOK_URL=${listener.url} CAMPSOFT_WEBHOOK_SECRET=${config.secret}`,
    );
  } else {
    lines.push('Verifying with the given secret.');
  }
  process.stderr.write(`${lines.join('\n')}\n`);
  const stop = () => void listener.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return -1;
}
