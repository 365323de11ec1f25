import { IxcNotFoundError } from '../errors.js';
import { type ProdutoCliente, toProdutosCliente } from '../schemas/domain/produto-cliente.js';
import {
  RawClienteContratoSchema,
  RawClienteContratoServicoSchema,
  RawClienteSchema,
  RawProdutoSchema,
  RawSvaUsuarioSchema,
  RawVdContratoProdutoSchema,
  RawVdContratoSchema,
} from '../schemas/raw/tables.js';
import { idsOf } from './clientes.js';
import { parseId } from './ids.js';
import type { Reader } from './reader.js';

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
  signal?: AbortSignal,
): Promise<ProdutoCliente[]> {
  const clienteId = parseId(id, 'clienteId');
  const contratos = await reader.all(
    'cliente_contrato',
    RawClienteContratoSchema,
    [{ column: 'id_cliente', value: clienteId }],
    signal,
  );
  if (contratos.length === 0) {
    const { rows } = await reader.page('cliente', RawClienteSchema, {
      filters: [{ column: 'id', value: clienteId }],
      rp: 1,
      signal,
    });
    if (rows.length === 0) throw new IxcNotFoundError('cliente', clienteId);
    return [];
  }

  const contratoIds = contratos.map((c) => Number(c.id));
  const planoIds = idsOf(contratos.map((c) => c.id_vd_contrato));
  const [linhasContrato, linhasPlano, servicos, contasSva, planos] = await Promise.all([
    reader.byIds(
      'vd_contratos_produtos',
      RawVdContratoProdutoSchema,
      'id_contrato',
      contratoIds,
      signal,
    ),
    reader.byIds(
      'vd_contratos_produtos',
      RawVdContratoProdutoSchema,
      'id_vd_contrato',
      planoIds,
      signal,
    ),
    reader.byIds(
      'cliente_contrato_servicos',
      RawClienteContratoServicoSchema,
      'id_contrato',
      contratoIds,
      signal,
    ),
    reader.byIds('sva_usuarios', RawSvaUsuarioSchema, 'id_contrato', contratoIds, signal),
    reader.byIds('vd_contratos', RawVdContratoSchema, 'id', planoIds, signal),
  ]);

  const produtoIds = idsOf(
    [...linhasContrato, ...linhasPlano, ...servicos].map((row) => row.id_produto),
  );
  const produtos = await reader.byIds('produtos', RawProdutoSchema, 'id', produtoIds, signal);

  return toProdutosCliente({
    contratos,
    linhasContrato,
    // A plan line has no contract; a line with both set is the contract's own.
    linhasPlano: linhasPlano.filter((l) => idsOf([l.id_contrato]).length === 0),
    servicos,
    contasSva,
    planos: new Map(planos.map((p) => [p.id.trim(), p])),
    produtos: new Map(produtos.map((p) => [p.id.trim(), p])),
  });
}
