/**
 * Endpoint records.
 *
 * @packageDocumentation
 */
import type { EndpointPatch, EndpointRecord, NewEndpoint } from '../types.js';
import { placeholders, type SqlDatabase, type SqlExecutor, type SqlValue } from './executor.js';
import { type EndpointRow, newId, toEndpoint } from './rows.js';

export async function createEndpoint(
  db: SqlExecutor,
  at: number,
  input: NewEndpoint,
): Promise<EndpointRecord> {
  const record: EndpointRecord = {
    id: input.id ?? newId('ep'),
    tenant: input.tenant ?? null,
    url: input.url,
    eventTypes: [...input.eventTypes],
    description: input.description ?? '',
    enabled: input.enabled ?? true,
    disabledReason: null,
    secrets: [{ secret: input.secret, createdAt: at, expiresAt: null }],
    allowInsecure: input.allowInsecure ?? false,
    includeCliente: input.includeCliente ?? false,
    failingSince: null,
    createdAt: at,
    updatedAt: at,
  };
  await db.run(
    `INSERT INTO campsoft_endpoints (id, tenant, url, event_types, description, enabled,
       disabled_reason, secrets, allow_insecure, include_cliente, failing_since, created_at,
       updated_at)
     VALUES ${placeholders(13)}`,
    [
      record.id,
      record.tenant,
      record.url,
      JSON.stringify(record.eventTypes),
      record.description,
      record.enabled,
      null,
      JSON.stringify(record.secrets),
      record.allowInsecure,
      record.includeCliente,
      null,
      at,
      at,
    ],
  );
  return record;
}

export async function getEndpoint(db: SqlExecutor, id: string): Promise<EndpointRecord | null> {
  const rows = await db.query<EndpointRow>('SELECT * FROM campsoft_endpoints WHERE id = ?', [id]);
  return rows[0] ? toEndpoint(rows[0]) : null;
}

export async function listEndpoints(
  db: SqlExecutor,
  filter: { tenant?: string; enabled?: boolean } = {},
): Promise<EndpointRecord[]> {
  const where: string[] = [];
  const params: SqlValue[] = [];
  if (filter.tenant !== undefined) {
    where.push('(tenant = ? OR tenant IS NULL)');
    params.push(filter.tenant);
  }
  if (filter.enabled !== undefined) {
    where.push('enabled = ?');
    params.push(filter.enabled);
  }
  const rows = await db.query<EndpointRow>(
    `SELECT * FROM campsoft_endpoints ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY created_at, id`,
    params,
  );
  return rows.map(toEndpoint);
}

const COLUMN: Record<keyof EndpointPatch, string> = {
  url: 'url',
  eventTypes: 'event_types',
  description: 'description',
  enabled: 'enabled',
  disabledReason: 'disabled_reason',
  secrets: 'secrets',
  allowInsecure: 'allow_insecure',
  includeCliente: 'include_cliente',
  failingSince: 'failing_since',
};

export async function updateEndpoint(
  db: SqlDatabase,
  at: number,
  id: string,
  patch: EndpointPatch,
): Promise<EndpointRecord | null> {
  const sets: string[] = [];
  const params: SqlValue[] = [];
  for (const [key, column] of Object.entries(COLUMN) as [keyof EndpointPatch, string][]) {
    const value = patch[key];
    if (value === undefined) continue;
    sets.push(`${column} = ?`);
    params.push(Array.isArray(value) ? JSON.stringify(value) : (value as SqlValue));
  }
  // Enabling again clears the reason and the failure clock unless the patch sets them.
  if (patch.enabled === true) {
    if (patch.disabledReason === undefined) sets.push('disabled_reason = NULL');
    if (patch.failingSince === undefined) sets.push('failing_since = NULL');
  }
  sets.push('updated_at = ?');
  params.push(at, id);
  const n = await db.run(`UPDATE campsoft_endpoints SET ${sets.join(', ')} WHERE id = ?`, params);
  return n === 0 ? null : getEndpoint(db, id);
}

export function deleteEndpoint(db: SqlDatabase, id: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    await tx.run('DELETE FROM campsoft_attempts WHERE endpoint_id = ?', [id]);
    await tx.run('DELETE FROM campsoft_deliveries WHERE endpoint_id = ?', [id]);
    return (await tx.run('DELETE FROM campsoft_endpoints WHERE id = ?', [id])) === 1;
  });
}
