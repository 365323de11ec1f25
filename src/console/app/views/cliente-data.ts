/** Reading a customer's page: the customer, every product, and the SVA catalogue. */
import { ApiError, type ApiTarget, get } from '../api.js';
import type { Cliente, ProdutoCliente, StatusContrato, StatusInternet, Sva } from '../types.js';

/** A contract as the customer page shows it, with its products. */
export interface ContratoLinha {
  id: number;
  status: StatusContrato;
  /** Known only when the API says it (a contract list on the customer, or on each product). */
  statusInternet: StatusInternet | null;
  planoNome: string | null;
  produtos: ProdutoCliente[];
}

type WithContracts = Cliente & {
  contratos?: {
    id: number;
    status: StatusContrato;
    statusInternet: StatusInternet;
    descricao?: string | null;
  }[];
};
type ProdutoMaybeInternet = ProdutoCliente & { contratoStatusInternet?: StatusInternet };

/** Groups products by contract, in the order the API lists them. */
export function contratosDe(
  cliente: Cliente,
  produtos: readonly ProdutoCliente[],
): ContratoLinha[] {
  const byId = new Map<number, ContratoLinha>();
  for (const c of (cliente as WithContracts).contratos ?? []) {
    byId.set(c.id, {
      id: c.id,
      status: c.status,
      statusInternet: c.statusInternet,
      planoNome: c.descricao ?? null,
      produtos: [],
    });
  }
  for (const p of produtos as readonly ProdutoMaybeInternet[]) {
    let line = byId.get(p.contratoId);
    if (!line) {
      line = {
        id: p.contratoId,
        status: p.contratoStatus,
        statusInternet: null,
        planoNome: p.planoNome,
        produtos: [],
      };
      byId.set(p.contratoId, line);
    }
    line.statusInternet ??= p.contratoStatusInternet ?? null;
    line.planoNome ??= p.planoNome;
    line.produtos.push(p);
  }
  return [...byId.values()];
}

/** Everything the customer page shows. */
export interface ClientePage {
  cliente: Cliente;
  produtos: ProdutoCliente[];
  /** `null` when the server has no catalogue route yet. */
  catalogo: Sva[] | null;
}

/** Reads a customer's products again (after a write, to show the state IXC now has). */
export async function lerProdutos(target: ApiTarget, id: number, signal?: AbortSignal) {
  return (await get<{ data: ProdutoCliente[] }>(target, `/clientes/${id}/produtos`, signal)).data;
}

/** Reads the page's data; the three requests go out together. */
export async function lerCliente(
  target: ApiTarget,
  id: number,
  signal: AbortSignal,
): Promise<ClientePage> {
  const catalogo = get<{ data: Sva[] }>(target, '/svas', signal).then(
    (a) => a.data,
    (error: unknown) => {
      if (error instanceof ApiError && (error.status === 404 || error.status === 403)) return null;
      throw error;
    },
  );
  const [cliente, produtos, svas] = await Promise.all([
    get<{ data: Cliente }>(target, `/clientes/${id}`, signal).then((a) => a.data),
    lerProdutos(target, id, signal),
    catalogo,
  ]);
  return { cliente, produtos, catalogo: svas };
}
