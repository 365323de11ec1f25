/**
 * Reading IXC's answers. IXC reports many failures with HTTP 200, as `{"type":"error"}` or as
 * a red HTML `<div>`, so the body decides, not the status. A list answer is
 * `{"page","total","registros"}` (with `registros` missing when nothing matched, `total` a
 * string or a number), or the flexigrid `{"rows":[{"id","cell":[…]}]}` of grid views.
 */
import { IxcApiError, type IxcRequestFacts } from '../errors.js';

const MAX_MESSAGE = 500;
const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  atilde: 'ã',
  aacute: 'á',
  eacute: 'é',
  iacute: 'í',
  oacute: 'ó',
  uacute: 'ú',
  ccedil: 'ç',
  otilde: 'õ',
  ecirc: 'ê',
  ocirc: 'ô',
  acirc: 'â',
  agrave: 'à',
};

/**
 * Turns IXC's message markup (`<br />`, tags, entities) into one clean line of text, with
 * every `secrets` value (the token, its parts, its Basic form) replaced by `[REDACTED]`.
 */
export function cleanIxcMessage(raw: string, secrets: readonly string[] = []): string {
  const text = raw
    .replace(/<br\s*\/?>/gi, ' ')
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(Number.parseInt(h, 16)))
    .replace(/&([a-z]+);/gi, (m, n: string) => NAMED[n.toLowerCase()] ?? m)
    .replace(/\s+/g, ' ')
    .trim();
  let redacted = text;
  for (const secret of secrets) {
    if (secret.length >= 4) redacted = redacted.split(secret).join('[REDACTED]');
  }
  return redacted.length > MAX_MESSAGE ? `${redacted.slice(0, MAX_MESSAGE)}…` : redacted;
}

/** A list answer from IXC, rows not yet validated. */
export interface IxcListEnvelope {
  page: number;
  total: number;
  rows: unknown[];
}

/** Context needed to word an error. */
export interface EnvelopeContext extends IxcRequestFacts {
  status: number;
  /** Values that must never appear in an error message (the token and its forms). */
  secrets?: readonly string[];
  /** Rows before the requested page (`(page - 1) × rp`): a page past the end has no rows. */
  offset?: number;
}

function facts(ctx: EnvelopeContext) {
  return { status: ctx.status, method: ctx.method, table: ctx.table };
}

function looksLikeHtml(text: string): boolean {
  return text.trimStart().startsWith('<');
}

/**
 * Reads the body of a non-2xx answer into the right {@link IxcApiError} subclass, keeping
 * only IXC's cleaned message (never the raw body).
 */
export function errorFromBody(
  text: string,
  ctx: EnvelopeContext,
  retryAfterMs?: number,
): IxcApiError {
  if (looksLikeHtml(text)) {
    return IxcApiError.from({
      ...facts(ctx),
      ixcMessage: cleanIxcMessage(text, ctx.secrets),
      format: 'html',
      retryAfterMs,
    });
  }
  try {
    const json = JSON.parse(text) as { message?: unknown };
    if (json && typeof json === 'object' && typeof json.message === 'string') {
      return IxcApiError.from({
        ...facts(ctx),
        ixcMessage: cleanIxcMessage(json.message, ctx.secrets),
        format: 'json',
        retryAfterMs,
      });
    }
  } catch {
    // Not JSON: fall through to plain text.
  }
  return IxcApiError.from({
    ...facts(ctx),
    ixcMessage: cleanIxcMessage(text, ctx.secrets),
    format: 'text',
    retryAfterMs,
  });
}

function toCount(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^\s*\d+\s*$/.test(value)) return Number(value);
  return undefined;
}

/**
 * Parses a 2xx list answer. Throws {@link IxcApiError} for IXC's errors on 200 (JSON or
 * HTML) and for a body that is not JSON.
 */
export function parseListEnvelope(text: string, ctx: EnvelopeContext): IxcListEnvelope {
  if (looksLikeHtml(text)) {
    throw IxcApiError.from({
      ...facts(ctx),
      ixcMessage: cleanIxcMessage(text, ctx.secrets),
      format: 'html',
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw IxcApiError.from({
      ...facts(ctx),
      ixcMessage: 'IXC answered with a body that is not valid JSON',
      format: 'malformed',
    });
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) {
    throw IxcApiError.from({
      ...facts(ctx),
      ixcMessage: 'IXC answered with an unexpected JSON shape',
      format: 'malformed',
    });
  }
  const body = json as Record<string, unknown>;
  if (body.type === 'error') {
    const message = typeof body.message === 'string' ? body.message : '';
    throw IxcApiError.from({
      ...facts(ctx),
      ixcMessage: cleanIxcMessage(message, ctx.secrets),
      format: 'json',
    });
  }
  const total = toCount(body.total);
  let rows: unknown[];
  if (Array.isArray(body.registros)) rows = body.registros;
  else if (Array.isArray(body.rows)) rows = body.rows.map(flexigridRow);
  else if (
    body.registros === undefined &&
    body.rows === undefined &&
    !(total! > (ctx.offset ?? 0))
  ) {
    // IXC omits `registros` when the page is empty (nothing matched, or a page past the end);
    // a total that says this page should hold rows means the answer was cut instead.
    rows = [];
  } else {
    throw IxcApiError.from({
      ...facts(ctx),
      ixcMessage: `IXC answered without a list of rows${total ? ` although total is ${total}` : ''}`,
      format: 'malformed',
    });
  }
  return { page: toCount(body.page) ?? 1, total: total ?? rows.length, rows };
}

/**
 * Grid views answer `{id, cell: [...]}` with positional cells; the row keeps `id` and names
 * each cell by its position (`"0"`, `"1"`, …), since the answer carries no column names.
 */
function flexigridRow(row: unknown): unknown {
  if (!row || typeof row !== 'object') return row;
  const { id, cell } = row as { id?: unknown; cell?: unknown };
  if (!Array.isArray(cell)) return row;
  const out: Record<string, unknown> = { id };
  cell.forEach((value, i) => {
    out[String(i)] = value;
  });
  return out;
}
