#!/usr/bin/env node
/**
 * The `ixc-campsoft` command. `ixc-campsoft serve` serves the Campsoft API: against the IXC
 * named by `IXC_URL`/`IXC_TOKEN`, or, with neither, against the built-in simulator with the
 * demo dataset, printing a demo API key and curl lines that work as printed.
 *
 * @packageDocumentation
 */
import {
  DEMO_API_KEY,
  readServeConfig,
  type ServeConfig,
  USAGE,
  UsageError,
} from './cli/config.js';
import { runListen } from './cli/listen.js';
import { startService } from './cli/serve.js';

function banner(config: ServeConfig, apiUrl: string, simulatorUrl: string | null): string {
  const lines = [`ixc-campsoft: serving the Campsoft API at ${apiUrl}`];
  if (simulatorUrl) {
    lines.push(
      `IXC: built-in simulator with the demo dataset at ${simulatorUrl}`,
      '     (set IXC_URL, IXC_TOKEN and CAMPSOFT_API_KEYS to serve a real IXC)',
    );
  } else {
    lines.push(`IXC: ${config.ixc?.url}`);
  }
  const key = config.noAuth ? null : config.apiKeys.includes(DEMO_API_KEY) ? DEMO_API_KEY : null;
  if (config.noAuth) lines.push('Authentication: OFF (--no-auth)');
  else if (key) lines.push(`API key (demo): ${key}`);
  else lines.push(`API keys: ${config.apiKeys.length} from CAMPSOFT_API_KEYS`);
  lines.push(`OpenAPI: ${apiUrl}/openapi.json`, '', 'Try:');
  const auth = config.noAuth ? '' : `-H 'Authorization: Bearer ${key ?? '<your key>'}' `;
  for (const path of ['/planos', '/clientes/7', '/clientes/7/produtos']) {
    lines.push(`  curl ${auth}${apiUrl}${path}`);
  }
  return `${lines.join('\n')}\n`;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(`${USAGE}\n`);
    return command === undefined ? 2 : 0;
  }
  if (command === 'listen') return runListen(rest, process.env);
  if (command !== 'serve') throw new UsageError(`Unknown command "${command}"`);
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const config = readServeConfig(rest, process.env);
  const service = await startService(config);
  process.stdout.write(banner(config, service.apiUrl, service.simulatorUrl));
  const stop = (signal: string) => {
    process.stderr.write(`ixc-campsoft: ${signal}, stopping\n`);
    service.close().then(() => process.exit(0));
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  return -1;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`ixc-campsoft: ${error.message}\n\n${USAGE}\n`);
      process.exitCode = 2;
      return;
    }
    const e = error as { name?: string; message?: string; code?: string };
    // Client option errors name the option; listen errors carry a code such as EADDRINUSE.
    process.stderr.write(
      `ixc-campsoft: ${e.code ? `${e.code}: ` : ''}${e.message ?? String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
