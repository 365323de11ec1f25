/** Sign in with an API key, and pick a tenant when the key serves several ISPs. */
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, plainError } from '../api.js';
import { type Session, signIn } from '../session.js';

/** The sign-in form. `pending` is a key already checked that still needs a tenant. */
export function Login({
  base,
  pending,
  notice,
  onSignedIn,
}: {
  base: string;
  pending: Session | null;
  /** Why the person is back at the sign-in form, if they were signed out. */
  notice?: string | null;
  onSignedIn: (session: Session) => void;
}) {
  const [key, setKey] = useState('');
  const [tenant, setTenant] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const choosing = pending?.needsTenant ?? false;
  useEffect(() => heading.current?.focus(), [choosing]);

  async function submit(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const theKey = choosing ? pending!.key : key.trim();
      onSignedIn(await signIn(base, theKey, choosing ? tenant.trim() || null : null));
    } catch (err) {
      setError(
        err instanceof ApiError && err.status === 401
          ? 'Chave de API não aceita. Confira a chave e tente de novo.'
          : plainError(err),
      );
    } finally {
      setBusy(false);
    }
  }

  const tenants = pending && Array.isArray(pending.tenants) ? pending.tenants : null;
  return (
    <main id="conteudo" class="login">
      <h1 tabIndex={-1} ref={heading}>
        {choosing ? 'Escolha o provedor' : 'Entrar no console Campsoft'}
      </h1>
      {notice && (
        <p class="error" role="alert">
          {notice}
        </p>
      )}
      <form onSubmit={submit} aria-describedby={error ? 'login-erro' : undefined}>
        {choosing ? (
          tenants ? (
            <>
              <label for="tenant">Provedor (tenant)</label>
              <select
                id="tenant"
                value={tenant}
                onChange={(e) => setTenant((e.target as HTMLSelectElement).value)}
                required
              >
                <option value="">Escolha…</option>
                {tenants.map((t) => (
                  <option key={t} value={t}>
                    {t}
                  </option>
                ))}
              </select>
            </>
          ) : (
            <>
              <label for="tenant">Identificador do provedor (tenant)</label>
              <input
                id="tenant"
                value={tenant}
                onInput={(e) => setTenant((e.target as HTMLInputElement).value)}
                required
                autocomplete="off"
              />
            </>
          )
        ) : (
          <>
            <label for="api-key">Chave de API</label>
            <input
              id="api-key"
              type="password"
              value={key}
              onInput={(e) => setKey((e.target as HTMLInputElement).value)}
              required
              minLength={16}
              autocomplete="off"
              spellcheck={false}
            />
            <p class="hint">A chave fica só nesta aba e some quando ela é fechada.</p>
          </>
        )}
        <button type="submit" disabled={busy} aria-busy={busy}>
          {busy ? 'Verificando…' : choosing ? 'Continuar' : 'Entrar'}
        </button>
        {error && (
          <p class="error" role="alert" id="login-erro">
            {error}
          </p>
        )}
      </form>
    </main>
  );
}
