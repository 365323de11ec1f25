#!/usr/bin/env node
/**
 * The `ixc-campsoft` command. `ixc-campsoft serve` serves the Campsoft API for the ISPs of
 * a config file, the one IXC named by `IXC_URL`/`IXC_TOKEN`, or, with neither, the
 * built-in simulator with the demo dataset. Exit codes: 0 after a clean stop, 1 when it
 * could not start or run, 2 for a usage or configuration mistake.
 *
 * @packageDocumentation
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { banner } from './cli/banner.js';
import { resolveServeConfig, type ServeConfig } from './cli/config.js';
import { CliConfigError } from './cli/config-file.js';
import { runListen } from './cli/listen.js';
import { createLogger } from './cli/log.js';
import { CliOptions, CliUsageError, usage } from './cli/options.js';
import { startService } from './cli/serve.js';

const write = (text: string) => process.stderr.write(text);

/** The package's version, from the nearest package.json above this file (dist/ or src/). */
function version(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'ixc-campsoft' && pkg.version) return pkg.version;
    }
    if (dirname(dir) === dir) return 'unknown';
  }
}

function summary(config: ServeConfig): string {
  const where = config.source.kind === 'file' ? config.source.path : config.source.kind;
  return [
    `ixc-campsoft: configuration OK (${where})`,
    `  tenants: ${config.tenants.map((t) => t.id).join(', ') || '(demo simulator)'}`,
    `  API keys: ${config.apiKeys.map((k) => `${k.name} [${k.scopes.join(' ')}] → ${k.tenants === '*' ? '*' : k.tenants.join(',')}`).join('; ') || '(none)'}`,
    `  webhook endpoints: ${config.webhooks?.endpoints.length ?? 0}, store: ${config.store ?? '(default)'}`,
    '',
  ].join('\n');
}

async function serve(args: string[]): Promise<number> {
  const options = CliOptions.parse(args, process.env);
  if (options.bool('help')) {
    process.stdout.write(`${usage()}\n`);
    return 0;
  }
  if (options.bool('version')) {
    process.stdout.write(`${version()}\n`);
    return 0;
  }
  const config = resolveServeConfig(options);
  if (config.checkOnly) {
    write(summary(config));
    return 0;
  }
  const log = createLogger({ format: config.logFormat, level: config.logLevel });
  const service = await startService(config, log);

  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      write(`ixc-campsoft: ${signal} again, exiting now\n`);
      process.exit(signal === 'SIGINT' ? 130 : 143);
    }
    stopping = true;
    const grace = config.gracePeriodMs;
    write(
      `ixc-campsoft: ${signal}, finishing ${service.inFlight()} request(s) in flight (up to ${grace / 1000} s; send it again to exit now)\n`,
    );
    service.shutdown(grace).then((clean) => {
      if (!clean) log.warn({ graceMs: grace }, 'grace period over: closed the connections left');
      log.info({ signal }, 'stopped');
      process.exit(0);
    });
  };
  // Before the banner: whoever reads it may signal at once.
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  write(banner(config, service));
  log.info({ url: service.apiUrl, tenants: config.tenants.length || 1 }, 'listening');
  return -1;
}

function explain(error: unknown): [string, number] {
  if (error instanceof CliUsageError)
    return [`${error.message} (see ixc-campsoft serve --help)`, 2];
  if (error instanceof CliConfigError) return [error.problems.join('\nixc-campsoft: '), 2];
  const e = error as { name?: string; message?: string; code?: string; port?: number };
  if (e.code === 'EADDRINUSE') {
    return [
      `port ${e.port ?? ''} is already in use: choose another with --port <n> or PORT=<n> (0 picks a free port)`.replace(
        'port  is',
        'the port is',
      ),
      1,
    ];
  }
  if (e.code === 'EACCES') {
    return [
      `cannot listen on port ${e.port}: permission denied; use a port above 1023 with --port`,
      1,
    ];
  }
  return [`${e.name && e.name !== 'Error' ? `${e.name}: ` : ''}${e.message ?? String(error)}`, 1];
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === '--version' || command === '-v') {
    process.stdout.write(`${version()}\n`);
    return 0;
  }
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(`${usage()}\n`);
    return command === undefined ? 2 : 0;
  }
  if (command === 'serve') return serve(rest);
  if (command === 'listen') return runListen(rest, process.env);
  throw new CliUsageError(`Unknown command "${command}": use serve or listen`);
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (error: unknown) => {
    const [message, code] = explain(error);
    write(`ixc-campsoft: ${message}\n`);
    process.exitCode = code;
  },
);
