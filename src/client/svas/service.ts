/**
 * The SVA methods of the client: read, plan (pure), then write under the contract's lock,
 * then read back. A dry run stops after planning.
 */
import { IxcInputError, IxcWriteIgnoredError, SvaWriteError } from '../../errors.js';
import type { CallOptions } from '../../ixc/call-options.js';
import type { IxcWriter } from '../../ixc/write.js';
import {
  type AtivarSvaInput,
  AtivarSvaInputSchema,
  type IxcOperation,
  type Sva,
  type SvaDryRun,
  type SvaOutcome,
  type SvaResult,
} from '../../schemas/domain/sva.js';
import { decodeId } from '../../schemas/ixc-values.js';
import { RawSvaUsuarioSchema } from '../../schemas/raw/tables.js';
import { parseId } from '../ids.js';
import { callOf } from '../page.js';
import { toProdutosCliente } from '../produtos-assembly.js';
import type { ReadContext, Reader } from '../reader.js';
import { type ListSvasOptions, listSvas } from './catalogue.js';
import type { SvaLock } from './lock.js';
import {
  type PlannedStep,
  planAtivacao,
  planCancel,
  planStatus,
  type RowRef,
  reportSteps,
  type SvaPlan,
} from './plan.js';
import { readAtivacaoState, readAtivacaoTarget, readContaState, readContaTarget } from './reads.js';
import type {
  SvaContaFullRow,
  SvaContratoRow,
  SvaLinhaRow,
  SvaPlanoRow,
  SvaProdutoRow,
} from './rows.js';
import { SvaLinhaRow as LinhaSchema, SvaProdutoRow as ProdutoSchema } from './rows.js';
import { mismatches, readRow, runSteps } from './run.js';

/**
 * Per-call options of the SVA write methods. `signal` cancels the call (writes already made
 * stay made, and the error says which); `timeout` and `headers` apply to reads and writes,
 * `maxRetries` to reads only (writes are never retried).
 */
export interface SvaCallOptions extends CallOptions {
  /** Plan only: return the IXC operations the call would make, and make none. */
  dryRun?: boolean;
}

/** What the service needs from the client. */
export interface SvaServiceDeps {
  /** A reader that neither caches nor shares reads: every plan needs IXC's current state. */
  reader: Reader;
  writer: IxcWriter;
  lock: SvaLock;
  /** Prefix of lock keys: the IXC install (its URL), so tenants never wait for each other. */
  scope: string;
  /** Called after any write attempt (the client forgets its cached reads). */
  onWrite?: () => void;
}

/** Everything needed to describe the account once the writes are done. */
interface Final {
  outcome: SvaOutcome;
  plan: SvaPlan;
  contrato: SvaContratoRow;
  linha: SvaLinhaRow | undefined;
  conta: SvaContaFullRow | undefined;
  produto: SvaProdutoRow | undefined;
  plano: SvaPlanoRow | undefined;
}

/** The SVA catalogue, activation, block, unblock and cancel. */
export class SvaService {
  readonly #deps: SvaServiceDeps;

  constructor(deps: SvaServiceDeps) {
    this.#deps = deps;
  }

