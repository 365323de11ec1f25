/**
 * Incremental poll of a table IXC keeps `ultima_atualizacao` on: rows with
 * `ultima_atualizacao >= watermark − overlap`, sorted by that column, page after page. The
 * watermark comes from the data (the newest time read), never from our clock. A page whose
 * rows all share one second and fill it switches to that second's rows by id, so any number
 * of rows written in one second is read whole across page boundaries. Re-read rows diff to
 * nothing against their snapshots.
 */
import type { IxcFilter } from '../../ixc/query.js';
import type { DetectionRun } from './run.js';
import type { TableSpec } from './specs.js';
import { addSeconds, isIxcDateTime, maxDateTime } from './time.js';

/** Cursor of an incremental stream. */
export interface IncrementalCursor {
  /** Newest `ultima_atualizacao` fully read; the next poll starts `overlap` before it. */
  watermark: string | null;
  /** Inside one second's rows read by id. */
  tie?: { at: string; afterId: number };
}

const TS = 'ultima_atualizacao';
const EARLIEST = '1000-01-01 00:00:00';

/**
 * Polls one table until IXC has no more rows; commits each page with its cursor.
 *
 * @returns how many events were stored anew.
 */
export async function pollIncremental(
  run: DetectionRun,
  spec: TableSpec,
  start: IncrementalCursor,
  overlapSeconds: number,
  stopping: () => boolean,
): Promise<number> {
  const size = run.settings.pageSize;
  let watermark = start.watermark;
  let tie = start.tie;
  // Lower bound of the next ts-sorted read; strict once a tie second was read whole.
  // Without a watermark (the table was empty at the baseline), every dated row; rows never
  // updated (`0000-00-00 00:00:00`) are left to reconciliation.
  let from = watermark === null ? EARLIEST : addSeconds(watermark, -overlapSeconds);
  let strict = false;
  let stored = 0;
  for (;;) {
    if (tie) {
      const rows = await run.query(spec.table, [
        ...spec.filters,
        { column: TS, value: tie.at },
        { column: 'id', op: '>', value: tie.afterId },
      ]);
      const full = rows.length >= size;
      const last = rows.at(-1);
      watermark = maxDateTime(watermark ?? undefined, tie.at) ?? null;
      const next: IncrementalCursor =
        full && last ? { watermark, tie: { at: tie.at, afterId: Number(last.id) } } : { watermark };
      stored += await run.commitPage({
        spec,
        stream: spec.table,
        rows,
        cursor: { ...next },
        announceNew: true,
      });
      if (full && last) tie = { at: tie.at, afterId: Number(last.id) };
      else {
        from = tie.at;
        strict = true;
        tie = undefined;
      }
    } else {
      const filters: IxcFilter[] = [
        { column: TS, op: strict ? '>' : '>=', value: from },
        ...spec.filters,
      ];
      const rows = await run.query(spec.table, filters, { sort: { column: TS, order: 'asc' } });
      const first = rows[0]?.[TS];
      const last = rows.at(-1);
      const lastAt = last?.[TS];
      const full = rows.length >= size;
      for (const r of rows) watermark = maxDateTime(watermark ?? undefined, r[TS]) ?? watermark;
      // One second fills the page: read that second by id from after this page's last row.
      const stuck = full && last && isIxcDateTime(lastAt) && first === lastAt;
      const next: IncrementalCursor = stuck
        ? { watermark, tie: { at: lastAt, afterId: Number(last.id) } }
        : { watermark };
      stored += await run.commitPage({
        spec,
        stream: spec.table,
        rows,
        cursor: { ...next },
        announceNew: true,
      });
      if (!full) return stored;
      if (stuck) tie = { at: lastAt, afterId: Number(last.id) };
      else {
        // The last second may go on past the page: read it again (>=), re-reads diff to nothing.
        from = isIxcDateTime(lastAt) ? lastAt : from;
        strict = false;
      }
    }
    if (stopping()) return stored;
  }
}
