import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';

/** Headers every Accounting API answer carries. */
function baseHeaders(extra: Readonly<Record<string, string>>): Record<string, string> {
  return { 'Xero-Correlation-Id': randomUUID(), 'Cache-Control': 'max-age=0, no-cache, no-store', ...extra };
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: string,
  headers: Readonly<Record<string, string>> = {},
): void {
  res.writeHead(status, {
    ...baseHeaders(headers),
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
  });
  res.end(body);
}

/** The problem shape Xero uses for 401 / 403: `{"Type":null,"Title":…,"Status":…,"Detail":…}`. */
export function sendProblem(
  res: ServerResponse,
  status: number,
  title: string,
  detail: string,
  headers: Readonly<Record<string, string>> = {},
): void {
  const body = JSON.stringify({
    Type: null,
    Title: title,
    Status: status,
    Detail: detail,
    Instance: randomUUID(),
    Extensions: {},
  });
  sendJson(res, status, body, headers);
}

/** A 429: Retry-After in seconds and which allowance ran out (contract §6). */
export function sendRateLimited(
  res: ServerResponse,
  problem: string,
  retryAfterS: number,
  headers: Readonly<Record<string, string>>,
): void {
  const body = JSON.stringify({
    Title: 'Rate limit exceeded',
    Status: 429,
    Detail: `The ${problem} rate limit was exceeded; retry after ${retryAfterS} seconds.`,
  });
  sendJson(res, 429, body, { ...headers, 'Retry-After': String(retryAfterS), 'X-Rate-Limit-Problem': problem });
}

/** Xero API exceptions (`ValidationException`, `QueryParseException`) on a 400. */
export function sendApiException(
  res: ServerResponse,
  type: 'ValidationException' | 'QueryParseException',
  message: string,
  headers: Readonly<Record<string, string>> = {},
): void {
  const body =
    type === 'ValidationException'
      ? {
          ErrorNumber: 10,
          Type: type,
          Message: 'A validation exception occurred',
          Elements: [{ ValidationErrors: [{ Message: message }] }],
        }
      : { ErrorNumber: 16, Type: type, Message: message };
  sendJson(res, 400, JSON.stringify(body), headers);
}

export function sendServerError(res: ServerResponse, headers: Readonly<Record<string, string>> = {}): void {
  const body = JSON.stringify({
    Title: 'An error occurred',
    Detail:
      'An error occurred in Xero. Check the API Status page http://status.developer.xero.com for current service status.',
    Status: 500,
  });
  sendJson(res, 500, body, headers);
}

/** Xero's 404s are often an HTML page, not JSON (contract §7). */
export function sendNotFound(res: ServerResponse, headers: Readonly<Record<string, string>> = {}): void {
  const body =
    '<html><head><title>Not Found</title></head><body><h1>The resource you are looking for was not found</h1></body></html>';
  res.writeHead(404, {
    ...baseHeaders(headers),
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
  });
  res.end(body);
}

/** Without `Accept: application/json` Xero answers in XML; the emulator sends the envelope only. */
export function sendXmlEnvelope(
  res: ServerResponse,
  collection: string,
  headers: Readonly<Record<string, string>>,
  nowMs: number,
): void {
  const body = `<Response xmlns:i="http://www.w3.org/2001/XMLSchema-instance"><Id>${randomUUID()}</Id><Status>OK</Status><ProviderName>Ledgerpulse Xero emulator</ProviderName><DateTimeUTC>${new Date(nowMs).toISOString().slice(0, 23)}</DateTimeUTC><${collection} /></Response>`;
  res.writeHead(200, {
    ...baseHeaders(headers),
    'Content-Type': 'text/xml; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
  });
  res.end(body);
}

/** OAuth errors from the identity server: 400 `{"error": "invalid_grant"}` and friends. */
export function sendOAuthError(res: ServerResponse, error: string, status = 400): void {
  const body = JSON.stringify({ error });
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
  });
  res.end(body);
}
