/**
 * Ground truth of the crash tests: seeded operator changes on the simulator, the watched
 * state of every entity read straight from it, and the checks that hold what the receiver
 * and the store got against that state.
 *
 * The watcher may legitimately fold two changes made between two polls into one (IXC keeps
 * only the current row), so the contract checked is "every change detected at least once":
 * replaying the events the receiver accepted over the starting state gives the final state,
 * each event continues from the one before (`previous` = what the last event said, sequences
 * without a gap), and every event the store recorded reached the receiver.
 */
import { Webhook } from 'standardwebhooks';
import type { CampsoftStore } from '../../../src/store/types.js';
import type { IxcEngine, IxcRow } from '../../../src/testing/index.js';
import type { Arrival, Rand } from './harness.js';

/** Watched fields of every entity, keyed `kind:id`. */
export type World = Map<string, Record<string, string>>;

const v = (row: IxcRow, column: string) => (row[column] ?? '').trim();
const idOf = (row: IxcRow) => row.id ?? '';

/** The watched state of every entity, as IXC has it now. */
export function capture(engine: IxcEngine): World {
  const world: World = new Map();
  for (const r of engine.tables.rows('cliente'))
    world.set(`cliente:${r.id}`, { ativo: v(r, 'ativo') });
  for (const r of engine.tables.rows('cliente_contrato')) {
    world.set(`contrato:${r.id}`, {
      status: v(r, 'status'),
      status_internet: v(r, 'status_internet'),
      status_velocidade: v(r, 'status_velocidade'),
    });
  }
  for (const r of engine.tables.rows('vd_contratos_produtos')) {
    if (Number(r.id_contrato) > 0) world.set(`linha:${r.id}`, { tipo: v(r, 'tipo') });
  }
  for (const r of engine.tables.rows('sva_usuarios')) {
    world.set(`sva:${r.id}`, { status_integracao: v(r, 'status_integracao') });
  }
  return world;
}

const STATUS_BUTTONS = [
  'bloquearManual',
  'liberarManual',
  'financeiroEmAtraso',
  'aguardandoAssinatura',
  'liberarTemporariamente',
] as const;

/**
 * One seeded operator change (or a burst of them); returns its name. Every write goes
 * through the engine, so `ultima_atualizacao` and `ixc_logs` move as in IXC.
 */
export function operatorChange(engine: IxcEngine, rand: Rand, activity: { tick(): unknown[] }) {
  const t = engine.tables;
  const contratos = t.rows('cliente_contrato');
  const contrato = rand.pick(contratos);
  const roll = rand();
  if (roll < 0.3) {
    const button = rand.pick(STATUS_BUTTONS);
    engine.buttons[button](idOf(contrato));
    return button;
  }
  if (roll < 0.4) {
    t.update('cliente_contrato', idOf(contrato), {
      status_velocidade: contrato.status_velocidade === 'R' ? 'N' : 'R',
    });
    return 'velocidade';
  }
  if (roll < 0.5) {
    const cliente = rand.pick(t.rows('cliente'));
    t.update('cliente', idOf(cliente), { ativo: cliente.ativo === 'S' ? 'N' : 'S' });
    return 'cliente_ativo';
  }
  if (roll < 0.62) {
    const conta = rand.pick(t.rows('sva_usuarios'));
    t.update('sva_usuarios', idOf(conta), { status_integracao: rand.pick(['A', 'B', 'D']) });
    return 'sva_status';
  }
  if (roll < 0.77) {
    activity.tick();
    return 'activity';
  }
  if (roll < 0.83) {
    const template = rand.pick(t.rows('vd_contratos_produtos'));
    const { id: _id, ultima_atualizacao: _u, ...line } = template;
    t.insert('vd_contratos_produtos', { ...line, id_contrato: idOf(contrato), id_vd_contrato: 0 });
    return 'linha_added';
  }
  if (roll < 0.87) {
    const own = t.find('vd_contratos_produtos', (r) => Number(r.id_contrato) > 0);
    if (own.length > 0) t.remove('vd_contratos_produtos', idOf(rand.pick(own)));
    return 'linha_removed';
  }
  if (roll < 0.9) {
    const gone = t.find('sva_usuarios', (r) => r.status_integracao === 'D');
    if (gone.length > 0) t.remove('sva_usuarios', idOf(rand.pick(gone)));
    return 'sva_removed';
  }
  if (roll < 0.93) {
    if (contrato.status === 'P') engine.buttons.ativar(idOf(contrato));
    else if (contrato.status === 'A') engine.buttons.cancelar(idOf(contrato), { motivo: 2 });
    return 'ativar_cancelar';
  }
  if (roll < 0.95) {
    // A hard delete: IXC's timestamps cannot show it, only the reconciliation can.
    const cancelled = contratos.filter((c) => c.status === 'I');
    if (cancelled.length > 0) t.remove('cliente_contrato', idOf(rand.pick(cancelled)));
    return 'contrato_removed';
  }
  // A burst in one second: more rows than a page, so pages end inside one timestamp.
  const start = rand.int(0, Math.max(0, contratos.length - 40));
  for (const c of contratos.slice(start, start + 40)) {
    t.update('cliente_contrato', idOf(c), {
      status_velocidade: c.status_velocidade === 'R' ? 'N' : 'R',
    });
  }
  return 'burst';
}

