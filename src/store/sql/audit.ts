/**
 * Audit records: appended, listed newest first.
 *
 * @packageDocumentation
 */
import type { AuditEntry, AuditPage, JsonObject, NewAuditRecord } from '../types.js';
import type { SqlExecutor, SqlValue } from './executor.js';
import { parseJson } from './rows.js';

interface AuditRow {
  id: number;
  at: number;
  tenant: string;
  api_key_name: string;
  action: string;
  record: string;
}

const toEntry = (r: AuditRow): AuditEntry => ({
  id: Number(r.id),
  at: Number(r.at),
  tenant: r.tenant,
  apiKeyName: r.api_key_name,
  action: r.action,
  record: parseJson<JsonObject>(r.record),
});

export async function appendAudit(
  db: SqlExecutor,
  at: number,
  input: NewAuditRecord,
): Promise<AuditEntry> {
  const rows = await db.query<AuditRow>(
    `INSERT INTO campsoft_audit (at, tenant, api_key_name, action, record) VALUES (?, ?, ?, ?, ?)
     RETURNING id, at, tenant, api_key_name, action, record`,
    [input.at ?? at, input.tenant, input.apiKeyName, input.action, JSON.stringify(input.record)],
  );
  return toEntry(rows[0]!);
}

export async function listAudit(
  db: SqlExecutor,
  options: { tenant?: string; page?: number; pageSize?: number } = {},
): Promise<AuditPage> {
  const page = Math.max(1, Math.floor(options.page ?? 1));
  const pageSize = Math.max(1, Math.min(Math.floor(options.pageSize ?? 50), 500));
  const where = options.tenant === undefined ? '' : 'WHERE tenant = ?';
  const params: SqlValue[] = options.tenant === undefined ? [] : [options.tenant];
  const [count] = await db.query<{ n: number }>(
    `SELECT COUNT(*) AS n FROM campsoft_audit ${where}`,
    params,
  );
  const rows = await db.query<AuditRow>(
    `SELECT id, at, tenant, api_key_name, action, record FROM campsoft_audit ${where}
     ORDER BY id DESC LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`,
    params,
  );
  return { items: rows.map(toEntry), total: Number(count?.n ?? 0), page, pageSize };
}
