/**
 * The reads SVA changes are planned from. Each read is a fixed number of requests sent
 * together, filtered by contract and product, so the cost does not grow with the customer's
 * other contracts and products.
 */
import { IxcNotFoundError, SvaAccountNotFoundError, SvaProductNotSvaError } from '../../errors.js';
import type { Sva } from '../../schemas/domain/sva.js';
import { decodeId } from '../../schemas/ixc-values.js';
import type { ReadContext, Reader } from '../reader.js';
import { readConfigs } from './catalogue.js';
import type { AtivacaoState, ContaState } from './plan.js';
import { chooseContrato } from './plan.js';
import {
  SvaContaFullRow as ContaRow,
  configsById,
  SvaClienteRow,
  type SvaContaFullRow,
  SvaContratoRow,
  SvaLinhaRow,
  SvaPlanoRow,
  SvaProdutoRow,
  svaOf,
} from './rows.js';
import { readRow } from './run.js';

type Ctx = ReadContext;

/** The SVA a product is, with its integration. */
export type SvaComIntegracao = Sva & { integracao: NonNullable<Sva['integracao']> };

/** What an activation learns before taking the contract's lock. */
export interface AtivacaoTarget {
  email: string;
  contrato: SvaContratoRow;
  produto: SvaProdutoRow;
  sva: SvaComIntegracao;
}

async function contratosOf(reader: Reader, clienteId: number, ctx: Ctx) {
  return reader.all(
    'cliente_contrato',
    SvaContratoRow,
    [{ column: 'id_cliente', value: clienteId }],
    ctx,
  );
}

async function clienteOf(reader: Reader, clienteId: number, ctx: Ctx) {
  const { rows } = await reader.page(
    'cliente',
    SvaClienteRow,
    {
      filters: [{ column: 'id', value: clienteId }],
      rp: 1,
    },
    ctx,
  );
  if (!rows[0]) throw new IxcNotFoundError('cliente', clienteId);
  return rows[0];
}

/**
 * Round 1 of an activation: the customer, its contracts, the product and the integrations.
 *
 * @throws {IxcNotFoundError} for an unknown customer, {@link SvaProductNotSvaError}, and the
 *   contract errors of {@link chooseContrato}.
 */
export async function readAtivacaoTarget(
  reader: Reader,
  clienteId: number,
  produtoId: number,
  contratoId: number | undefined,
  ctx: Ctx,
): Promise<AtivacaoTarget> {
  const [cliente, contratos, produtos, configs] = await Promise.all([
    clienteOf(reader, clienteId, ctx),
    contratosOf(reader, clienteId, ctx),
    reader.page(
      'produtos',
      SvaProdutoRow,
      {
        filters: [{ column: 'id', value: produtoId }],
        rp: 1,
      },
      ctx,
    ),
    readConfigs(reader, ctx),
  ]);
  const produto = produtos.rows[0];
  if (!produto) throw new SvaProductNotSvaError(clienteId, produtoId, 'unknown');
  const sva = svaOf(produto, configsById(configs));
  if (!sva) throw new SvaProductNotSvaError(clienteId, produtoId, 'not-sva');
  if (!sva.ativo) throw new SvaProductNotSvaError(clienteId, produtoId, 'inactive');
  if (!sva.integracao) throw new SvaProductNotSvaError(clienteId, produtoId, 'no-integration');
  const contrato = chooseContrato(clienteId, contratos, contratoId);
  return { email: cliente.email, contrato, produto, sva: sva as SvaComIntegracao };
}

/** Round 2 of an activation, under the lock: the product's lines and the contract's accounts. */
export async function readAtivacaoState(
  reader: Reader,
  target: AtivacaoTarget,
  ctx: Ctx,
): Promise<Omit<AtivacaoState, 'valor' | 'usuario'> & { plano: SvaPlanoRow | undefined }> {
  const c = Number(target.contrato.id);
  const p = decodeId(target.contrato.id_vd_contrato);
  const produto = target.sva.id;
  const [proprias, doPlano, contas, plano] = await Promise.all([
    reader.all(
      'vd_contratos_produtos',
      SvaLinhaRow,
      [
        { column: 'id_contrato', value: c },
        { column: 'id_produto', value: produto },
      ],
      ctx,
    ),
    p === null
      ? []
      : reader.all(
          'vd_contratos_produtos',
          SvaLinhaRow,
          [
            { column: 'id_vd_contrato', value: p },
            { column: 'id_produto', value: produto },
          ],
          ctx,
        ),
    reader.all(
      'sva_usuarios',
      ContaRow,
      [
        { column: 'id_contrato', value: c },
        { column: 'id_integracao', value: target.sva.integracao.id },
      ],
      ctx,
    ),
    p === null ? undefined : planoOf(reader, p, ctx),
  ]);
  return {
    ...target,
    linhaContrato: lowest(proprias),
    // A line with both ids set is a contract's own line, not the plan's.
    linhaPlano: lowest(doPlano.filter((l) => decodeId(l.id_contrato) === null)),
    contas,
    plano,
  };
}

