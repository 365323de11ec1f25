/**
 * `sva_usuarios` has no `ultima_atualizacao`. This follows IXC's audit log instead: the
 * `ixc_logs` rows of the table with `id > last` (an auto-increment, safer than its unindexed
 * `data`), then the accounts they name, read by id. An account the log names that IXC no
 * longer has was deleted. The log only hints: a change IXC does not log is caught by the
 * reconciliation's snapshot diff.
 */
import type { Json } from '../../store/types.js';
import type { DetectionRun } from './run.js';
import { SVA_SPEC } from './specs.js';

/** Cursor of the SVA stream in `ixc_logs` mode. */
export interface SvaLogCursor {
  /** Last `ixc_logs.id` read. */
  logId: number;
}

/** The newest `ixc_logs.id` now (0 on an empty log): where a fresh stream starts. */
export async function latestLogId(run: DetectionRun): Promise<number> {
  const rows = await run.query('ixc_logs', [], {
    sort: { column: 'id', order: 'desc' },
    pageSize: 1,
  });
  return Number(rows[0]?.id ?? 0);
}

/**
 * Reads the log from `start.logId` to its end and diffs the accounts it names.
 *
 * @returns how many events were stored anew.
 */
export async function pollSvaLogs(
  run: DetectionRun,
  start: SvaLogCursor,
  cursor: (logId: number) => Json,
  stopping: () => boolean,
): Promise<number> {
  const size = run.settings.pageSize;
  let logId = start.logId;
  let stored = 0;
  for (;;) {
    const logs = await run.query('ixc_logs', [
      { column: 'id', op: '>', value: logId },
      { column: 'tabela', value: SVA_SPEC.table },
    ]);
    const ids = [...new Set(logs.map((l) => String(Number(l.id_tabela))))].filter(
      (id) => id !== '0' && id !== 'NaN',
    );
    const rows = ids.length === 0 ? [] : await run.byIds(SVA_SPEC.table, 'id', ids);
    const present = new Set(rows.map((r) => r.id));
    const lastLog = logs.at(-1);
    if (lastLog) logId = Number(lastLog.id);
    if (logs.length > 0) {
      stored += await run.commitPage({
        spec: SVA_SPEC,
        stream: SVA_SPEC.table,
        rows,
        gone: ids.filter((id) => !present.has(id)),
        cursor: cursor(logId),
        announceNew: true,
      });
    }
    if (logs.length < size || stopping()) return stored;
  }
}