/** The entity and field an event is about. */
function subject(type: string, data: Record<string, unknown>) {
  const kind = type.startsWith('cliente.')
    ? 'cliente'
    : type.startsWith('sva.')
      ? 'sva'
      : type.startsWith('contrato.produto_')
        ? 'linha'
        : 'contrato';
  const id =
    kind === 'cliente'
      ? data.clienteId
      : kind === 'sva'
        ? data.contaSvaId
        : kind === 'linha'
          ? data.produtoContratoId
          : data.contratoId;
  return { key: `${kind}:${id}`, field: String(data.field) };
}

interface Parsed {
  id: string;
  type: string;
  key: string;
  field: string;
  previous: string | null;
  current: string | null;
  sequence: number;
}

const CREATED = new Set(['contrato.created', 'contrato.produto_added', 'sva.added']);
const REMOVED = new Set(['contrato.removed', 'contrato.produto_removed', 'sva.removed']);

/** What the checks found: counts to report, and problems (none when all is well). */
export interface Verdict {
  arrivals: number;
  distinct: number;
  duplicates: number;
  accepted: number;
  storedEvents: number;
  problems: string[];
}

/** Every event the store holds, by id, with its body. */
async function storedEvents(store: CampsoftStore): Promise<Map<string, string>> {
  const [endpoint] = await store.listEndpoints();
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.listDeliveries(endpoint!.id, {
      limit: 500,
      ...(cursor ? { cursor } : {}),
    });
    for (const d of page.items) ids.push(d.eventId);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  const out = new Map<string, string>();
  for (const id of ids) {
    const e = await store.getEvent(id);
    if (e) out.set(id, e.body);
  }
  return out;
}

/** Every watched entity as the store's snapshots have it. */
async function snapshots(store: CampsoftStore, tenant: string): Promise<World> {
  const world: World = new Map();
  for (const kind of ['cliente', 'contrato', 'linha', 'sva']) {
    let after: string | undefined;
    for (;;) {
      const page = await store.listSnapshots(tenant, kind, {
        limit: 500,
        ...(after === undefined ? {} : { afterId: after }),
      });
      for (const s of page) world.set(`${kind}:${s.entityId}`, s.fields as Record<string, string>);
      if (page.length < 500) break;
      after = page.at(-1)?.entityId;
    }
  }
  return world;
}

const same = (want: Record<string, string>, got: Record<string, string> | undefined) =>
  got !== undefined && Object.entries(want).every(([k, x]) => (got[k] ?? '') === x);

/**
 * Checks the receiver's arrivals and the store against the simulator: signatures, one body
 * per id, nothing pending or failed, every stored event accepted, the store's snapshots and
 * the replayed events equal to IXC's final state.
 */
