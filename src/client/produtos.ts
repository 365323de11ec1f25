import { IxcNotFoundError } from '../errors.js';
import type { ProdutoCliente } from '../schemas/domain/produto-cliente.js';
import { decodeIds, rowKey } from '../schemas/ixc-values.js';
import {
  RawClienteContratoSchema,
  RawClienteContratoServicoSchema,
  RawClienteSchema,
  RawProdutoSchema,
  RawSvaUsuarioSchema,
  RawVdContratoProdutoSchema,
  RawVdContratoSchema,
} from '../schemas/raw/tables.js';
import { parseId } from './ids.js';
import { toProdutosCliente } from './produtos-assembly.js';
import type { ReadContext, Reader } from './reader.js';

/**
 * Every product of a customer in three rounds, whatever the number of contracts:
 * 1. the customer's contracts;
 * 2. together: the contracts' own lines, their plans' lines, add-ons, SVA accounts, plans;
 * 3. the catalogue entries of every product named in round 2.
 * A customer without contracts costs one more request, to tell "no products" from
 * "no such customer".
 */
export async function getProdutos(
  reader: Reader,
  id: unknown,
  ctx: ReadContext,
): Promise<ProdutoCliente[]> {
  const clienteId = parseId(id, 'clienteId');
  const contratos = await reader.all(
    'cliente_contrato',
    RawClienteContratoSchema,
    [{ column: 'id_cliente', value: clienteId }],
    ctx,
  );
  if (contratos.length === 0) {
    const { rows } = await reader.page(
      'cliente',
      RawClienteSchema,
      { filters: [{ column: 'id', value: clienteId }], rp: 1 },
      ctx,
    );
    if (rows.length === 0) throw new IxcNotFoundError('cliente', clienteId);
    return [];
  }

  const contratoIds = contratos.map((c) => Number(c.id));
  const planoIds = decodeIds(contratos.map((c) => c.id_vd_contrato));
  const [linhasContrato, linhasPlano, servicos, contasSva, planos] = await Promise.all([
    reader.byIds(
      'vd_contratos_produtos',
      RawVdContratoProdutoSchema,
      'id_contrato',
      contratoIds,
      ctx,
    ),
    reader.byIds(
      'vd_contratos_produtos',
      RawVdContratoProdutoSchema,
      'id_vd_contrato',
      planoIds,
      ctx,
    ),
    reader.byIds(
      'cliente_contrato_servicos',
      RawClienteContratoServicoSchema,
      'id_contrato',
      contratoIds,
      ctx,
    ),
    reader.byIds('sva_usuarios', RawSvaUsuarioSchema, 'id_contrato', contratoIds, ctx),
    reader.byIds('vd_contratos', RawVdContratoSchema, 'id', planoIds, ctx),
  ]);

  const produtoIds = decodeIds(
    [...linhasContrato, ...linhasPlano, ...servicos].map((row) => row.id_produto),
  );
  const produtos = await reader.byIds('produtos', RawProdutoSchema, 'id', produtoIds, ctx);

  return toProdutosCliente({
    contratos,
    linhasContrato,
    // A plan line has no contract; a line with both set is the contract's own.
    linhasPlano: linhasPlano.filter((l) => decodeIds([l.id_contrato]).length === 0),
    servicos,
    contasSva,
    planos: new Map(planos.map((p) => [rowKey(p.id), p])),
    produtos: new Map(produtos.map((p) => [rowKey(p.id), p])),
  });
}
