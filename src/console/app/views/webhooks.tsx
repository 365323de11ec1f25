/**
 * Webhooks: the headline figures, deliveries and failures per hour, the endpoints, and the
 * deliveries of one endpoint with "Reenviar" (one, or every failure in a time range) and a
 * test event. Figures refresh every 15 s while the page is open.
 */
import { useEffect, useState } from 'preact/hooks';
import { call, get } from '../api.js';
import { useApp } from '../context.js';
import { formatDuration, formatMoment } from '../format.js';
import { href, type Route } from '../route.js';
import type { StatsBucket, WebhookDelivery, WebhookEndpoint, WebhookSummary } from '../types.js';
import { ActionButton } from '../ui/action.js';
import { ErrorBox, Loading, PageTitle } from '../ui/common.js';
import { useLoad } from '../ui/use-load.js';
import { DeliveriesChart } from './chart.js';

const REFRESH_MS = 15_000;

/** A list answer that may be `{data: [...]}` or `{data: {items: [...]}}`. */
function items<T>(answer: { data: T[] | { items: T[] } }): T[] {
  return Array.isArray(answer.data) ? answer.data : (answer.data?.items ?? []);
}

const STATUS: Record<WebhookDelivery['status'], string> = {
  pending: 'Pendente',
  delivered: 'Entregue',
  failed: 'Falhou',
};

function deliveryWords(d: WebhookDelivery): string {
  if (d.status === 'pending' && d.attempts > 0 && d.lastError)
    return 'Falhando, nova tentativa agendada';
  return STATUS[d.status] ?? d.status;
}

function Summary({ s }: { s: WebhookSummary }) {
  return (
    <dl class="figures">
      <div>
        <dt>Pendentes</dt>
        <dd>{s.pending}</dd>
      </div>
      <div>
        <dt>Falhando</dt>
        <dd>{s.failing}</dd>
      </div>
      <div>
        <dt>Entregues na última hora</dt>
        <dd>{s.deliveredLastHour}</dd>
      </div>
      <div>
        <dt>Pendente mais antiga</dt>
        <dd>{formatDuration(s.oldestPendingAgeMs)}</dd>
      </div>
      <div>
        <dt>Atraso de detecção</dt>
        <dd>{formatDuration(s.detectionLagMs)}</dd>
      </div>
    </dl>
  );
}

