/** The shell: sign-in, the header with navigation and sign-out, and the view of the hash route. */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { apiBaseFromPage, UNAUTHORIZED } from './api.js';
import { AppContext, type AppState } from './context.js';
import { parseRoute, type Route } from './route.js';
import { can, forget, keep, type Session, signIn, stored } from './session.js';
import { Announcer } from './ui/announce.js';
import { Auditoria } from './views/auditoria.js';
import { Busca } from './views/busca.js';
import { ClienteView } from './views/cliente.js';
import { Login } from './views/login.js';
import { PlanoView } from './views/plano.js';
import { Planos } from './views/planos.js';
import { Webhooks } from './views/webhooks.js';

function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const onHash = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);
  return route;
}

const NAV: { name: Route['name']; label: string; scope: string; also?: Route['name'] }[] = [
  { name: 'busca', label: 'Busca', scope: 'read', also: 'cliente' },
  { name: 'planos', label: 'Planos', scope: 'read', also: 'plano' },
  { name: 'webhooks', label: 'Webhooks', scope: 'webhooks:admin' },
  { name: 'auditoria', label: 'Auditoria', scope: 'audit:read' },
];

function View({ route }: { route: Route }) {
  switch (route.name) {
    case 'planos':
      return <Planos />;
    case 'plano':
      return <PlanoView route={route} />;
    case 'cliente':
      return <ClienteView key={route.id} id={Number(route.id)} />;
    case 'webhooks':
      return <Webhooks route={route} />;
    case 'auditoria':
      return <Auditoria route={route} />;
    default:
      return <Busca route={route} />;
  }
}

/** The whole page. */
export function App() {
  const base = useMemo(apiBaseFromPage, []);
  const route = useRoute();
  const [session, setSession] = useState<Session | null>(null);
  const [pending, setPending] = useState<Session | null>(null);
  const [restoring, setRestoring] = useState(() => stored() !== null);
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    const kept = stored();
    if (!kept) return;
    signIn(base, kept.key, kept.tenant).then(
      (s) => {
        if (s.needsTenant) setPending(s);
        else setSession(s);
        setRestoring(false);
      },
      () => {
        forget();
        setRestoring(false);
      },
    );
  }, [base]);

  useEffect(() => {
    const onRefused = () => {
      if (!stored()) return;
      forget();
      setSession(null);
      setPending(null);
      setNotice('A chave de API deixou de ser aceita. Entre de novo.');
    };
    addEventListener(UNAUTHORIZED, onRefused);
    return () => removeEventListener(UNAUTHORIZED, onRefused);
  }, []);

  const signedIn = (s: Session) => {
    setNotice(null);
    if (s.needsTenant) {
      setPending(s);
      return;
    }
    keep(s.key, s.tenant);
    setPending(null);
    setSession(s);
  };
  const signOut = () => {
    forget();
    setSession(null);
    setPending(null);
    location.hash = '#/busca';
  };

  const state: AppState | null = useMemo(
    () => session && { session, target: { base, key: session.key, tenant: session.tenant } },
    [session, base],
  );

  const skip = (
    <button type="button" class="skip" onClick={skipToMain}>
      Ir para o conteúdo
    </button>
  );
  if (restoring) {
    return (
      <main id="conteudo">
        <p aria-busy="true">Verificando a sessão…</p>
      </main>
    );
  }
  if (!state) {
    return (
      <>
        {skip}
        <header class="top">
          <span class="brand">Campsoft · Console</span>
        </header>
        <Login base={base} pending={pending} notice={notice} onSignedIn={signedIn} />
        <Announcer />
      </>
    );
  }
  const manyTenants =
    state.session.tenant !== null &&
    (state.session.tenants === '*' || state.session.tenants.length > 1);
  return (
    <AppContext.Provider value={state}>
      {skip}
      <header class="top">
        <span class="brand">Campsoft · Console</span>
        <nav aria-label="Principal">
          <ul>
            {NAV.filter((n) => can(state.session, n.scope)).map((n) => (
              <li key={n.name}>
                <a
                  href={`#/${n.name}`}
                  aria-current={route.name === n.name || route.name === n.also ? 'page' : undefined}
                >
                  {n.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div class="who">
          <span>
            {state.session.name}
            {state.session.tenant && <> · provedor {state.session.tenant}</>}
          </span>
          {manyTenants && (
            <button
              type="button"
              class="link"
              onClick={() => {
                setPending({ ...state.session, tenant: null, needsTenant: true });
                setSession(null);
              }}
            >
              Trocar provedor
            </button>
          )}
          <button type="button" class="secondary" onClick={signOut}>
            Sair
          </button>
        </div>
      </header>
      <main id="conteudo">
        <View route={route} />
      </main>
      <Announcer />
    </AppContext.Provider>
  );
}

// Hash routing owns `#…`: the skip control moves focus itself instead of changing the hash.
function skipToMain() {
  const target = document.getElementById('page-title') ?? document.getElementById('conteudo');
  target?.focus();
}