export async function verdict(input: {
  arrivals: readonly Arrival[];
  secret: string;
  store: CampsoftStore;
  tenant: string;
  initial: World;
  final: World;
}): Promise<Verdict> {
  const problems: string[] = [];
  const problem = (text: string) => {
    if (problems.length < 30) problems.push(text);
  };
  const hook = new Webhook(input.secret);
  const bodies = new Map<string, string>();
  const accepted = new Set<string>();
  for (const a of input.arrivals) {
    try {
      hook.verify(a.body, a.headers);
    } catch (error) {
      problem(`signature of ${a.id} rejected: ${(error as Error).message}`);
    }
    const first = bodies.get(a.id);
    if (first === undefined) bodies.set(a.id, a.body);
    else if (first !== a.body) problem(`${a.id} came twice with different bodies`);
    if (a.answer === 'ok') accepted.add(a.id);
  }
  const stored = await storedEvents(input.store);
  for (const [id, body] of stored) {
    if (!accepted.has(id)) problem(`stored event ${id} never accepted by the receiver: ${body}`);
  }
  for (const id of bodies.keys()) if (!stored.has(id)) problem(`${id} was sent but is not stored`);
  const summary = await input.store.summary();
  if (summary.pending !== 0 || summary.failed !== 0) {
    problem(`deliveries left: ${summary.pending} pending, ${summary.failed} failed`);
  }

  // The store's view of IXC must be IXC's final state.
  const snaps = await snapshots(input.store, input.tenant);
  for (const [key, want] of input.final) {
    if (!same(want, snaps.get(key))) {
      problem(
        `snapshot ${key}: ${JSON.stringify(snaps.get(key))}, IXC has ${JSON.stringify(want)}`,
      );
    }
  }
  for (const key of snaps.keys())
    if (!input.final.has(key)) problem(`snapshot ${key}: gone in IXC`);

  // Replay the accepted events, per entity in sequence order, over the starting state.
  const parsed: Parsed[] = [...bodies].map(([id, body]) => {
    const { type, data } = JSON.parse(body) as { type: string; data: Record<string, unknown> };
    return {
      id,
      type,
      ...subject(type, data),
      previous: (data.previousCode as string | null) ?? null,
      current: (data.currentCode as string | null) ?? null,
      sequence: Number(data.sequence),
    };
  });
  const byEntity = new Map<string, Parsed[]>();
  for (const p of parsed) byEntity.set(p.key, [...(byEntity.get(p.key) ?? []), p]);
  const state: World = new Map([...input.initial].map(([k, f]) => [k, { ...f }]));
  for (const [key, events] of byEntity) {
    events.sort((a, b) => a.sequence - b.sequence);
    // A baseline snapshot has sequence 1, so its first change is 2; a created entity starts at 1.
    let expected = CREATED.has(events[0]?.type ?? '') ? 1 : 2;
    for (const e of events) {
      if (e.sequence !== expected) problem(`${key}: sequence ${e.sequence} after ${expected - 1}`);
      expected = e.sequence + 1;
      const fields = state.get(key);
      if (CREATED.has(e.type)) {
        if (fields) problem(`${key}: created twice (${e.id})`);
        state.set(key, { [e.field]: e.current ?? '' });
      } else if (REMOVED.has(e.type)) {
        if (!fields) problem(`${key}: removed but unknown (${e.id})`);
        state.delete(key);
      } else if (!fields) {
        problem(`${key}: ${e.type} before it was created (${e.id})`);
      } else {
        const was = fields[e.field];
        if (was !== undefined && was !== (e.previous ?? '')) {
          problem(`${key}.${e.field}: event says ${e.previous}→${e.current}, receiver had ${was}`);
        }
        fields[e.field] = e.current ?? '';
      }
    }
  }
  for (const [key, want] of input.final) {
    const got = state.get(key);
    if (!got) problem(`${key}: in IXC, never announced`);
    else {
      for (const [field, value] of Object.entries(got)) {
        if (want[field] !== value)
          problem(`${key}.${field}: receiver says ${value}, IXC ${want[field]}`);
      }
    }
  }
  for (const key of state.keys()) if (!input.final.has(key)) problem(`${key}: removal never sent`);
  return {
    arrivals: input.arrivals.length,
    distinct: bodies.size,
    duplicates: input.arrivals.length - bodies.size,
    accepted: accepted.size,
    storedEvents: stored.size,
    problems,
  };
}