async function planoOf(reader: Reader, id: number, ctx: Ctx) {
  const { rows } = await reader.page(
    'vd_contratos',
    SvaPlanoRow,
    {
      filters: [{ column: 'id', value: id }],
      rp: 1,
    },
    ctx,
  );
  return rows[0];
}

function lowest<T extends { id: string }>(rows: readonly T[]): T | undefined {
  return [...rows].sort((a, b) => Number(a.id) - Number(b.id))[0];
}

/** What a status change learns before taking the contract's lock. */
export interface ContaTarget {
  contrato: SvaContratoRow;
  conta: SvaContaFullRow;
}

/**
 * Round 1 of a block, unblock or cancel: the customer, its contracts and the account.
 *
 * @throws {IxcNotFoundError} for an unknown customer, {@link SvaAccountNotFoundError}.
 */
export async function readContaTarget(
  reader: Reader,
  clienteId: number,
  contaId: number,
  ctx: Ctx,
): Promise<ContaTarget> {
  const [, contratos, conta] = await Promise.all([
    clienteOf(reader, clienteId, ctx),
    contratosOf(reader, clienteId, ctx),
    readRow(reader, 'sva_usuarios', contaId, ctx),
  ]);
  const contrato = conta && contratos.find((c) => c.id.trim() === (conta.id_contrato ?? '').trim());
  if (!conta || !contrato) throw new SvaAccountNotFoundError(clienteId, contaId);
  return { contrato, conta };
}

/**
 * Round 2 of a status change, under the lock: the account again (fresh, for the full-record
 * PUT), its line, the other accounts on that line, and the plan.
 */
export async function readContaState(
  reader: Reader,
  clienteId: number,
  target: ContaTarget,
  ctx: Ctx,
): Promise<ContaState & { plano: SvaPlanoRow | undefined }> {
  const contaId = Number(target.conta.id);
  const c = Number(target.contrato.id);
  const p = decodeId(target.contrato.id_vd_contrato);
  const lineId = decodeId(target.conta.id_produto_contrato ?? '');
  const [contas, linha, plano] = await Promise.all([
    lineId === null
      ? readRow(reader, 'sva_usuarios', contaId, ctx).then((r) => (r ? [r] : []))
      : reader.all(
          'sva_usuarios',
          ContaRow,
          [
            { column: 'id_contrato', value: c },
            { column: 'id_produto_contrato', value: lineId },
          ],
          ctx,
        ),
    lineId === null ? undefined : readRow(reader, 'vd_contratos_produtos', lineId, ctx),
    p === null ? undefined : planoOf(reader, p, ctx),
  ]);
  let conta = contas.find((r) => Number(r.id) === contaId);
  let line = linha ? SvaLinhaRow.parse(linha) : undefined;
  let others = contas;
  // Changed between the two reads (moved to another line, or gone): read it again alone.
  if (!conta) {
    conta = await readRow(reader, 'sva_usuarios', contaId, ctx);
    if (!conta || (conta.id_contrato ?? '').trim() !== target.contrato.id.trim()) {
      throw new SvaAccountNotFoundError(clienteId, contaId);
    }
    const moved = decodeId(conta.id_produto_contrato ?? '');
    const [row, sharing] = await Promise.all([
      moved === null ? undefined : readRow(reader, 'vd_contratos_produtos', moved, ctx),
      moved === null
        ? []
        : reader.all(
            'sva_usuarios',
            ContaRow,
            [
              { column: 'id_contrato', value: c },
              { column: 'id_produto_contrato', value: moved },
            ],
            ctx,
          ),
    ]);
    line = row ? SvaLinhaRow.parse(row) : undefined;
    others = sharing;
  }
  const outras = others.filter(
    (r) => Number(r.id) !== contaId && (r.status_integracao ?? '').trim().toUpperCase() !== 'D',
  );
  return { conta, linha: line, outras, plano };
}
