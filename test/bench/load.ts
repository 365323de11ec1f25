/**
 * HTTP load and answer checks for the router figure: one autocannon run at a fixed number
 * of connections with the API key, and a comparison of one answer from each of two servers.
 */
import autocannon from 'autocannon';
import { AUTH_HEADER } from './ixc.js';

/** Connections autocannon keeps open. */
export const CONNECTIONS = 50;

/** One load run, as the figure uses it. */
export interface Load {
  rps: number;
  /** 2xx answers. */
  ok: number;
  bad: number;
  p50: number;
  p99: number;
}

/** One autocannon run; req/s counts 2xx answers only. */
export async function load(url: string, seconds: number): Promise<Load> {
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: seconds,
    headers: { authorization: AUTH_HEADER },
  });
  const ok = result.requests.total - result.non2xx;
  return {
    rps: ok / result.duration,
    ok,
    bad: result.non2xx + result.errors + result.timeouts,
    p50: result.latency.p50,
    p99: result.latency.p99,
  };
}

/** Headers that differ by nature between two answers. */
const VOLATILE = new Set(['date', 'x-request-id', 'connection', 'keep-alive']);

/** Compares one answer of each variant: status, body and headers but the volatile ones. */
export async function compare(a: string, b: string, path: string): Promise<string[]> {
  const get = async (url: string) => {
    const res = await fetch(url + path, { headers: { authorization: AUTH_HEADER } });
    const headers = [...res.headers].filter(([k]) => !VOLATILE.has(k));
    return { status: res.status, body: await res.text(), headers: new Map(headers) };
  };
  const [x, y] = [await get(a), await get(b)];
  const out: string[] = [];
  if (x.status !== y.status) out.push(`status ${x.status} vs ${y.status}`);
  if (x.body !== y.body) out.push('body');
  for (const k of new Set([...x.headers.keys(), ...y.headers.keys()])) {
    if (x.headers.get(k) !== y.headers.get(k)) out.push(`header ${k}`);
  }
  return out;
}
