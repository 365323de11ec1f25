/**
 * A walk of a whole table by id, merged with the snapshots of the same kind in id order: the
 * baseline, the SVA snapshot diff and the periodic reconciliation. A snapshot whose id falls
 * in a page's id range but that IXC no longer returns is a row deleted from IXC, which no
 * timestamp can show.
 */
import type { Json, Snapshot } from '../../store/types.js';
import type { DetectionRun } from './run.js';
import type { TableSpec } from './specs.js';

/** Options of {@link walkTable}. */
export interface WalkOptions {
  stream: string;
  /** Resume after this id (0 from the start). */
  afterId: number;
  /** New rows make their `created` events (false for a silent baseline). */
  announceNew: boolean;
  /** The cursor committed with a page that ends at `afterId`, or `null` after the last page. */
  cursor: (afterId: number | null) => Json;
  /** Stop after this many pages (the walk resumes from its cursor). */
  maxPages?: number;
  stopping: () => boolean;
}

/** Where a walk got to. */
export interface WalkResult {
  /** The last page was read. */
  done: boolean;
  afterId: number;
  stored: number;
  pages: number;
}

const SNAPSHOT_BATCH = 1000;

/**
 * Walks `spec.table` from `options.afterId`, one committed page at a time.
 *
 * @returns where it stopped; `done` when IXC had no more rows.
 */
export async function walkTable(
  run: DetectionRun,
  spec: TableSpec,
  options: WalkOptions,
): Promise<WalkResult> {
  const { store, tenant, pageSize } = run.settings;
  let afterId = options.afterId;
  let stored = 0;
  let pages = 0;
  // Snapshots read ahead of the current page, in id order.
  let ahead: Snapshot[] = [];
  let snapshotsAfter = String(afterId);
  let snapshotsDone = false;
  const snapshotsUpTo = async (upper: number): Promise<Snapshot[]> => {
    while (!snapshotsDone && (ahead.length === 0 || Number(ahead.at(-1)?.entityId) <= upper)) {
      const batch = await store.listSnapshots(tenant, spec.kind, {
        afterId: snapshotsAfter,
        limit: SNAPSHOT_BATCH,
      });
      ahead.push(...batch);
      if (batch.length < SNAPSHOT_BATCH) snapshotsDone = true;
      const last = batch.at(-1);
      if (last) snapshotsAfter = last.entityId;
    }
    const cut = ahead.findIndex((s) => Number(s.entityId) > upper);
    const mine = cut < 0 ? ahead : ahead.slice(0, cut);
    ahead = cut < 0 ? [] : ahead.slice(cut);
    return mine;
  };
  for (;;) {
    const rows = await run.query(spec.table, [
      ...spec.filters,
      { column: 'id', op: '>', value: afterId },
    ]);
    const last = rows.length < pageSize;
    const upper = last ? Number.POSITIVE_INFINITY : Number(rows.at(-1)?.id);
    const snapshots = await snapshotsUpTo(upper);
    const present = new Set(rows.map((r) => r.id));
    const gone = snapshots.filter((s) => !present.has(s.entityId)).map((s) => s.entityId);
    const nextAfter = last ? null : upper;
    stored += await run.commitPage({
      spec,
      stream: options.stream,
      rows,
      gone,
      snapshots: new Map(snapshots.map((s) => [s.entityId, s])),
      cursor: options.cursor(nextAfter),
      announceNew: options.announceNew,
    });
    pages++;
    if (nextAfter === null) return { done: true, afterId: 0, stored, pages };
    afterId = nextAfter;
    if (options.stopping() || (options.maxPages !== undefined && pages >= options.maxPages)) {
      return { done: false, afterId, stored, pages };
    }
  }
}