/** The webhooks view. */
export function Webhooks({ route }: { route: Route }) {
  const { target } = useApp();
  const [tick, setTick] = useState(0);
  const [message, setMessage] = useState<{ ok: boolean; text?: string; error?: unknown } | null>(
    null,
  );
  useEffect(() => {
    const timer = setInterval(() => setTick((t) => t + 1), REFRESH_MS);
    return () => clearInterval(timer);
  }, []);
  const summary = useLoad(
    (s) => get<{ data: WebhookSummary }>(target, '/webhooks/summary', s),
    [target, tick],
  );
  const stats = useLoad(
    (s) =>
      get<{ data: StatsBucket[] | { items: StatsBucket[] } }>(
        target,
        '/webhooks/stats?hours=24',
        s,
      ),
    [target, tick],
  );
  const endpoints = useLoad(
    (s) =>
      get<{ data: WebhookEndpoint[] | { items: WebhookEndpoint[] } }>(
        target,
        '/webhooks/endpoints',
        s,
      ),
    [target, tick],
  );
  const list = endpoints.data ? items(endpoints.data) : [];
  const chosen = list.find((e) => e.id === route.id) ?? list[0] ?? null;
  const deliveries = useLoad(
    (s) =>
      chosen
        ? get<{ data: WebhookDelivery[] | { items: WebhookDelivery[] } }>(
            target,
            `/webhooks/endpoints/${encodeURIComponent(chosen.id)}/deliveries`,
            s,
          )
        : Promise.resolve(null),
    [target, chosen?.id, tick],
  );
  const refresh = () => setTick((t) => t + 1);

  async function post(what: string, path: string, key: string, body?: unknown) {
    setMessage(null);
    try {
      await call(target, 'POST', path, {
        idempotencyKey: key,
        ...(body === undefined ? {} : { body }),
      });
      setMessage({ ok: true, text: `${what}: feito.` });
      refresh();
    } catch (error) {
      setMessage({ ok: false, text: `${what}: não concluído.`, error });
      throw error;
    }
  }

  const [since, setSince] = useState('');
  const [until, setUntil] = useState('');
  const buckets = stats.data ? items(stats.data) : [];

  return (
    <section aria-labelledby="page-title">
      <PageTitle>Webhooks</PageTitle>
      <p>
        <button type="button" class="secondary" onClick={refresh}>
          Atualizar
        </button>
      </p>
      <div role="status" aria-live="polite" class="outcome" id="resultado-webhook" tabIndex={-1}>
        {message && (
          <>
            <p>
              <strong>{message.text}</strong>
            </p>
            {message.error !== undefined && <ErrorBox error={message.error} />}
          </>
        )}
      </div>
      <section aria-labelledby="resumo" class="panel">
        <h2 id="resumo">Resumo</h2>
        {summary.error !== null && <ErrorBox error={summary.error} />}
        {summary.data ? (
          <Summary s={summary.data.data} />
        ) : (
          summary.loading && <Loading what="o resumo" />
        )}
        {buckets.length > 0 && <DeliveriesChart buckets={buckets} />}
      </section>
      <section aria-labelledby="endpoints" class="panel">
        <h2 id="endpoints">Endpoints</h2>
        {endpoints.error !== null && <ErrorBox error={endpoints.error} />}
        {endpoints.data && list.length === 0 && <p class="muted">Nenhum endpoint cadastrado.</p>}
        <ul class="cards">
          {list.map((e) => (
            <li key={e.id}>
              <a
                href={href(`webhooks/${encodeURIComponent(e.id)}`)}
                aria-current={e.id === chosen?.id ? 'true' : undefined}
              >
                {e.url}
              </a>
              <div class="muted">
                {e.enabled === false
                  ? `Desativado${e.disabledReason ? ` (${e.disabledReason})` : ''}`
                  : 'Ativo'}
                {e.failingSince ? ` · falhando desde ${formatMoment(e.failingSince)}` : ''}
                {e.eventTypes?.length ? ` · eventos: ${e.eventTypes.join(', ')}` : ''}
                {e.includeCliente ? ' · com dados do cliente' : ''}
              </div>
            </li>
          ))}
        </ul>
      </section>
      {chosen && (
        <section aria-labelledby="entregas" class="panel">
          <h2 id="entregas">Entregas para {chosen.url}</h2>
          <div class="toolbar">
            <ActionButton
              focusAfter="resultado-webhook"
              label="Enviar evento de teste"
              busyLabel="Enviando…"
              run={(key) =>
                post(
                  'Evento de teste',
                  `/webhooks/endpoints/${encodeURIComponent(chosen.id)}/test`,
                  key,
                )
              }
            />
          </div>
          <form
            class="filters"
            onSubmit={(e) => e.preventDefault()}
            aria-labelledby="reenviar-periodo"
          >
            <h3 id="reenviar-periodo">Reenviar as falhas de um período</h3>
            <div class="field">
              <label for="desde">De</label>
              <input
                id="desde"
                type="datetime-local"
                value={since}
                onInput={(e) => setSince((e.target as HTMLInputElement).value)}
              />
            </div>
            <div class="field">
              <label for="ate">Até</label>
              <input
                id="ate"
                type="datetime-local"
                value={until}
                onInput={(e) => setUntil((e.target as HTMLInputElement).value)}
              />
            </div>
            <ActionButton
              focusAfter="resultado-webhook"
              label="Reenviar período"
              busyLabel="Reenviando…"
              run={(key) =>
                post(
                  'Reenvio do período',
                  `/webhooks/endpoints/${encodeURIComponent(chosen.id)}/recover`,
                  key,
                  {
                    since: new Date(since || Date.now() - 86_400_000).toISOString(),
                    until: new Date(until || Date.now()).toISOString(),
                  },
                )
              }
            />
          </form>
          {deliveries.error !== null && <ErrorBox error={deliveries.error} />}
          {deliveries.loading && !deliveries.data && <Loading what="as entregas" />}
          {deliveries.data && (
            <div class="table-wrap">
              <table class="stack">
                <caption class="sr-only">Entregas, mais novas primeiro</caption>
                <thead>
                  <tr>
                    <th scope="col">Evento</th>
                    <th scope="col">Situação</th>
                    <th scope="col" class="num">
                      Tentativas
                    </th>
                    <th scope="col">Último erro</th>
                    <th scope="col">Criada</th>
                    <th scope="col">Ação</th>
                  </tr>
                </thead>
                <tbody>
                  {items(deliveries.data).map((d) => (
                    <tr key={d.id} data-delivery={d.id}>
                      <th scope="row" data-label="Evento">
                        {d.eventType}
                      </th>
                      <td data-label="Situação">
                        {deliveryWords(d)}
                        {d.nextAttemptAt ? ` · próxima ${formatMoment(d.nextAttemptAt)}` : ''}
                      </td>
                      <td data-label="Tentativas" class="num">
                        {d.attempts}
                      </td>
                      <td data-label="Último erro">
                        {d.lastStatusCode ? `HTTP ${d.lastStatusCode}` : ''}
                        {d.lastStatusCode && d.lastError ? ' · ' : ''}
                        {d.lastError ?? (d.lastStatusCode ? '' : '—')}
                      </td>
                      <td data-label="Criada">{formatMoment(d.createdAt)}</td>
                      <td data-label="Ação">
                        <ActionButton
                          focusAfter="resultado-webhook"
                          label="Reenviar"
                          busyLabel="Reenviando…"
                          describe={`${d.eventType} ${d.id}`}
                          run={(key) =>
                            post(
                              'Reenvio',
                              `/webhooks/deliveries/${encodeURIComponent(d.id)}/replay`,
                              key,
                            )
                          }
                        />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      )}
    </section>
  );
}
