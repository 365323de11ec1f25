import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { IXC_TABLE_NAMES, isTableName, TABLE_DEFS } from '../engine/schema/index.js';
import { IxcDatasetError } from '../engine/seed.js';
import type { IxcDataset } from './types.js';

/** Shape of a dataset file: table → rows → column → string value. */
const IxcDatasetSchema = z.record(
  z.string(),
  z.array(
    z.record(
      z.string(),
      z.string({ error: 'every value must be a string (IXC sends only strings)' }),
    ),
  ),
);

/**
 * Loads and validates a dataset from an object, a JSON string or a path to a JSON file.
 * Errors name the table, row and column at fault (`IxcDatasetError`).
 *
 * @example
 * ```ts
 * const engine = createIxcEngine({ dataset: loadDataset('./fixtures/my-isp.json') });
 * ```
 */
export function loadDataset(source: unknown): IxcDataset {
  let data: unknown = source;
  if (typeof source === 'string') {
    const text = source.trimStart().startsWith('{') ? source : readDatasetFile(source);
    try {
      data = JSON.parse(text);
    } catch (error) {
      throw new IxcDatasetError(`Dataset is not valid JSON: ${(error as Error).message}`);
    }
  }
  const parsed = IxcDatasetSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path
      .map((p, i) => (i === 1 ? `[${String(p)}]` : i === 0 ? String(p) : `.${String(p)}`))
      .join('');
    throw new IxcDatasetError(
      `Invalid dataset at ${path || '(root)'}: ${issue?.message ?? 'invalid'}`,
    );
  }
  for (const [table, rows] of Object.entries(parsed.data)) {
    if (!isTableName(table)) {
      throw new IxcDatasetError(`Unknown table "${table}" (known: ${IXC_TABLE_NAMES.join(', ')})`);
    }
    const def = TABLE_DEFS[table];
    rows.forEach((row, i) => {
      for (const key of Object.keys(row)) {
        if (def.lookup.get(key.toLowerCase()) === undefined) {
          throw new IxcDatasetError(
            `Invalid dataset at ${table}[${i}].${key}: unknown column of ${table}`,
          );
        }
      }
    });
  }
  return parsed.data as IxcDataset;
}

function readDatasetFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new IxcDatasetError(`Cannot read dataset file ${path}: ${(error as Error).message}`);
  }
}
