/**
 * Pure planners: from what IXC holds (read just before, under the contract's lock) to the
 * list of writes an SVA change needs. No I/O here, so every decision is testable and a dry
 * run shows exactly what a real run would send. Idempotent by state: a state that already
 * is the goal plans no write.
 */
import {
  SvaAccountCancelledError,
  SvaContractAmbiguousError,
  SvaContractCancelledError,
  SvaContractNotFoundError,
} from '../../errors.js';
import type { IxcOperation, Sva, SvaOutcome } from '../../schemas/domain/sva.js';
import { decodeId } from '../../schemas/ixc-values.js';
import { SECRET_COLUMN } from '../../schemas/raw/raw-row.js';
import type { SvaContaFullRow, SvaContratoRow, SvaLinhaRow } from './rows.js';

/** One planned write. Values `"$<n>"` stand for the id IXC gives step `n`. */
export interface PlannedStep {
  method: 'POST' | 'PUT' | 'DELETE';
  table: string;
  /** Row of a PUT or DELETE. */
  id?: number;
  /** Body to send (secrets included; never reported as is). */
  body?: Record<string, string>;
  /** For an insert: the columns that find its row again when the answer is lost. */
  key?: Record<string, string>;
  /** Columns the row must hold once written, checked by reading it back. */
  expect?: Record<string, string>;
}

/** Where the account (or line) of a change is: an existing row, or the one a step inserts. */
export type RowRef = { id: number } | { step: number };

/** A planned SVA change. */
export interface SvaPlan {
  outcome: SvaOutcome;
  contratoId: number;
  steps: PlannedStep[];
  conta: RowRef;
  linha: RowRef | null;
}

/** What an activation is planned from. */
export interface AtivacaoState {
  email: string;
  contrato: SvaContratoRow;
  sva: Sva & { integracao: NonNullable<Sva['integracao']> };
  /** The contract's own line of this product, if any. */
  linhaContrato: SvaLinhaRow | undefined;
  /** Its plan's line of this product, if any. */
  linhaPlano: SvaLinhaRow | undefined;
  /** Accounts of the contract on the SVA's integration. */
  contas: readonly SvaContaFullRow[];
  valor?: number | undefined;
  usuario?: string | undefined;
}

/** What a block, unblock or cancel is planned from. */
export interface ContaState {
  conta: SvaContaFullRow;
  /** The line the account names (`id_produto_contrato`), when it still exists. */
  linha: SvaLinhaRow | undefined;
  /** Other accounts on that line that are not deactivated. */
  outras: readonly SvaContaFullRow[];
}

const STATUS_RANK: Record<string, number> = { A: 0, B: 1, D: 2 };

const code = (value: string | undefined) => (value ?? '').trim().toUpperCase();

/**
 * Picks the contract: the one given (it must be the customer's and not cancelled), else the
 * customer's only active one.
 *
 * @throws {SvaContractNotFoundError} {@link SvaContractCancelledError} {@link SvaContractAmbiguousError}
 */
export function chooseContrato(
  clienteId: number,
  contratos: readonly SvaContratoRow[],
  contratoId?: number,
): SvaContratoRow {
  if (contratoId !== undefined) {
    const given = contratos.find((c) => Number(c.id) === contratoId);
    if (!given) throw new SvaContractNotFoundError(clienteId, contratoId);
    const status = code(given.status);
    if (status === 'I' || status === 'D') {
      throw new SvaContractCancelledError(clienteId, contratoId, status);
    }
    return given;
  }
  const active = contratos.filter((c) => code(c.status) === 'A');
  if (active.length === 0) throw new SvaContractNotFoundError(clienteId, null);
  if (active.length > 1) {
    throw new SvaContractAmbiguousError(
      clienteId,
      active.map((c) => Number(c.id)).sort((a, b) => a - b),
    );
  }
  return active[0]!;
}

/** The account to act on among rows of one natural key: active first, then lowest id. */
export function pickConta(rows: readonly SvaContaFullRow[]): SvaContaFullRow | undefined {
  return [...rows].sort(
    (a, b) =>
      (STATUS_RANK[code(a.status_integracao)] ?? 3) -
        (STATUS_RANK[code(b.status_integracao)] ?? 3) || Number(a.id) - Number(b.id),
  )[0];
}

/** Plans an activation: add the line unless the contract or its plan carries it, then the account. */
export function planAtivacao(s: AtivacaoState): SvaPlan {
  const contratoId = Number(s.contrato.id);
  const integracao = String(s.sva.integracao.id);
  const linha = s.linhaContrato ?? s.linhaPlano;
  const conta = linha
    ? pickConta(s.contas.filter((c) => decodeId(c.id_produto_contrato ?? '') === Number(linha.id)))
    : undefined;

  if (linha && conta) {
    const id = Number(conta.id);
    if (code(conta.status_integracao) === 'A') {
      return {
        outcome: 'unchanged',
        contratoId,
        steps: [],
        conta: { id },
        linha: { id: Number(linha.id) },
      };
    }
    return {
      outcome: 'reactivated',
      contratoId,
      steps: [putConta(conta, { status_integracao: 'A' })],
      conta: { id },
      linha: { id: Number(linha.id) },
    };
  }

  const steps: PlannedStep[] = [];
  let lineRef: string;
  if (linha) lineRef = String(Number(linha.id));
  else {
    steps.push(insertLinha(s, contratoId));
    lineRef = '$0';
  }
  const usuario = s.usuario?.trim();
  steps.push({
    method: 'POST',
    table: 'sva_usuarios',
    body: {
      id_contrato: String(contratoId),
      id_integracao: integracao,
      id_produto_contrato: lineRef,
      usar_email: usuario ? 'N' : 'S',
      user: usuario || s.email.trim(),
      senha: '',
      status_integracao: 'A',
      user_id: '',
      subscription_id: '',
    },
    key: {
      id_contrato: String(contratoId),
      id_produto_contrato: lineRef,
      id_integracao: integracao,
    },
    expect: {
      id_contrato: String(contratoId),
      id_produto_contrato: lineRef,
      id_integracao: integracao,
      status_integracao: 'A',
    },
  });
  return {
    outcome: 'created',
    contratoId,
    steps,
    conta: { step: steps.length - 1 },
    linha: linha ? { id: Number(linha.id) } : { step: 0 },
  };
}

