/**
 * Carries out a plan, one write at a time, never resending one. When a write's answer is
 * lost, or IXC refuses it, the row is read back (by id, or by its natural key for an insert)
 * to learn whether IXC applied it; the run goes on if it did and stops with
 * {@link SvaWriteError} otherwise, saying exactly which writes were applied.
 */
import {
  IxcAbortError,
  isIxcWriteRejectedError,
  isIxcWriteUnknownError,
  SvaWriteError,
} from '../../errors.js';
import type { IxcFilter } from '../../ixc/query.js';
import type { IxcWriter } from '../../ixc/write.js';
import type { IxcOperation } from '../../schemas/domain/sva.js';
import type { ReadContext, Reader } from '../reader.js';
import { type PlannedStep, report } from './plan.js';
import { SvaContaFullRow } from './rows.js';

/** What a run needs. */
export interface RunContext {
  reader: Reader;
  writer: IxcWriter;
  clienteId: number;
  /** The call's options and trace: reads follow them; writes take its signal, timeout, headers. */
  read: ReadContext;
}

/** A finished run: the operations made, and the id of each step's row. */
export interface RunResult {
  operations: IxcOperation[];
  ids: number[];
  /** The steps with their references resolved, as sent. */
  sent: PlannedStep[];
}

const REF = /^\$(\d+)$/;

function resolve(
  values: Record<string, string> | undefined,
  ids: readonly number[],
): Record<string, string> | undefined {
  if (!values) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(values)) {
    const m = REF.exec(v);
    out[k] = m ? String(ids[Number(m[1])]) : v;
  }
  return out;
}

/** Resolves a step's `"$<n>"` references with the ids of the steps already made. */
export function resolveStep(step: PlannedStep, ids: readonly number[]): PlannedStep {
  const out: PlannedStep = { ...step };
  const body = resolve(step.body, ids);
  const key = resolve(step.key, ids);
  const expect = resolve(step.expect, ids);
  if (body) out.body = body;
  if (key) out.key = key;
  if (expect) out.expect = expect;
  return out;
}

/** Runs `steps` in order. @throws {SvaWriteError} when a step fails. */
export async function runSteps(ctx: RunContext, steps: readonly PlannedStep[]): Promise<RunResult> {
  const operations: IxcOperation[] = [];
  const ids: number[] = [];
  const sent: PlannedStep[] = [];
  for (let i = 0; i < steps.length; i++) {
    const step = resolveStep(steps[i]!, ids);
    const fail = (applied: 'no' | 'unknown', cause: unknown): never => {
      throw new SvaWriteError({
        clienteId: ctx.clienteId,
        done: operations,
        failed: report(step),
        pending: steps.slice(i + 1).map((s) => report(s)),
        applied,
        cause,
      });
    };
    const signal = ctx.read.call.signal;
    if (signal?.aborted) fail('no', new IxcAbortError({}, { cause: signal.reason }));
    let id: number;
    let result: 'done' | 'recovered' = 'done';
    try {
      id = await write(ctx, step);
    } catch (error) {
      // A lost answer must be checked; so is a refusal, which IXC has been seen to send after
      // applying the write. Anything else (not sent, aborted before sending) was not applied.
      const doubt = isIxcWriteUnknownError(error);
      if (!doubt && !isIxcWriteRejectedError(error)) return fail('no', error);
      let found: number | null;
      try {
        found = await recover(ctx, step);
      } catch {
        return fail(doubt ? 'unknown' : 'no', error);
      }
      if (found === null) return fail('no', error);
      id = found;
      result = 'recovered';
    }
    ids.push(id);
    sent.push(step);
    operations.push(report(step, step.method === 'POST' ? { result, ixcId: id } : { result }));
  }
  return { operations, ids, sent };
}

async function write(ctx: RunContext, step: PlannedStep): Promise<number> {
  // Writes are never retried: maxRetries does not apply.
  const { signal, timeout, headers } = ctx.read.call;
  const options = { signal, timeout, headers };
  if (step.method === 'POST') {
    return (await ctx.writer.insert(step.table, step.body ?? {}, options)).id;
  }
  const id = step.id!;
  if (step.method === 'PUT') await ctx.writer.update(step.table, id, step.body ?? {}, options);
  else await ctx.writer.remove(step.table, id, options);
  return id;
}

/**
 * After a lost answer: the id of the row when the write is found applied, else null. An
 * insert is found by its natural key (the planner saw no such row, so one now is ours); a
 * PUT by its expected columns; a DELETE by the row being gone.
 */
async function recover(ctx: RunContext, step: PlannedStep): Promise<number | null> {
  if (step.method === 'POST') {
    const filters: IxcFilter[] = Object.entries(step.key ?? {}).map(([column, value]) => ({
      column,
      value,
    }));
    const rows = await ctx.reader.all(step.table, SvaContaFullRow, filters, ctx.read);
    const last = rows.map((r) => Number(r.id)).sort((a, b) => b - a)[0];
    return last ?? null;
  }
  const row = await readRow(ctx.reader, step.table, step.id!, ctx.read);
  if (step.method === 'DELETE') return row ? null : step.id!;
  if (!row) return null;
  return mismatches(row, step.expect ?? {}).length === 0 ? step.id! : null;
}

/** One full row by id, or undefined. */
export async function readRow(
  reader: Reader,
  table: string,
  id: number,
  ctx: ReadContext,
): Promise<SvaContaFullRow | undefined> {
  const { rows } = await reader.page(
    table,
    SvaContaFullRow,
    {
      filters: [{ column: 'id', value: id }],
      rp: 1,
    },
    ctx,
  );
  return rows[0];
}

/** Columns of `expect` whose stored value differs (ids compared as numbers). */
export function mismatches(row: Record<string, string>, expect: Record<string, string>): string[] {
  return Object.entries(expect)
    .filter(([column, value]) => !same(row[column] ?? '', value))
    .map(([column]) => column);
}

function same(stored: string, written: string): boolean {
  const a = stored.trim();
  const b = written.trim();
  if (a === b) return true;
  return /^-?\d+(\.\d+)?$/.test(a) && /^-?\d+(\.\d+)?$/.test(b) && Number(a) === Number(b);
}
