/**
 * Planos: every plan with its kind, price, active flag and how many customers it has. The
 * counts come from `/clientes/planos?planoId=…&pageSize=1` (the total of a one-row page),
 * a few at a time, so the table shows before every count is known.
 */
import { useEffect, useState } from 'preact/hooks';
import { get, qs } from '../api.js';
import { useApp } from '../context.js';
import { formatMoney, formatNumber, tipoWords } from '../format.js';
import { href } from '../route.js';
import type { ListAnswer, Plano } from '../types.js';
import { announce } from '../ui/announce.js';
import { ErrorBox, Loading, PageTitle } from '../ui/common.js';
import { useLoad } from '../ui/use-load.js';

const COUNT_CONCURRENCY = 4;

async function allPlanos(target: ReturnType<typeof useApp>['target'], signal: AbortSignal) {
  const out: Plano[] = [];
  for (let page = 1; page <= 50; page++) {
    const answer = await get<ListAnswer<Plano>>(
      target,
      `/planos${qs({ page, pageSize: 500 })}`,
      signal,
    );
    out.push(...answer.data);
    if (!answer.paging?.hasNextPage) break;
  }
  return out;
}

/** The plans view. */
export function Planos() {
  const { target } = useApp();
  const planos = useLoad((signal) => allPlanos(target, signal), [target]);
  const [counts, setCounts] = useState<Record<number, number | null>>({});

  useEffect(() => {
    const list = planos.data;
    if (!list) return;
    announce(`${list.length} planos.`);
    const controller = new AbortController();
    const queue = [...list];
    const worker = async () => {
      for (let p = queue.shift(); p; p = queue.shift()) {
        const id = p.id;
        try {
          const answer = await get<ListAnswer<unknown>>(
            target,
            `/clientes/planos${qs({ planoId: id, pageSize: 1 })}`,
            controller.signal,
          );
          setCounts((c) => ({ ...c, [id]: answer.paging?.total ?? answer.data.length }));
        } catch {
          if (controller.signal.aborted) return;
          setCounts((c) => ({ ...c, [id]: null }));
        }
      }
    };
    for (let i = 0; i < COUNT_CONCURRENCY; i++) void worker();
    return () => controller.abort();
  }, [planos.data, target]);

  return (
    <section aria-labelledby="page-title">
      <PageTitle>Planos</PageTitle>
      {planos.error !== null && <ErrorBox error={planos.error} />}
      {planos.loading && !planos.data && <Loading what="os planos" />}
      {planos.data && (
        <div class="table-wrap">
          <table class="stack">
            <caption class="sr-only">
              Planos, com tipo, valor, situação e número de clientes
            </caption>
            <thead>
              <tr>
                <th scope="col">Plano</th>
                <th scope="col">Tipo</th>
                <th scope="col" class="num">
                  Valor
                </th>
                <th scope="col">Ativo</th>
                <th scope="col" class="num">
                  Clientes
                </th>
              </tr>
            </thead>
            <tbody>
              {planos.data.map((p) => {
                const count = counts[p.id];
                return (
                  <tr key={p.id}>
                    <th scope="row" data-label="Plano">
                      <a href={href(`planos/${p.id}`)}>{p.nome}</a>
                    </th>
                    <td data-label="Tipo">{tipoWords(p.tipo)}</td>
                    <td data-label="Valor" class="num">
                      {formatMoney(p.valor)}
                    </td>
                    <td data-label="Ativo">{p.ativo ? 'Sim' : 'Não'}</td>
                    <td data-label="Clientes" class="num">
                      {count === undefined ? '…' : count === null ? '—' : formatNumber(count)}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
