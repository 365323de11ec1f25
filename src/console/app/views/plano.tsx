/** One plan's customers, paged, filtered by contract status. */
import { get, qs } from '../api.js';
import { useApp } from '../context.js';
import {
  CONTRATO_FILTROS,
  contratoWords,
  formatDate,
  formatMoney,
  internetWords,
  tipoWords,
} from '../format.js';
import { href, type Route } from '../route.js';
import type { ListAnswer, PlanoComClientes, StatusContrato } from '../types.js';
import { ErrorBox, Loading, Pager, PageTitle } from '../ui/common.js';
import { useLoad } from '../ui/use-load.js';

const PAGE_SIZE = 25;

/** The plan view. */
export function PlanoView({ route }: { route: Route }) {
  const { target } = useApp();
  const id = route.id ?? '';
  const status = (route.query.get('status') ?? '') as StatusContrato | '';
  const page = Math.max(1, Number(route.query.get('page')) || 1);
  const list = useLoad(
    (signal) =>
      get<ListAnswer<PlanoComClientes>>(
        target,
        `/clientes/planos${qs({ planoId: id, status, page, pageSize: PAGE_SIZE })}`,
        signal,
      ),
    [target, id, status, page],
  );
  const group = list.data?.data[0];
  const plano = group?.plano;
  const paging = list.data?.paging;
  const linkFor = (p: number) => href(`planos/${id}`, { status, page: p > 1 ? p : undefined });

  return (
    <section aria-labelledby="page-title">
      <p class="crumbs">
        <a href="#/planos">← Planos</a>
      </p>
      <PageTitle>{plano ? plano.nome : `Plano ${id}`}</PageTitle>
      {plano && (
        <p class="muted">
          {tipoWords(plano.tipo)} · {formatMoney(plano.valor)} · {plano.ativo ? 'ativo' : 'inativo'}
        </p>
      )}
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <label for="filtro-status">Situação do contrato</label>
        <select
          id="filtro-status"
          value={status}
          onChange={(e) => {
            location.hash = href(`planos/${id}`, { status: (e.target as HTMLSelectElement).value });
          }}
        >
          <option value="">Todas</option>
          {CONTRATO_FILTROS.map((s) => (
            <option key={s} value={s}>
              {contratoWords(s)}
            </option>
          ))}
        </select>
      </form>
      {list.error !== null && <ErrorBox error={list.error} />}
      {list.loading && !list.data && <Loading what="os clientes" />}
      {list.data && (
        <>
          <p aria-live="polite">
            {paging ? `${paging.total} contratos` : ''}
            {status ? ` com situação ${contratoWords(status).toLowerCase()}` : ''}
          </p>
          <div class="table-wrap">
            <table class="stack">
              <caption class="sr-only">Clientes do plano</caption>
              <thead>
                <tr>
                  <th scope="col">Cliente</th>
                  <th scope="col">Contrato</th>
                  <th scope="col">Situação</th>
                  <th scope="col">Internet</th>
                  <th scope="col">Ativação</th>
                </tr>
              </thead>
              <tbody>
                {(group?.clientes ?? []).map(({ cliente, contrato }) => (
                  <tr key={contrato.id}>
                    <th scope="row" data-label="Cliente">
                      {cliente ? (
                        <a href={href(`cliente/${cliente.id}`)}>{cliente.nome}</a>
                      ) : (
                        `Cliente ${contrato.clienteId ?? '?'}`
                      )}
                    </th>
                    <td data-label="Contrato">nº {contrato.id}</td>
                    <td data-label="Situação">{contratoWords(contrato.status)}</td>
                    <td data-label="Internet">{internetWords(contrato.statusInternet)}</td>
                    <td data-label="Ativação">{formatDate(contrato.dataAtivacao)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {paging && (
            <Pager
              page={paging.page}
              totalPages={paging.totalPages}
              hrefFor={linkFor}
              label="clientes"
            />
          )}
        </>
      )}
    </section>
  );
}
