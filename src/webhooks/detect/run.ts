/**
 * One watcher's working context: reads IXC through the package's client (counting
 * requests), diffs a page of rows against the store's snapshots, and commits snapshot
 * writes, events and the stream's cursor in one fenced store transaction.
 */
import type { IxcCampsoftClient } from '../../client/client.js';
import type { IxcFilter, IxcSort } from '../../ixc/query.js';
import type { IxcRow } from '../../schemas/raw/raw-row.js';
import type {
  CampsoftStore,
  Json,
  OutboxEvent,
  Snapshot,
  SnapshotChange,
} from '../../store/types.js';
import { type DiffContext, diffEntity } from './diff.js';
import type { WatcherCounters } from './metrics.js';
import { CONTRATO_SPEC, type SnapshotFields, type TableSpec } from './specs.js';
import { isIxcDateTime, ixcToEpoch, ixcToIso, maxDateTime } from './time.js';

/** Thrown between pages when the watcher was asked to stop: the last page is committed. */
export class StopRequested extends Error {}

/** What a run needs; built by the watcher. */
export interface RunSettings {
  client: IxcCampsoftClient;
  store: CampsoftStore;
  tenant: string;
  now: () => number;
  pageSize: number;
  offsetMinutes: number;
  lease: { name: string; owner: string };
  counters: WatcherCounters;
  /** Called before each IXC request: renews the lease when due, throws to stop. */
  checkpoint: () => Promise<void>;
}

/** A page of rows to diff: present rows, and ids known to be gone from IXC. */
export interface PageInput {
  spec: TableSpec;
  stream: string;
  rows: readonly IxcRow[];
  gone?: readonly string[];
  /** Snapshots already read for these ids (a merge walk has them). */
  snapshots?: ReadonlyMap<string, Snapshot>;
  cursor: Json;
  announceNew: boolean;
}

/** The shared machinery of every detection stream. */
export class DetectionRun {
  readonly settings: RunSettings;
  // When the first IXC read of the page being built started.
  #pageReadAt: number | undefined;

  constructor(settings: RunSettings) {
    this.settings = settings;
  }

  /** First page of a query, counted as one IXC request. */
  async query(
    table: string,
    filters: IxcFilter[],
    options: { sort?: IxcSort; pageSize?: number } = {},
  ): Promise<IxcRow[]> {
    await this.settings.checkpoint();
    this.#pageReadAt ??= this.settings.now();
    this.settings.counters.ixcRequests++;
    const page = await this.settings.client.query(table, filters, {
      pageSize: options.pageSize ?? this.settings.pageSize,
      ...(options.sort ? { sort: options.sort } : {}),
    });
    return page.data;
  }

  /** Rows whose `column` is in `ids`, 500 ids per request. */
  async byIds(table: string, column: string, ids: readonly string[]): Promise<IxcRow[]> {
    const out: IxcRow[] = [];
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      const filter: IxcFilter =
        chunk.length === 1
          ? { column, value: chunk[0] as string }
          : { column, op: 'IN', value: chunk };
      out.push(...(await this.query(table, [filter], { pageSize: 500 })));
    }
    return out;
  }

  /** Diffs a page and commits it with its cursor; returns the events stored anew. */
  async commitPage(input: PageInput): Promise<number> {
    const { spec, rows } = input;
    const { store, tenant } = this.settings;
    const ids = rows.map((r) => r.id);
    const gone = input.gone ?? [];
    let snapshots = input.snapshots;
    if (snapshots === undefined) {
      const wanted = [...ids, ...gone];
      const found = wanted.length === 0 ? [] : await store.getSnapshots(tenant, spec.kind, wanted);
      snapshots = new Map(found.map((s) => [s.entityId, s]));
    }
    const fields = rows.map((r) => spec.pick(r));
    if (spec.clienteFromContrato) await this.#fillCliente(fields, snapshots);
    const detectedAt = new Date(this.settings.now()).toISOString();
    const readAt = this.#pageReadAt ?? Number.POSITIVE_INFINITY;
    this.#pageReadAt = undefined;
    let raced = 0;
    const changes: SnapshotChange[] = [];
    const events: OutboxEvent[] = [];
    const add = (
      id: string,
      current: SnapshotFields | undefined,
      updatedAt: string | undefined,
    ) => {
      const ctx: DiffContext = {
        tenant,
        detectedAt,
        ixcUpdatedAt: ixcToIso(updatedAt, this.settings.offsetMinutes),
        announceNew: input.announceNew,
      };
      const previous = snapshots.get(id);
      // Written after our read began (an API write's recordLocalChange): our row may predate
      // it, so leave the entity to the next poll, which re-reads it.
      if (previous && previous.updatedAt > readAt) {
        raced++;
        return;
      }
      const diff = diffEntity(spec, id, previous, current, ctx);
      if (diff.snapshot) changes.push(diff.snapshot);
      events.push(...diff.events);
    };
    let newest: string | undefined;
    rows.forEach((row, i) => {
      const updatedAt = spec.timestamped ? row.ultima_atualizacao : undefined;
      newest = maxDateTime(newest, updatedAt);
      add(row.id, fields[i], updatedAt);
    });
    for (const id of gone) add(id, undefined, undefined);
    const result = await store.commitDetection({
      tenant,
      stream: input.stream,
      cursor: input.cursor,
      snapshots: changes,
      events,
      lease: this.settings.lease,
    });
    const c = this.settings.counters;
    c.pages++;
    c.eventsDetected += result.eventsInserted;
    c.snapshotConflicts += result.conflicts.length + raced;
    for (const e of events) c.byType[e.type] = (c.byType[e.type] ?? 0) + 1;
    if (isIxcDateTime(newest)) {
      const at = ixcToEpoch(newest, this.settings.offsetMinutes);
      if (c.newestIxcUpdatedAt === null || at > c.newestIxcUpdatedAt) c.newestIxcUpdatedAt = at;
    }
    return result.eventsInserted;
  }

  /**
   * Lines and SVA accounts name their contract, not their customer: take the customer from
   * the contract's snapshot, else from IXC (one request for every contract not yet seen), else
   * from the entity's own earlier snapshot.
   */
  async #fillCliente(fields: SnapshotFields[], own: ReadonlyMap<string, Snapshot>): Promise<void> {
    const { store, tenant } = this.settings;
    const contratos = [
      ...new Set(fields.map((f) => f.contrato ?? '').filter((c) => c !== '' && c !== '0')),
    ];
    if (contratos.length === 0) return;
    const known = new Map<string, string>();
    for (const s of await store.getSnapshots(tenant, CONTRATO_SPEC.kind, contratos)) {
      const cliente = (s.fields as SnapshotFields).cliente;
      if (cliente) known.set(s.entityId, cliente);
    }
    const missing = contratos.filter((c) => !known.has(c));
    if (missing.length > 0) {
      for (const row of await this.byIds('cliente_contrato', 'id', missing)) {
        known.set(row.id, (row.id_cliente ?? '').trim());
      }
    }
    const ownCliente = [...own.values()];
    for (const f of fields) {
      const cliente = known.get(f.contrato ?? '');
      if (cliente) f.cliente = cliente;
      else {
        const earlier = ownCliente.find(
          (s) => (s.fields as SnapshotFields).contrato === f.contrato,
        );
        const c = earlier && (earlier.fields as SnapshotFields).cliente;
        if (c) f.cliente = c;
      }
    }
  }
}