  listSvas(options: ListSvasOptions = {}): Promise<Sva[]> {
    return listSvas(this.#deps.reader, options, contextOf(options));
  }

  async ativarSva(
    clienteIdInput: unknown,
    input: AtivarSvaInput,
    options: SvaCallOptions = {},
  ): Promise<SvaResult | SvaDryRun> {
    const clienteId = parseId(clienteIdInput, 'clienteId');
    const args = parseInput(input);
    const { reader } = this.#deps;
    const ctx = contextOf(options);
    const target = await readAtivacaoTarget(
      reader,
      clienteId,
      args.produtoId,
      args.contratoId,
      ctx,
    );
    return this.#locked(Number(target.contrato.id), options.dryRun, async () => {
      const state = await readAtivacaoState(reader, target, ctx);
      const plan = planAtivacao({ ...state, valor: args.valor, usuario: args.usuario });
      if (options.dryRun) return dryRun(plan);
      const final: Final = {
        outcome: plan.outcome,
        plan,
        contrato: target.contrato,
        linha: state.linhaContrato ?? state.linhaPlano,
        conta: state.contas.find((c) => 'id' in plan.conta && Number(c.id) === plan.conta.id),
        produto: target.produto,
        plano: state.plano,
      };
      return this.#execute(clienteId, final, ctx);
    });
  }

  bloquearSva(clienteId: unknown, contaId: unknown, options: SvaCallOptions = {}) {
    return this.#status(clienteId, contaId, options, 'B');
  }

  desbloquearSva(clienteId: unknown, contaId: unknown, options: SvaCallOptions = {}) {
    return this.#status(clienteId, contaId, options, 'A');
  }

  cancelarSva(clienteId: unknown, contaId: unknown, options: SvaCallOptions = {}) {
    return this.#status(clienteId, contaId, options, 'D');
  }

  async #status(
    clienteIdInput: unknown,
    contaIdInput: unknown,
    options: SvaCallOptions,
    target: 'A' | 'B' | 'D',
  ): Promise<SvaResult | SvaDryRun> {
    const clienteId = parseId(clienteIdInput, 'clienteId');
    const contaId = parseId(contaIdInput, 'contaId');
    const { reader } = this.#deps;
    const ctx = contextOf(options);
    const found = await readContaTarget(reader, clienteId, contaId, ctx);
    return this.#locked(Number(found.contrato.id), options.dryRun, async () => {
      const state = await readContaState(reader, clienteId, found, ctx);
      const plan = target === 'D' ? planCancel(state) : planStatus(clienteId, state, target);
      if (options.dryRun) return dryRun(plan);
      const final: Final = {
        outcome: plan.outcome,
        plan,
        contrato: found.contrato,
        linha: plan.linha ? state.linha : undefined,
        conta: state.conta,
        produto: undefined,
        plano: state.plano,
      };
      return this.#execute(clienteId, final, ctx);
    });
  }

  #locked<T>(contratoId: number, dry: boolean | undefined, fn: () => Promise<T>): Promise<T> {
    // A dry run writes nothing, so it need not wait for writers.
    if (dry) return fn();
    return this.#deps.lock.withLock(`${this.#deps.scope}#cliente_contrato/${contratoId}`, fn);
  }

  async #execute(clienteId: number, f: Final, ctx: ReadContext): Promise<SvaResult> {
    const { reader, writer } = this.#deps;
    let operations: IxcOperation[] = [];
    let ids: number[] = [];
    let sent: PlannedStep[] = [];
    if (f.plan.steps.length > 0) {
      try {
        ({ operations, ids, sent } = await runSteps(
          { reader, writer, clienteId, read: ctx },
          f.plan.steps,
        ));
      } finally {
        this.#deps.onWrite?.();
      }
    }
    const contaId = refId(f.plan.conta, ids);
    const linhaId = f.plan.linha ? refId(f.plan.linha, ids) : null;
    const newLine = f.plan.linha !== null && 'step' in f.plan.linha;
    const produtoId = decodeId((f.linha?.id_produto ?? '').trim());
    const needProduto = !f.produto && produtoId !== null;
    try {
      if (sent.length > 0 || !f.conta || newLine || needProduto) {
        const [conta, linha, produto] = await Promise.all([
          sent.length > 0 || !f.conta
            ? readRow(reader, 'sva_usuarios', contaId, ctx)
            : Promise.resolve(f.conta),
          newLine && linhaId !== null
            ? readRow(reader, 'vd_contratos_produtos', linhaId, ctx)
            : Promise.resolve(undefined),
          needProduto && produtoId !== null
            ? readRow(reader, 'produtos', produtoId, ctx)
            : Promise.resolve(undefined),
        ]);
        f.conta = conta;
        if (linha) f.linha = LinhaSchema.parse(linha);
        if (produto) f.produto = ProdutoSchema.parse(produto);
      }
    } catch (error) {
      throw new SvaWriteError({
        clienteId,
        done: operations,
        failed: null,
        pending: [],
        applied: 'unknown',
        cause: error,
      });
    }
    this.#verify(clienteId, f, sent, operations);
    return toResult(f, operations);
  }

  // Reading back catches what IXC drops without saying so (columns it does not let the API write).
  #verify(clienteId: number, f: Final, sent: readonly PlannedStep[], operations: IxcOperation[]) {
    for (let i = sent.length - 1; i >= 0; i--) {
      const step = sent[i]!;
      if (!step.expect || step.method === 'DELETE') continue;
      const row = step.table === 'sva_usuarios' ? f.conta : f.linha;
      const id = step.id ?? operations[i]?.ixcId ?? 0;
      if (!row || Number(row.id) !== id) continue;
      const wrong = mismatches(row as Record<string, string>, step.expect);
      if (wrong.length > 0) {
        throw new SvaWriteError({
          clienteId,
          done: operations.slice(0, i),
          failed: operations[i] ?? null,
          pending: [],
          applied: 'no',
          cause: new IxcWriteIgnoredError(step.table, id, wrong),
        });
      }
    }
    if (!f.conta) {
      throw new SvaWriteError({
        clienteId,
        done: operations,
        failed: null,
        pending: [],
        applied: 'unknown',
        cause: new IxcWriteIgnoredError('sva_usuarios', refId(f.plan.conta, []), ['id']),
      });
    }
  }
}

function contextOf(options: CallOptions): ReadContext {
  return { call: callOf(options), trace: [] };
}

function refId(ref: RowRef, ids: readonly number[]): number {
  return 'id' in ref ? ref.id : (ids[ref.step] ?? 0);
}

function dryRun(plan: SvaPlan): SvaDryRun {
  return {
    dryRun: true,
    outcome: plan.outcome,
    contratoId: plan.contratoId,
    operations: reportSteps(plan.steps),
  };
}

function parseInput(input: unknown) {
  const parsed = AtivarSvaInputSchema.safeParse(input);
  if (!parsed.success) {
    throw new IxcInputError(
      'Invalid ativarSva input',
      parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    );
  }
  return parsed.data;
}

/** The account and its product exactly as `getProdutos` would show them. */
function toResult(f: Final, operations: IxcOperation[]): SvaResult {
  const conta = RawSvaUsuarioSchema.parse(f.conta);
  const linha = f.linha;
  const own = linha !== undefined && decodeId(linha.id_contrato) !== null;
  const items = toProdutosCliente({
    contratos: [f.contrato],
    linhasContrato: linha && own ? [linha] : [],
    linhasPlano: linha && !own ? [linha] : [],
    servicos: [],
    contasSva: [conta],
    planos: new Map(f.plano ? [[f.plano.id.trim(), f.plano]] : []),
    produtos: new Map(f.produto ? [[f.produto.id.trim(), f.produto]] : []),
  });
  const produto = items.find((p) => p.contaSva?.id === Number(conta.id)) ?? null;
  return { outcome: f.outcome, conta: produto!.contaSva!, produto, operations };
}
