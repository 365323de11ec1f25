/** Small pieces shared by the views: page heading with focus, loading and error blocks, pager. */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { doneOperations, plainError } from '../api.js';
import type { IxcOperation } from '../types.js';

/** The page's h1; takes focus when the view opens, so keyboard and screen-reader users land on it. */
export function PageTitle({ children }: { children: ComponentChildren }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <h1 tabIndex={-1} ref={ref} id="page-title">
      {children}
    </h1>
  );
}

/** A block saying something is loading. */
export function Loading({ what }: { what: string }) {
  return (
    <p class="muted" aria-busy="true">
      Carregando {what}…
    </p>
  );
}

/** One IXC operation in words: `POST vd_contratos_produtos nº 41`. */
export function operationWords(op: IxcOperation): string {
  const id = op.ixcId ?? op.id;
  const verb =
    op.method === 'POST' ? 'inclusão em' : op.method === 'PUT' ? 'alteração de' : 'exclusão em';
  return `${verb} ${op.table}${id ? ` nº ${id}` : ''}`;
}

/** An error in plain words, with the IXC writes already made when there were any. */
export function ErrorBox({ error }: { error: unknown }) {
  const done = doneOperations(error);
  return (
    <div class="error" role="alert">
      <p>{plainError(error)}</p>
      {done.length > 0 && (
        <>
          <p>Já feito no IXC antes do erro:</p>
          <ul>
            {done.map((op, i) => (
              <li key={i}>{operationWords(op)}</li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

/** Previous/next page links for a paged list. */
export function Pager({
  page,
  totalPages,
  hrefFor,
  label,
}: {
  page: number;
  totalPages: number;
  hrefFor: (page: number) => string;
  label: string;
}) {
  if (totalPages <= 1) return null;
  return (
    <nav class="pager" aria-label={`Páginas de ${label}`}>
      {page > 1 ? <a href={hrefFor(page - 1)}>← Anterior</a> : <span />}
      <span aria-current="page">
        Página {page} de {totalPages}
      </span>
      {page < totalPages ? <a href={hrefFor(page + 1)}>Próxima →</a> : <span />}
    </nav>
  );
}