function insertLinha(s: AtivacaoState, contratoId: number): PlannedStep {
  const valor = s.valor ?? s.sva.valor ?? 0;
  return {
    method: 'POST',
    table: 'vd_contratos_produtos',
    body: {
      tipo: 'SVA',
      id_plano: '0',
      id_produto: String(s.sva.id),
      descricao: s.sva.nome,
      qtde: '1',
      valor_unit: valor.toFixed(2),
      id_vd_contrato: '0',
      id_contrato: String(contratoId),
      obs: '',
      valor_ate_vencimento: '',
      id_tipo_documento: decodeId(s.contrato.id_tipo_documento)?.toString() ?? '',
      id_contrato_produto_plano: '',
      descricao_plano_valor_1: '',
      descricao_plano_valor_2: '',
      fixar_ip: '0',
      tipo_desconto: '',
      desconto_percentual: '',
      repetir: '',
      qtde_repeticoes_desconto_produto: '',
      valor_desconto_produto: '',
    },
    key: { id_contrato: String(contratoId), id_produto: String(s.sva.id) },
    expect: { id_contrato: String(contratoId), id_produto: String(s.sva.id), tipo: 'SVA' },
  };
}

/**
 * Plans a block (`B`) or an unblock (`A`) of an account.
 *
 * @throws {SvaAccountCancelledError} when the account is deactivated (D).
 */
export function planStatus(clienteId: number, s: ContaState, target: 'A' | 'B'): SvaPlan {
  const id = Number(s.conta.id);
  const contratoId = Number(s.conta.id_contrato);
  const linha = s.linha ? { id: Number(s.linha.id) } : null;
  const current = code(s.conta.status_integracao);
  if (current === 'D') throw new SvaAccountCancelledError(clienteId, id);
  if (current === target)
    return { outcome: 'unchanged', contratoId, steps: [], conta: { id }, linha };
  return {
    outcome: target === 'B' ? 'blocked' : 'unblocked',
    contratoId,
    steps: [putConta(s.conta, { status_integracao: target })],
    conta: { id },
    linha,
  };
}

/**
 * Plans a cancel: the product off the contract first (when the line is the contract's own SVA
 * line and no other live account uses it), then the account deactivated (D).
 */
export function planCancel(s: ContaState): SvaPlan {
  const id = Number(s.conta.id);
  const contratoId = Number(s.conta.id_contrato);
  const steps: PlannedStep[] = [];
  const own =
    s.linha !== undefined &&
    decodeId(s.linha.id_contrato) === contratoId &&
    decodeId(s.linha.id_vd_contrato) === null &&
    code(s.linha.tipo) === 'SVA' &&
    s.outras.length === 0;
  if (own && s.linha) {
    steps.push({ method: 'DELETE', table: 'vd_contratos_produtos', id: Number(s.linha.id) });
  }
  if (code(s.conta.status_integracao) !== 'D')
    steps.push(putConta(s.conta, { status_integracao: 'D' }));
  return {
    outcome: steps.length ? 'cancelled' : 'unchanged',
    contratoId,
    steps,
    conta: { id },
    linha: s.linha && !own ? { id: Number(s.linha.id) } : null,
  };
}

// Columns IXC maintains itself: resending them is pointless (IXC drops them).
const SERVER_COLUMNS = new Set(['id', 'ultima_atualizacao', 'criado_em', 'created_at']);

/** A full-record PUT of an account: the fresh row, every column, with `changes` applied. */
export function putConta(row: SvaContaFullRow, changes: Record<string, string>): PlannedStep {
  const body: Record<string, string> = {};
  for (const [column, value] of Object.entries(row)) {
    if (!SERVER_COLUMNS.has(column)) body[column] = value;
  }
  Object.assign(body, changes);
  return { method: 'PUT', table: 'sva_usuarios', id: Number(row.id), body, expect: changes };
}

/** The operations of a plan as reported: secrets redacted, references kept as `"$<n>"`. */
export function reportSteps(steps: readonly PlannedStep[]): IxcOperation[] {
  return steps.map((s) => report(s));
}

/** One step as reported, with the id IXC gave it and how it ended. */
export function report(
  step: PlannedStep,
  extra: Pick<IxcOperation, 'result' | 'ixcId'> = {},
): IxcOperation {
  const op: IxcOperation = { method: step.method, table: step.table };
  if (step.id !== undefined) op.id = step.id;
  if (step.body) {
    op.body = {};
    for (const [k, v] of Object.entries(step.body)) {
      op.body[k] = SECRET_COLUMN.test(k) && v !== '' ? '[REDACTED]' : v;
    }
  }
  if (extra.result) op.result = extra.result;
  if (extra.ixcId !== undefined) op.ixcId = extra.ixcId;
  return op;
}
