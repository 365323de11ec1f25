import type { IxcClock } from '../engine/clock.js';
import type { Database } from '../engine/database.js';
import { mulberry32 } from '../engine/random.js';
import type { IxcTableName } from '../engine/schema/index.js';
import type { StoredRow } from '../engine/store.js';
import { apiInsert, apiReplace } from '../engine/writes.js';
import type { IxcButtons } from './buttons.js';
import { addDays } from './context.js';

/** The operator actions the generator picks from. */
export type IxcActivityAction =
  | 'bloqueio'
  | 'liberacao'
  | 'pagamento'
  | 'fatura'
  | 'novo_contrato'
  | 'nova_conta_sva'
  | 'bloqueio_sva';

const ALL_ACTIONS: readonly IxcActivityAction[] = [
  'bloqueio',
  'liberacao',
  'pagamento',
  'fatura',
  'novo_contrato',
  'nova_conta_sva',
  'bloqueio_sva',
];

/** Options of `engine.activity()`. */
export interface IxcActivityOptions {
  /** PRNG seed: the same seed, data and clock give the same actions. Default 1. */
  readonly seed?: number;
  /** Actions per minute of engine-clock time. Default 6. */
  readonly perMinute?: number;
  /** Actions to pick from (default: all). */
  readonly actions?: readonly IxcActivityAction[];
  /** Most actions one tick performs, however long the clock jumped. Default 100. */
  readonly maxPerTick?: number;
}

/** One action the generator performed. */
export interface IxcActivityEvent {
  /** Engine wall-clock time, `YYYY-MM-DD HH:MM:SS`. */
  readonly at: string;
  readonly action: IxcActivityAction;
  readonly table: IxcTableName;
  readonly id: string;
}

/** A running demo loop; {@link stop} ends it. */
export interface IxcActivityRun {
  stop(): void;
}

/**
 * Seeded random operator activity. {@link tick} performs the actions due since the previous
 * tick on the engine clock (so tests drive it with `engine.advance()`); {@link start} ticks on
 * a real interval for demos.
 */
export interface IxcActivity {
  /** Performs the actions due by the engine clock; returns them. */
  tick(): IxcActivityEvent[];
  /**
   * Ticks every `everyMs` real milliseconds (default 1000) and runs the scheduled jobs after
   * each tick (`runJobs: false` to skip them). The timer does not keep the process alive.
   */
  start(options?: { readonly everyMs?: number; readonly runJobs?: boolean }): IxcActivityRun;
}

/** What the generator needs from the engine. */
export interface ActivityDeps {
  readonly db: () => Database;
  readonly clock: IxcClock;
  readonly buttons: IxcButtons;
  readonly runJobs: () => unknown;
  readonly operador: string;
}

