/**
 * A hard delete leaves no row whose `ultima_atualizacao` could move, so without help a deleted
 * contract or contract line is seen only at the next reconciliation (hours). IXC logs every
 * delete in `ixc_logs` (`tipo = 'excluiu'`); following those rows by `id > last` (the primary
 * key, so a range over new log rows only, whatever the log's size) announces the removal
 * within one poll, for one IXC request per poll. The log only hints: each id is read back to
 * confirm it is gone, and a delete IXC did not log is still caught by the reconciliation.
 * SVA accounts are not here: their own log stream already reads every `sva_usuarios` entry.
 */
import type { Json } from '../../store/types.js';
import type { DetectionRun } from './run.js';
import { CONTRATO_SPEC, LINHA_SPEC, type TableSpec } from './specs.js';
import { latestLogId } from './sva-logs.js';

/** Name of the delete-log stream's cursor. */
export const DELETES_STREAM = 'deletes';

const FOLLOWED: readonly TableSpec[] = [CONTRATO_SPEC, LINHA_SPEC];

/**
 * Reads the delete entries logged since the cursor and commits the removals they name. The
 * first run only notes where the log ends: what was deleted before is the reconciliation's.
 *
 * @returns how many events were stored anew.
 */
export async function pollDeleteLogs(run: DetectionRun, stopping: () => boolean): Promise<number> {
  const { store, tenant } = run.settings;
  const cursor = (await store.getCursor(tenant, DELETES_STREAM)) as { logId?: unknown } | null;
  if (typeof cursor?.logId !== 'number') {
    const logId = await latestLogId(run);
    await run.commitPage({
      spec: CONTRATO_SPEC,
      stream: DELETES_STREAM,
      rows: [],
      cursor: { logId },
      announceNew: false,
    });
    return 0;
  }
  const size = run.settings.pageSize;
  let logId = cursor.logId;
  let stored = 0;
  for (;;) {
    const logs = await run.query('ixc_logs', [
      { column: 'id', op: '>', value: logId },
      { column: 'tipo', value: 'excluiu' },
    ]);
    if (logs.length === 0) return stored;
    const from = logId;
    logId = Number(logs.at(-1)?.id ?? logId);
    const named = FOLLOWED.map((spec) => ({
      spec,
      ids: [
        ...new Set(
          logs.filter((l) => l.tabela === spec.table).map((l) => String(Number(l.id_tabela))),
        ),
      ].filter((id) => id !== '0' && id !== 'NaN'),
    })).filter((n) => n.ids.length > 0);
    if (named.length === 0) {
      stored += await run.commitPage({
        spec: CONTRATO_SPEC,
        stream: DELETES_STREAM,
        rows: [],
        cursor: { logId },
        announceNew: false,
      });
    }
    for (const [i, { spec, ids }] of named.entries()) {
      const rows = await run.byIds(spec.table, 'id', ids);
      const present = new Set(rows.map((r) => r.id));
      // Only the page's last commit moves the cursor: a crash in between re-reads the page,
      // and the events' deterministic ids make the repeat harmless.
      const last = i === named.length - 1;
      const next: Json = { logId: last ? logId : from };
      stored += await run.commitPage({
        spec,
        stream: DELETES_STREAM,
        rows: [],
        gone: ids.filter((id) => !present.has(id)),
        cursor: next,
        announceNew: false,
      });
    }
    if (logs.length < size || stopping()) return stored;
  }
}
