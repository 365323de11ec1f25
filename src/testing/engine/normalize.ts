import { scalarToString } from './query.js';
import type { ColumnKind, TableDef } from './schema/index.js';

const INT = /^-?\d+$/;
const DECIMAL = /^-?\d+(?:\.\d+)?$/;
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/;
const BR = /^(\d{2})\/(\d{2})\/(\d{4})(?: (\d{2}):(\d{2})(?::(\d{2}))?)?$/;

type Normalized = { ok: true; value: string } | { ok: false; message: string };

const DECIMALS: Partial<Record<ColumnKind, number>> = { money2: 2, money9: 9, dec5: 5 };

function dateParts(value: string): [string, string, string, string, string, string] | undefined {
  let m = ISO.exec(value);
  if (m !== null)
    return [m[1] ?? '', m[2] ?? '', m[3] ?? '', m[4] ?? '00', m[5] ?? '00', m[6] ?? '00'];
  m = BR.exec(value);
  if (m !== null)
    return [m[3] ?? '', m[2] ?? '', m[1] ?? '', m[4] ?? '00', m[5] ?? '00', m[6] ?? '00'];
  return undefined;
}

function plausibleDate(y: string, mo: string, d: string): boolean {
  if (y === '0000' && mo === '00' && d === '00') return true;
  const month = Number(mo);
  const day = Number(d);
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

/**
 * Converts a written value to what IXC stores and reads back: dates arrive as `DD/MM/YYYY`
 * (IXC's write format) or ISO and read back as ISO; decimals read back with the column's
 * precision; empty values become the column's empty value.
 */
export function normalizeValue(kind: ColumnKind, column: string, raw: string): Normalized {
  const value = raw.trim();
  switch (kind) {
    case 'text':
      return { ok: true, value: raw };
    case 'int':
      if (value === '') return { ok: true, value: '0' };
      if (!INT.test(value)) return { ok: false, message: `O campo ${column} deve ser numérico!` };
      return { ok: true, value: String(Number(value)) };
    case 'money2':
    case 'money9':
    case 'dec5': {
      const places = DECIMALS[kind] ?? 2;
      if (value === '') return { ok: true, value: (0).toFixed(places) };
      const dotted = value.includes(',') ? value.replace(/\./g, '').replace(',', '.') : value;
      if (!DECIMAL.test(dotted))
        return { ok: false, message: `O campo ${column} deve ser numérico!` };
      return { ok: true, value: Number(dotted).toFixed(places) };
    }
    case 'date':
    case 'datetime': {
      if (value === '')
        return { ok: true, value: kind === 'date' ? '0000-00-00' : '0000-00-00 00:00:00' };
      const p = dateParts(value);
      if (p === undefined || !plausibleDate(p[0], p[1], p[2])) {
        return { ok: false, message: `Data inválida no campo ${column}!` };
      }
      const day = `${p[0]}-${p[1]}-${p[2]}`;
      return { ok: true, value: kind === 'date' ? day : `${day} ${p[3]}:${p[4]}:${p[5]}` };
    }
  }
}

/** Outcome of {@link normalizeRecord}. */
export type NormalizedRecord =
  | { ok: true; fields: Record<string, string> }
  | { ok: false; message: string };

/**
 * Maps a written body onto the table's columns. Unknown and read-only keys are dropped
 * silently, as IXC does; keys match columns case-insensitively (`ativo` writes `Ativo`).
 */
export function normalizeRecord(
  def: TableDef,
  input: Readonly<Record<string, unknown>>,
  keep: ReadonlySet<string> = new Set(),
): NormalizedRecord {
  const fields: Record<string, string> = {};
  for (const [key, rawValue] of Object.entries(input)) {
    const column = def.lookup.get(key.toLowerCase());
    if (column === undefined || (def.readOnly.has(column) && !keep.has(column))) continue;
    const raw = scalarToString(rawValue);
    if (raw === undefined) return { ok: false, message: `Valor inválido no campo ${column}!` };
    const kind = def.kinds.get(column) ?? 'text';
    const normalized = normalizeValue(kind, column, raw);
    if (!normalized.ok) return normalized;
    fields[column] = normalized.value;
  }
  return { ok: true, fields };
}
