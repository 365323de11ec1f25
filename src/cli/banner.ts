/**
 * The lines `serve` prints at start (on stderr, so stdout holds only log lines): where the
 * API is, what it reads, and in demo mode keys and curl lines that work as printed.
 */
import { DEMO_API_KEY, DEMO_READ_KEY, type ServeConfig } from './config.js';
import type { RunningService } from './serve.js';

/**
 * The start banner.
 *
 * @example
 * ```ts
 * process.stderr.write(banner(config, service));
 * ```
 */
export function banner(config: ServeConfig, service: RunningService): string {
  const { apiUrl } = service;
  const lines = [`ixc-campsoft: serving the Campsoft API at ${apiUrl}`];
  const demo = config.source.kind === 'demo';
  if (demo) {
    lines.push(
      `IXC: built-in simulator with the demo dataset at ${service.simulatorUrl}`,
      '     (set IXC_URL, IXC_TOKEN and CAMPSOFT_API_KEYS, or --config, to serve a real IXC)',
    );
  } else if (config.source.kind === 'file') {
    lines.push(
      `Tenants: ${config.tenants.map((t) => t.id).join(', ')} (from ${config.source.path})`,
    );
  } else {
    lines.push(`IXC: ${config.tenants[0]?.url}`);
  }
  const failing = service.startChecks.filter((s) => !s.ok);
  if (failing.length > 0) {
    lines.push(`Not answering: ${failing.map((s) => `${s.tenant} (${s.reason})`).join('; ')}`);
  }
  const demoKeys = demo && config.apiKeys.some((k) => k.name === 'demo');
  if (config.noAuth) lines.push('Authentication: OFF (--no-auth)');
  else if (demoKeys) {
    lines.push(
      `API key (demo, every scope): ${DEMO_API_KEY}`,
      `API key (demo, read only):   ${DEMO_READ_KEY}`,
    );
  } else lines.push(`API keys: ${config.apiKeys.map((k) => k.name).join(', ')}`);
  const origin = service.url;
  if (config.console.enabled) lines.push(`Console: ${origin}/ (sign in with an API key)`);
  lines.push(...service.notes);
  lines.push(
    `OpenAPI: ${apiUrl}/openapi.json   Health: ${origin}/healthz, ${origin}/readyz${config.metrics ? `   Metrics: ${origin}/metrics` : ''}`,
    '',
    'Try:',
  );
  const auth = config.noAuth
    ? ''
    : `-H 'Authorization: Bearer ${demoKeys ? DEMO_API_KEY : '<your key>'}' `;
  const tenant = config.multiTenant ? `-H 'x-campsoft-tenant: ${config.tenants[0]?.id}' ` : '';
  for (const path of ['/planos', '/clientes/7', '/clientes/7/produtos']) {
    lines.push(`  curl ${auth}${tenant}${apiUrl}${path}`);
  }
  if (demo) {
    lines.push(
      '  # activate an SVA for customer 7 (needs the svas:write scope):',
      `  curl -X POST ${auth}-H 'Content-Type: application/json' -d '{"produtoId":12,"contratoId":8}' ${apiUrl}/clientes/7/svas`,
    );
  }
  return `${lines.join('\n')}\n`;
}
