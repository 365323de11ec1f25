/** The SVA side of the customer page: the result of the last click, and the catalogue SVAs to activate. */
import { useState } from 'preact/hooks';
import { formatMoney, svaWords } from '../format.js';
import type { ProdutoCliente, Sva, SvaResult } from '../types.js';
import { ActionButton } from '../ui/action.js';
import { ErrorBox, operationWords } from '../ui/common.js';
import type { ContratoLinha } from './cliente-data.js';

/** The writes the page can make; `null` when the key may not write. */
export interface SvaActions {
  ativar(sva: Sva, contratoId: number | null, key: string): Promise<void>;
  alterar(produto: ProdutoCliente, status: 'bloqueado' | 'ativo', key: string): Promise<void>;
  cancelar(produto: ProdutoCliente, key: string): Promise<void>;
}

/** What the last click did. */
export type Outcome =
  | { kind: 'busy'; what: string }
  | { kind: 'ok'; what: string; result: SvaResult; fresh: ProdutoCliente[] }
  | { kind: 'error'; what: string; error: unknown };

const OUTCOME: Record<SvaResult['outcome'], string> = {
  created: 'feito: SVA ativada',
  reactivated: 'feito: SVA reativada',
  unchanged: 'nada a fazer: já estava assim',
  blocked: 'feito: SVA bloqueada',
  unblocked: 'feito: SVA desbloqueada',
  cancelled: 'feito: SVA cancelada',
};

function readBack(result: SvaResult, fresh: ProdutoCliente[]): string {
  const now = fresh.find((p) => p.contaSva?.id === result.conta.id);
  if (!now?.contaSva)
    return `A conta nº ${result.conta.id} não aparece mais nos produtos do cliente.`;
  return `Situação lida do IXC agora: ${svaWords(now.contaSva.status)} (conta nº ${result.conta.id}).`;
}

/** The result line: progress, then the state read back, or the error and what was done. */
export function OutcomePanel({ outcome }: { outcome: Outcome | null }) {
  return (
    <div class="outcome" role="status" aria-live="polite" id="resultado-acao" tabIndex={-1}>
      {outcome?.kind === 'busy' && <p aria-busy="true">{outcome.what}: em andamento…</p>}
      {outcome?.kind === 'ok' && (
        <div class="ok">
          <p>
            <strong>
              {outcome.what}: {OUTCOME[outcome.result.outcome] ?? outcome.result.outcome}.
            </strong>{' '}
            {readBack(outcome.result, outcome.fresh)}
          </p>
          {outcome.result.operations.length > 0 && (
            <details>
              <summary>Operações no IXC ({outcome.result.operations.length})</summary>
              <ul>
                {outcome.result.operations.map((op, i) => (
                  <li key={i}>{operationWords(op)}</li>
                ))}
              </ul>
            </details>
          )}
        </div>
      )}
      {outcome?.kind === 'error' && (
        <>
          <p>
            <strong>{outcome.what}: não concluído.</strong>
          </p>
          <ErrorBox error={outcome.error} />
        </>
      )}
    </div>
  );
}

/** The catalogue SVAs the customer lacks, with "Ativar" when the key may write. */
export function ClienteSvas({
  contratos,
  catalogo,
  produtos,
  actions,
}: {
  contratos: ContratoLinha[];
  catalogo: Sva[] | null;
  produtos: ProdutoCliente[];
  actions: SvaActions | null;
}) {
  const ativos = contratos.filter((c) => c.status === 'ativo');
  const [contratoId, setContratoId] = useState<number | null>(
    ativos.length === 1 ? ativos[0]!.id : null,
  );
  if (catalogo === null) return null;
  const tem = new Set(
    produtos
      .filter((p) => p.sva && p.contaSva && p.contaSva.status !== 'desativado')
      .map((p) => p.produtoId),
  );
  const faltam = catalogo.filter((s) => !tem.has(s.id));
  const escolha = contratoId ?? (ativos.length === 1 ? ativos[0]!.id : null);
  return (
    <section aria-labelledby="svas-disponiveis" class="panel">
      <h2 id="svas-disponiveis">SVAs que o cliente ainda não tem</h2>
      {faltam.length === 0 ? (
        <p class="muted">O cliente já tem todas as SVAs do catálogo.</p>
      ) : (
        <>
          {actions && ativos.length > 1 && (
            <div class="field">
              <label for="contrato-sva">Contrato que recebe a SVA</label>
              <select
                id="contrato-sva"
                value={escolha ?? ''}
                onChange={(e) =>
                  setContratoId(Number((e.target as HTMLSelectElement).value) || null)
                }
              >
                <option value="">Escolha…</option>
                {ativos.map((c) => (
                  <option key={c.id} value={c.id}>
                    Contrato nº {c.id} {c.planoNome ? `(${c.planoNome})` : ''}
                  </option>
                ))}
              </select>
            </div>
          )}
          <ul class="svas">
            {faltam.map((s) => (
              <li key={s.id}>
                <span>
                  <strong>{s.nome}</strong> <span class="muted">{formatMoney(s.valor)}</span>
                </span>
                {actions && (
                  <ActionButton
                    focusAfter="resultado-acao"
                    label="Ativar"
                    busyLabel="Ativando…"
                    describe={s.nome}
                    variant="primary"
                    run={(key) => actions.ativar(s, escolha, key)}
                  />
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