/** Builds a generator over an engine's parts. */
export function createActivity(deps: ActivityDeps, options: IxcActivityOptions = {}): IxcActivity {
  const random = mulberry32(options.seed ?? 1);
  const perMinute = options.perMinute ?? 6;
  const actions = options.actions ?? ALL_ACTIONS;
  const maxPerTick = options.maxPerTick ?? 100;
  let last = deps.clock.now().getTime();
  let carry = 0;
  const pick = <T>(items: readonly T[]): T | undefined =>
    items.length === 0 ? undefined : items[Math.floor(random() * items.length)];

  const act = (action: IxcActivityAction): IxcActivityEvent | undefined => {
    const db = deps.db();
    const audit = { executou: 'usuario', operador: deps.operador } as const;
    const at = deps.clock.dateTime();
    const contracts = db.stores.cliente_contrato.all();
    const event = (table: IxcTableName, id: string | undefined) =>
      id === undefined ? undefined : { at, action, table, id };
    switch (action) {
      case 'bloqueio': {
        const c = pick(contracts.filter((r) => r.status === 'A' && r.status_internet === 'A'));
        if (c?.id !== undefined) deps.buttons.bloquearManual(c.id);
        return event('cliente_contrato', c?.id);
      }
      case 'liberacao': {
        const c = pick(contracts.filter((r) => r.status === 'A' && r.status_internet === 'CM'));
        if (c?.id !== undefined) deps.buttons.liberarManual(c.id);
        return event('cliente_contrato', c?.id);
      }
      case 'pagamento': {
        const f = pick(db.stores.fn_areceber.all().filter((r) => r.status === 'A'));
        if (f?.id !== undefined) deps.buttons.receber(f.id);
        return event('fn_areceber', f?.id);
      }
      case 'fatura': {
        const c = pick(contracts.filter((r) => r.status === 'A'));
        if (c === undefined) return undefined;
        const outcome = apiInsert(db, 'fn_areceber', invoiceFor(c, db.clock.date()), audit);
        return outcome.ok ? event('fn_areceber', outcome.id) : undefined;
      }
      case 'novo_contrato': {
        const cliente = pick(db.stores.cliente.all().filter((r) => r.ativo === 'S'));
        const plano = pick(db.stores.vd_contratos.all().filter((r) => r.Ativo === 'S'));
        if (cliente === undefined || plano === undefined) return undefined;
        const outcome = apiInsert(db, 'cliente_contrato', contractFor(cliente, plano, at), audit);
        if (!outcome.ok) return undefined;
        deps.buttons.ativar(outcome.id);
        return event('cliente_contrato', outcome.id);
      }
      case 'nova_conta_sva': {
        const offers = svaOffers(db, contracts);
        const offer = pick(offers);
        if (offer === undefined) return undefined;
        const outcome = apiInsert(db, 'sva_usuarios', offer, audit);
        return outcome.ok ? event('sva_usuarios', outcome.id) : undefined;
      }
      case 'bloqueio_sva': {
        const conta = pick(db.stores.sva_usuarios.all().filter((r) => r.status_integracao === 'A'));
        if (conta?.id === undefined) return undefined;
        const full = Object.fromEntries(
          db.stores.sva_usuarios.def.columns.map((c) => [
            c,
            conta[c] ?? db.stores.sva_usuarios.def.empty[c],
          ]),
        );
        apiReplace(db, 'sva_usuarios', conta.id, { ...full, status_integracao: 'B' }, audit);
        return event('sva_usuarios', conta.id);
      }
    }
  };

  const activity: IxcActivity = {
    tick() {
      const now = deps.clock.now().getTime();
      const due = carry + (Math.max(0, now - last) * perMinute) / 60_000;
      last = now;
      const count = Math.min(Math.floor(due), maxPerTick);
      carry = count === maxPerTick ? 0 : due - count;
      const events: IxcActivityEvent[] = [];
      for (let i = 0; i < count; i++) {
        const action = pick(actions);
        const done = action === undefined ? undefined : act(action);
        if (done !== undefined) events.push(done);
      }
      return events;
    },
    start(startOptions = {}) {
      const timer = setInterval(() => {
        activity.tick();
        if (startOptions.runJobs !== false) deps.runJobs();
      }, startOptions.everyMs ?? 1000);
      timer.unref();
      return { stop: () => clearInterval(timer) };
    },
  };
  return activity;
}

function invoiceFor(contrato: StoredRow, today: string): Record<string, string> {
  return {
    id_cliente: contrato.id_cliente ?? '0',
    id_contrato: contrato.id ?? '0',
    data_emissao: today,
    data_vencimento: addDays(today, 10),
    valor: '99.90',
    liberado: 'S',
    documento: `${contrato.id}/${today.slice(0, 7)}`,
  };
}

function contractFor(cliente: StoredRow, plano: StoredRow, at: string): Record<string, string> {
  return {
    tipo: plano.tipo ?? 'I',
    id_cliente: cliente.id ?? '0',
    id_vd_contrato: plano.id ?? '0',
    contrato: plano.nome ?? '',
    id_tipo_contrato: '1',
    id_modelo: '1',
    id_filial: '1',
    data: at.slice(0, 10),
    id_tipo_documento: '1',
    id_carteira_cobranca: '1',
    id_vendedor: '1',
    cc_previsao: 'P',
    tipo_cobranca: 'P',
    renovacao_automatica: 'S',
    base_geracao_tipo_doc: 'P',
    bloqueio_automatico: 'S',
    aviso_atraso: 'S',
    endereco_padrao_cliente: 'S',
  };
}

/** Campsoft accounts active contracts could get: an SVA line of their plan with no account yet. */
function svaOffers(db: Database, contracts: readonly StoredRow[]): Record<string, string>[] {
  const lines = db.stores.vd_contratos_produtos;
  const accounts = db.stores.sva_usuarios;
  const integration = db.stores.sva_configuracoes.all()[0]?.id;
  if (integration === undefined) return [];
  const offers: Record<string, string>[] = [];
  for (const c of contracts) {
    if (c.status !== 'A' || offers.length >= 50) continue;
    const taken = new Set(
      accounts.lookup('id_contrato', [c.id ?? '']).map((a) => a.id_produto_contrato),
    );
    for (const line of lines.lookup('id_vd_contrato', [c.id_vd_contrato ?? ''])) {
      if (line.tipo !== 'SVA' || (line.id_contrato ?? '0') !== '0' || taken.has(line.id)) continue;
      const cliente = db.stores.cliente.get(c.id_cliente ?? '');
      offers.push({
        id_contrato: c.id ?? '0',
        id_integracao: integration,
        id_produto_contrato: line.id ?? '0',
        usar_email: 'S',
        user: cliente?.email ?? '',
        status_integracao: 'A',
      });
    }
  }
  return offers;
}
