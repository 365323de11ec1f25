/** Auditoria: the writes made through the API, newest first. */
import { get, qs } from '../api.js';
import { useApp } from '../context.js';
import { formatMoment } from '../format.js';
import { href, type Route } from '../route.js';
import type { AuditRecord, ListAnswer } from '../types.js';
import { ErrorBox, Loading, Pager, PageTitle } from '../ui/common.js';
import { useLoad } from '../ui/use-load.js';

const PAGE_SIZE = 50;

function field<T>(r: AuditRecord, name: string): T | undefined {
  const own = (r as unknown as Record<string, unknown>)[name];
  return (own ?? r.record?.[name]) as T | undefined;
}

/** The audit view. */
export function Auditoria({ route }: { route: Route }) {
  const { target } = useApp();
  const page = Math.max(1, Number(route.query.get('page')) || 1);
  const list = useLoad(
    (signal) =>
      get<ListAnswer<AuditRecord>>(
        target,
        `/auditoria${qs({ page, pageSize: PAGE_SIZE })}`,
        signal,
      ),
    [target, page],
  );
  return (
    <section aria-labelledby="page-title">
      <PageTitle>Auditoria</PageTitle>
      <p class="muted">Escritas feitas pela API, das mais novas para as mais antigas.</p>
      {list.error !== null && <ErrorBox error={list.error} />}
      {list.loading && !list.data && <Loading what="a auditoria" />}
      {list.data && list.data.data.length === 0 && <p>Nenhuma escrita registrada.</p>}
      {list.data && list.data.data.length > 0 && (
        <div class="table-wrap">
          <table class="stack">
            <caption class="sr-only">Escritas auditadas</caption>
            <thead>
              <tr>
                <th scope="col">Quando</th>
                <th scope="col">Chave</th>
                <th scope="col">Ação</th>
                <th scope="col">Cliente</th>
                <th scope="col">Resultado</th>
                <th scope="col" class="num">
                  Operações IXC
                </th>
              </tr>
            </thead>
            <tbody>
              {list.data.data.map((r) => {
                const cliente = field<number>(r, 'clienteId');
                const ops = field<unknown[]>(r, 'operations');
                return (
                  <tr key={String(r.id)}>
                    <th scope="row" data-label="Quando">
                      {formatMoment(r.at)}
                    </th>
                    <td data-label="Chave">{field<string>(r, 'apiKeyName') ?? '—'}</td>
                    <td data-label="Ação">{r.action}</td>
                    <td data-label="Cliente">
                      {cliente ? <a href={href(`cliente/${cliente}`)}>nº {cliente}</a> : '—'}
                    </td>
                    <td data-label="Resultado">{field<string>(r, 'outcome') ?? '—'}</td>
                    <td data-label="Operações IXC" class="num">
                      {Array.isArray(ops) ? ops.length : '—'}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {list.data?.paging && (
        <Pager
          page={list.data.paging.page}
          totalPages={list.data.paging.totalPages}
          hrefFor={(p) => href('auditoria', { page: p > 1 ? p : undefined })}
          label="auditoria"
        />
      )}
    </section>
  );
}
