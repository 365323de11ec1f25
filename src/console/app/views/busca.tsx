/**
 * Busca: find a customer by code, CPF/CNPJ (any punctuation), name, e-mail or phone. The
 * kind is guessed from what is typed unless chosen. Each page of results is shown as soon as
 * it arrives; "Mostrar mais" fetches the next.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, get, qs } from '../api.js';
import { useApp } from '../context.js';
import type { Route } from '../route.js';
import { href } from '../route.js';
import type { Cliente, ListAnswer, Paging } from '../types.js';
import { announce } from '../ui/announce.js';
import { ErrorBox, PageTitle } from '../ui/common.js';

type Kind = 'auto' | 'codigo' | 'cpfCnpj' | 'nome' | 'email' | 'telefone';
const KINDS: { value: Kind; label: string }[] = [
  { value: 'auto', label: 'Qualquer' },
  { value: 'cpfCnpj', label: 'CPF ou CNPJ' },
  { value: 'nome', label: 'Nome' },
  { value: 'email', label: 'E-mail' },
  { value: 'telefone', label: 'Telefone' },
  { value: 'codigo', label: 'Código do cliente' },
];
const PAGE_SIZE = 20;

/** What a typed text most likely is. */
export function guessKind(text: string): Exclude<Kind, 'auto'> {
  const t = text.trim();
  if (t.includes('@')) return 'email';
  const digits = t.replace(/\D/g, '');
  if (/^\d{1,9}$/.test(t)) return 'codigo';
  if (/^\(?\d{2}\)?[\s-]*9?\d{4}-?\d{4}$/.test(t) && !/^\d+$/.test(t)) return 'telefone';
  if (/^[\d.\-/\s]+$/.test(t) && (digits.length === 11 || digits.length === 14)) return 'cpfCnpj';
  // An alphanumeric CNPJ: 12 letters or digits, then two digits.
  if (/^[A-Za-z0-9]{12}\d{2}$/.test(t.replace(/[.\-/\s]/g, '')) && /\d/.test(t)) return 'cpfCnpj';
  if (/^[\d()\s+-]+$/.test(t)) return digits.length >= 10 ? 'telefone' : 'cpfCnpj';
  return 'nome';
}

interface Results {
  items: Cliente[];
  paging: Paging | null;
  term: string;
  kind: Exclude<Kind, 'auto'>;
}

/** The search view. */
export function Busca({ route }: { route: Route }) {
  const { target } = useApp();
  const [text, setText] = useState(route.query.get('q') ?? '');
  const [kind, setKind] = useState<Kind>((route.query.get('por') as Kind | null) ?? 'auto');
  const [results, setResults] = useState<Results | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const inFlight = useRef<AbortController | null>(null);

  async function run(term: string, chosen: Kind, page: number) {
    const k = chosen === 'auto' ? guessKind(term) : chosen;
    inFlight.current?.abort();
    const controller = new AbortController();
    inFlight.current = controller;
    setBusy(true);
    setError(null);
    announce('Buscando…');
    try {
      let items: Cliente[];
      let paging: Paging | null = null;
      if (k === 'codigo') {
        const id = term.replace(/\D/g, '');
        try {
          items = [
            (await get<{ data: Cliente }>(target, `/clientes/${id}`, controller.signal)).data,
          ];
        } catch (err) {
          if (!(err instanceof ApiError) || err.status !== 404) throw err;
          items = [];
        }
      } else {
        const answer = await get<ListAnswer<Cliente>>(
          target,
          `/clientes${qs({ [k]: term.trim(), page, pageSize: PAGE_SIZE })}`,
          controller.signal,
        );
        items = answer.data;
        paging = answer.paging ?? null;
      }
      if (controller.signal.aborted) return;
      const all = page > 1 && results ? [...results.items, ...items] : items;
      setResults({ items: all, paging, term, kind: k });
      const total = paging?.total ?? all.length;
      announce(
        total === 0
          ? 'Nenhum cliente encontrado.'
          : total === 1
            ? '1 cliente encontrado.'
            : `${total} clientes encontrados${all.length < total ? `, ${all.length} mostrados` : ''}.`,
      );
    } catch (err) {
      if ((err as Error).name === 'AbortError') return;
      setError(err);
      announce('A busca falhou.');
    } finally {
      if (inFlight.current === controller) setBusy(false);
    }
  }

  useEffect(() => {
    if (text.trim()) void run(text, kind, 1);
    return () => inFlight.current?.abort();
    // Only a search named in the address is run on opening.
  }, []);

  function submit(event: Event) {
    event.preventDefault();
    const term = text.trim();
    if (!term) return;
    history.replaceState(
      null,
      '',
      href('busca', { q: term, por: kind === 'auto' ? undefined : kind }),
    );
    void run(term, kind, 1);
  }

  const missingRoute =
    error instanceof ApiError && error.status === 404 && results === null && kind !== 'codigo';
  return (
    <section aria-labelledby="page-title">
      <PageTitle>Buscar cliente</PageTitle>
      <search>
        <form class="search" onSubmit={submit}>
          <div class="field">
            <label for="busca-texto">CPF, CNPJ, nome, e-mail, telefone ou código</label>
            <input
              id="busca-texto"
              type="search"
              value={text}
              onInput={(e) => setText((e.target as HTMLInputElement).value)}
              autocomplete="off"
              spellcheck={false}
              required
            />
          </div>
          <div class="field">
            <label for="busca-tipo">Buscar por</label>
            <select
              id="busca-tipo"
              value={kind}
              onChange={(e) => setKind((e.target as HTMLSelectElement).value as Kind)}
            >
              {KINDS.map((k) => (
                <option key={k.value} value={k.value}>
                  {k.label}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" aria-busy={busy}>
            {busy ? 'Buscando…' : 'Buscar'}
          </button>
        </form>
      </search>
      {missingRoute ? (
        <p class="error" role="alert">
          Este servidor ainda não oferece a busca por CPF, nome ou e-mail. Busque pelo código do
          cliente.
        </p>
      ) : (
        error !== null && <ErrorBox error={error} />
      )}
      {results && (
        <section aria-labelledby="resultados" class="results">
          <h2 id="resultados">
            {results.items.length === 0
              ? 'Nenhum cliente encontrado'
              : `Resultados (${results.paging?.total ?? results.items.length})`}
          </h2>
          <ul class="cards">
            {results.items.map((c) => (
              <li key={c.id}>
                <a href={href(`cliente/${c.id}`)} class="card-link">
                  <strong>{c.nome}</strong>
                  {c.fantasia && <span> ({c.fantasia})</span>}
                </a>
                <div class="muted">
                  Código {c.id}
                  {c.cnpjCpf && <> · {c.cnpjCpf}</>}
                  {c.email && <> · {c.email}</>}
                  {!c.ativo && <> · inativo</>}
                </div>
              </li>
            ))}
          </ul>
          {results.paging?.hasNextPage && (
            <button
              type="button"
              class="secondary"
              disabled={busy}
              onClick={() => run(results.term, results.kind, (results.paging?.page ?? 1) + 1)}
            >
              Mostrar mais
            </button>
          )}
        </section>
      )}
    </section>
  );
}
