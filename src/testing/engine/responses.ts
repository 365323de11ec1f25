import { phpEscape } from './encode.js';

/** What the engine answers, independent of any socket. */
export interface EngineResponse {
  status: number;
  headers: Record<string, string>;
  /** The body; with `binary`, one character per byte (Latin-1), e.g. a PDF. */
  body: string;
  binary?: boolean;
}

/** Content type IXC uses for table answers (not `application/json`). */
export const IXC_JSON_TYPE = 'text/x-json; charset=utf-8';

/** The generic failure page IXC serves for unknown columns, bad filters and internal errors. */
export const IXC_HTML_ERROR =
  '<div style="margin:40px; padding:20px; border-radius:4px; font-family:Arial, sans-serif; ' +
  'font-size:14px; color:#FFFFFF; background:#FF0000;">' +
  'Ocorreu um erro ao processar. Contate o suporte IXC Soft.</div>';

/**
 * `JSON.stringify` with PHP `json_encode` defaults: non-ASCII as `\uXXXX` and `/` as `\/`.
 * Real IXC answers look like that, and clients must cope (any JSON parser does).
 */
export function phpJson(value: unknown): string {
  return phpEscape(JSON.stringify(value));
}

/** A `text/x-json` answer. */
export function jsonResponse(value: unknown, status = 200): EngineResponse {
  return { status, headers: { 'content-type': IXC_JSON_TYPE }, body: phpJson(value) };
}

/** `{"type":"error","message":…}`, which IXC sends with HTTP 200. */
export function ixcErrorResponse(message: string, status = 200): EngineResponse {
  return jsonResponse({ type: 'error', message }, status);
}

/** `{"type":"success",…}` write acknowledgement. */
export function ixcSuccessResponse(message: string, id?: string): EngineResponse {
  return jsonResponse(
    id === undefined ? { type: 'success', message } : { type: 'success', message, id },
  );
}

/** IXC's red HTML `<div>` error. */
export function htmlErrorResponse(status = 200, message?: string): EngineResponse {
  const body =
    message === undefined
      ? IXC_HTML_ERROR
      : IXC_HTML_ERROR.replace(/>[^<]*<\/div>$/, `>${escapeHtml(message)}</div>`);
  return { status, headers: { 'content-type': 'text/html; charset=utf-8' }, body };
}

const REASONS: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Not Allowed',
  408: 'Request Time-out',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Temporarily Unavailable',
  504: 'Gateway Time-out',
};

/** The plain error page nginx (IXC's front server) serves for transport-level statuses. */
export function nginxPage(status: number): EngineResponse {
  const title = `${status} ${REASONS[status] ?? 'Error'}`;
  return {
    status,
    headers: { 'content-type': 'text/html' },
    body: `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`,
  };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
