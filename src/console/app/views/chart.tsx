/**
 * Deliveries and failures per hour as an inline SVG bar chart: no chart library, no inline
 * style (the CSP forbids it; colours come from classes). Screen readers get the figures as
 * a table instead of the drawing.
 */
import { formatHour } from '../format.js';
import type { StatsBucket } from '../types.js';

const W = 640;
const H = 180;
const PAD_L = 32;
const PAD_B = 22;

/** The chart, with its data table for assistive technology. */
export function DeliveriesChart({ buckets }: { buckets: StatsBucket[] }) {
  const max = Math.max(1, ...buckets.map((b) => Math.max(b.delivered, b.failed)));
  const slot = (W - PAD_L) / Math.max(1, buckets.length);
  const bar = Math.max(1, slot / 2 - 1);
  const y = (v: number) => H - PAD_B - (v / max) * (H - PAD_B - 8);
  const totalOk = buckets.reduce((s, b) => s + b.delivered, 0);
  const totalFail = buckets.reduce((s, b) => s + b.failed, 0);
  const every = Math.ceil(buckets.length / 8);
  return (
    <figure class="chart">
      <figcaption>
        Entregas por hora nas últimas {buckets.length} horas: {totalOk} entregues, {totalFail}{' '}
        falhas.
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} aria-hidden="true" focusable="false">
        <line class="axis" x1={PAD_L} y1={H - PAD_B} x2={W} y2={H - PAD_B} />
        <text class="tick" x={PAD_L - 4} y={12} text-anchor="end">
          {max}
        </text>
        <text class="tick" x={PAD_L - 4} y={H - PAD_B} text-anchor="end">
          0
        </text>
        {buckets.map((b, i) => {
          const x = PAD_L + i * slot;
          return (
            <g key={String(b.hourStart)}>
              <rect
                class="ok"
                x={x}
                y={y(b.delivered)}
                width={bar}
                height={H - PAD_B - y(b.delivered)}
              />
              <rect
                class="fail"
                x={x + bar + 1}
                y={y(b.failed)}
                width={bar}
                height={H - PAD_B - y(b.failed)}
              />
              {i % every === 0 && (
                <text class="tick" x={x} y={H - 6}>
                  {formatHour(b.hourStart)}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <p class="legend" aria-hidden="true">
        <span class="key ok" /> entregues <span class="key fail" /> falhas
      </p>
      <table class="sr-only">
        <caption>Entregas e falhas por hora</caption>
        <thead>
          <tr>
            <th scope="col">Hora</th>
            <th scope="col">Entregues</th>
            <th scope="col">Falhas</th>
          </tr>
        </thead>
        <tbody>
          {buckets.map((b) => (
            <tr key={String(b.hourStart)}>
              <th scope="row">{formatHour(b.hourStart)}</th>
              <td>{b.delivered}</td>
              <td>{b.failed}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
