/**
 * The streams one poll runs, in order: customers, contracts, contract lines (each by
 * `ultima_atualizacao`, after a baseline walk on the first run), SVA accounts (by `ixc_logs`
 * or by a snapshot walk), the deletes IXC logged, then a due step of the full reconciliation.
 */
import type { Json } from '../../store/types.js';
import { pollDeleteLogs } from './delete-logs.js';
import { type IncrementalCursor, pollIncremental } from './incremental.js';
import type { DetectionRun } from './run.js';
import { CLIENTE_SPEC, CONTRATO_SPEC, LINHA_SPEC, SVA_SPEC, type TableSpec } from './specs.js';
import { latestLogId, pollSvaLogs } from './sva-logs.js';
import { walkTable } from './walk.js';
import type { WatcherSettings } from './watcher.js';

type Obj = Record<string, unknown>;
const obj = (v: Json | null): Obj | null =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : null;
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** Name of the reconciliation stream. */
export const RECONCILE_STREAM = 'reconcile';
const TIMESTAMPED = [CLIENTE_SPEC, CONTRATO_SPEC, LINHA_SPEC];

/** What the streams did in one poll. */
export interface StreamsOutcome {
  baselines: string[];
  reconciled: boolean;
}

async function newestUpdate(run: DetectionRun, spec: TableSpec): Promise<string | null> {
  const rows = await run.query(spec.table, [...spec.filters], {
    sort: { column: 'ultima_atualizacao', order: 'desc' },
    pageSize: 1,
  });
  const ts = rows[0]?.ultima_atualizacao;
  return ts && !ts.startsWith('0000') ? ts : null;
}

/** One timestamped table: baseline walk first, incremental polls after. */
async function timestamped(
  run: DetectionRun,
  spec: TableSpec,
  settings: WatcherSettings,
  stopping: () => boolean,
): Promise<boolean> {
  const { store, tenant } = run.settings;
  const cursor = obj(await store.getCursor(tenant, spec.table));
  const baseline = obj((cursor?.baseline as Json) ?? null);
  if (cursor === null || baseline) {
    // The watermark is read before the walk: rows changed during the walk are newer than it.
    const watermark = baseline ? str(baseline.watermark) : await newestUpdate(run, spec);
    const walk = await walkTable(run, spec, {
      stream: spec.table,
      afterId: num(baseline?.afterId),
      announceNew: settings.baselineEvents,
      cursor: (afterId): Json =>
        afterId === null ? { watermark } : { baseline: { afterId, watermark } },
      stopping,
    });
    if (!walk.done || stopping()) return true;
    await pollIncremental(run, spec, { watermark }, settings.overlapSeconds, stopping);
    return true;
  }
  const tie = obj((cursor.tie as Json) ?? null);
  const start: IncrementalCursor = { watermark: str(cursor.watermark) };
  if (tie && str(tie.at)) start.tie = { at: str(tie.at) as string, afterId: num(tie.afterId) };
  await pollIncremental(run, spec, start, settings.overlapSeconds, stopping);
  return false;
}

/** SVA accounts: a baseline walk, then the log (or a full snapshot walk each poll). */
async function svaAccounts(
  run: DetectionRun,
  settings: WatcherSettings,
  stopping: () => boolean,
): Promise<boolean> {
  const { store, tenant } = run.settings;
  const cursor = obj(await store.getCursor(tenant, SVA_SPEC.table));
  const baselined = cursor?.baselined === true;
  const announceNew = baselined || settings.baselineEvents;
  if (settings.sva === 'snapshot') {
    const walk = obj((cursor?.walk as Json) ?? null);
    const result = await walkTable(run, SVA_SPEC, {
      stream: SVA_SPEC.table,
      afterId: num(walk?.afterId),
      announceNew,
      cursor: (afterId) => ({
        walk: { afterId: afterId ?? 0 },
        baselined: baselined || afterId === null,
      }),
      stopping,
    });
    return !baselined && result.done;
  }
  const logId = typeof cursor?.logId === 'number' ? cursor.logId : null;
  if (logId !== null && baselined) {
    await pollSvaLogs(run, { logId }, (id) => ({ logId: id, baselined: true }), stopping);
    return false;
  }
  // Baseline (or a switch from snapshot mode): note the log's end, then walk every account.
  const pending = obj((cursor?.baseline as Json) ?? null);
  const from = pending ? num(pending.logId) : await latestLogId(run);
  const walk = await walkTable(run, SVA_SPEC, {
    stream: SVA_SPEC.table,
    afterId: num(pending?.afterId),
    announceNew,
    cursor: (afterId): Json =>
      afterId === null
        ? { logId: from, baselined: true }
        : { baseline: { afterId, logId: from }, baselined },
    stopping,
  });
  if (walk.done && !stopping()) {
    await pollSvaLogs(run, { logId: from }, (id) => ({ logId: id, baselined: true }), stopping);
  }
  return true;
}

/** A due step of the reconciliation; true when a whole reconciliation finished. */
async function reconcile(
  run: DetectionRun,
  settings: WatcherSettings,
  stopping: () => boolean,
): Promise<boolean> {
  if (settings.reconcileEveryMs <= 0) return false;
  const { store, tenant, now } = run.settings;
  const specs = settings.sva === 'snapshot' ? TIMESTAMPED : [...TIMESTAMPED, SVA_SPEC];
  const cursor = obj(await store.getCursor(tenant, RECONCILE_STREAM));
  const due = num(cursor?.due);
  let state = obj((cursor?.run as Json) ?? null);
  if (cursor === null) {
    // The baseline just read everything: the first reconciliation is one period away.
    await store.setCursor(tenant, RECONCILE_STREAM, { due: now() + settings.reconcileEveryMs });
    return false;
  }
  if (state === null && now() < due) return false;
  let table = num(state?.table);
  let afterId = num(state?.afterId);
  let budget = settings.reconcilePagesPerPoll;
  while (table < specs.length && budget > 0) {
    const spec = specs[table] as TableSpec;
    const t = table;
    const walk = await walkTable(run, spec, {
      stream: RECONCILE_STREAM,
      afterId,
      announceNew: true,
      cursor: (next): Json =>
        next === null
          ? t + 1 < specs.length
            ? { due, run: { table: t + 1, afterId: 0 } }
            : { due: now() + settings.reconcileEveryMs }
          : { due, run: { table: t, afterId: next } },
      maxPages: budget,
      stopping,
    });
    budget -= walk.pages;
    if (!walk.done || stopping()) return false;
    table++;
    afterId = 0;
    state = null;
  }
  return table >= specs.length;
}

/** Runs every stream once. */
export async function runStreams(
  run: DetectionRun,
  settings: WatcherSettings,
  stopping: () => boolean,
): Promise<StreamsOutcome> {
  const baselines: string[] = [];
  for (const spec of TIMESTAMPED) {
    if (await timestamped(run, spec, settings, stopping)) baselines.push(spec.table);
    if (stopping()) return { baselines, reconciled: false };
  }
  if (await svaAccounts(run, settings, stopping)) baselines.push(SVA_SPEC.table);
  if (stopping()) return { baselines, reconciled: false };
  // The log needs the same IXC permission as the SVA log; without it, deletes wait for the
  // reconciliation.
  if (settings.sva === 'ixc_logs') await pollDeleteLogs(run, stopping);
  if (stopping()) return { baselines, reconciled: false };
  return { baselines, reconciled: await reconcile(run, settings, stopping) };
}
