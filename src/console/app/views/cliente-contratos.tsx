/** Each contract of the customer with its status and every product, SVAs marked with their account. */
import {
  contratoWords,
  formatMoney,
  formatNumber,
  internetWords,
  origemWords,
  svaWords,
} from '../format.js';
import type { ProdutoCliente } from '../types.js';
import { ActionButton } from '../ui/action.js';
import type { ContratoLinha } from './cliente-data.js';
import type { SvaActions } from './cliente-svas.js';

function Acoes({ p, actions }: { p: ProdutoCliente; actions: SvaActions }) {
  const conta = p.contaSva;
  if (!p.sva || !conta || conta.status === 'desativado') return null;
  return (
    <div class="row-actions">
      {conta.status === 'bloqueado' ? (
        <ActionButton
          focusAfter="resultado-acao"
          label="Desbloquear"
          busyLabel="Desbloqueando…"
          describe={p.nome}
          run={(key) => actions.alterar(p, 'ativo', key)}
        />
      ) : (
        <ActionButton
          focusAfter="resultado-acao"
          label="Bloquear"
          busyLabel="Bloqueando…"
          describe={p.nome}
          run={(key) => actions.alterar(p, 'bloqueado', key)}
        />
      )}
      <ActionButton
        focusAfter="resultado-acao"
        label="Cancelar"
        busyLabel="Cancelando…"
        describe={p.nome}
        variant="danger"
        confirm={{
          title: `Cancelar ${p.nome}?`,
          text: 'A conta da SVA será desativada no IXC e a linha que o console incluiu sai do contrato. Para voltar, será preciso ativar de novo.',
          yes: 'Sim, cancelar',
        }}
        run={(key) => actions.cancelar(p, key)}
      />
    </div>
  );
}

/** The contracts section. */
export function Contratos({
  contratos,
  actions,
}: {
  contratos: ContratoLinha[];
  actions: SvaActions | null;
}) {
  return (
    <section aria-labelledby="contratos" class="panel">
      <h2 id="contratos">Contratos e produtos</h2>
      {contratos.length === 0 && <p class="muted">Nenhum contrato.</p>}
      {contratos.map((c) => (
        <article key={c.id} aria-labelledby={`contrato-${c.id}`} class="contrato">
          <h3 id={`contrato-${c.id}`}>
            Contrato nº {c.id}
            {c.planoNome && <> · {c.planoNome}</>}
          </h3>
          <p>
            <span class={`badge st-${c.status}`}>{contratoWords(c.status)}</span>
            {c.statusInternet && (
              <span class={`badge net-${c.statusInternet}`}>{internetWords(c.statusInternet)}</span>
            )}
          </p>
          <div class="table-wrap">
            <table class="stack">
              <caption class="sr-only">Produtos do contrato nº {c.id}</caption>
              <thead>
                <tr>
                  <th scope="col">Produto</th>
                  <th scope="col">Origem</th>
                  <th scope="col">Plano</th>
                  <th scope="col" class="num">
                    Qtd.
                  </th>
                  <th scope="col" class="num">
                    Valor
                  </th>
                  <th scope="col">SVA</th>
                  {actions && <th scope="col">Ações</th>}
                </tr>
              </thead>
              <tbody>
                {c.produtos.map((p) => (
                  <tr key={`${p.origem}-${p.linhaId}`} data-conta={p.contaSva?.id}>
                    <th scope="row" data-label="Produto">
                      {p.nome}
                    </th>
                    <td data-label="Origem">{origemWords(p.origem)}</td>
                    <td data-label="Plano">{p.planoNome ?? '—'}</td>
                    <td data-label="Qtd." class="num">
                      {formatNumber(p.quantidade)}
                    </td>
                    <td data-label="Valor" class="num">
                      {formatMoney(p.valorTotal ?? p.valorUnitario)}
                    </td>
                    <td data-label="SVA">
                      {p.sva ? (
                        <>
                          <span class="badge sva">SVA</span>{' '}
                          {p.contaSva
                            ? `Conta ${svaWords(p.contaSva.status).toLowerCase()}`
                            : 'Sem conta'}
                        </>
                      ) : (
                        'Não'
                      )}
                    </td>
                    {actions && (
                      <td data-label="Ações">
                        <Acoes p={p} actions={actions} />
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </article>
      ))}
    </section>
  );
}
