import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { Json } from './render.js';
import { responseTime } from './render.js';
import { toIntuitXml } from './xml.js';

/** How a body goes out: whole, cut short but well-framed (truncated JSON), or cut mid-stream (connection dropped). */
export type Delivery = 'whole' | 'truncated' | 'drop_mid_body';

export interface FaultError {
  readonly Message: string;
  readonly Detail: string;
  readonly code: string;
  readonly element?: string;
}

/** `{"Fault": {"Error": [...], "type": ...}, "time": ...}` (code is a string, as Intuit writes it). */
export function faultBody(type: string, errors: readonly FaultError[], nowMs: number): Json {
  return { Fault: { Error: errors, type }, time: responseTime(nowMs) };
}

export const FAULTS = {
  authFailed: (detail: string): FaultError => ({
    Message: 'message=AuthenticationFailed; errorCode=003200; statusCode=401',
    Detail: detail,
    code: '3200',
  }),
  forbidden: (): FaultError => ({
    Message: 'message=ApplicationAuthorizationFailed; errorCode=003100; statusCode=403',
    Detail: 'The application is not authorized to access this company (realm)',
    code: '3100',
  }),
  throttled: (): FaultError => ({
    Message: 'message=ThrottleExceeded; errorCode=003001; statusCode=429',
    Detail: 'The request limit was reached.  Try again later',
    code: '3001',
  }),
  systemError: (): FaultError => ({
    Message: 'An application error has occurred while processing your request',
    Detail: 'System Failure Error: Something went wrong. Please try again later.',
    code: '10000',
  }),
  notFound: (entity: string, id: string): FaultError => ({
    Message: 'Object Not Found',
    Detail: `Object Not Found : Something you're trying to use has been made inactive. Check the fields with accounts, customers, items, vendors or employees. (${entity} ${id})`,
    code: '610',
  }),
  unsupported: (method: string, path: string): FaultError => ({
    Message: 'Unsupported Operation',
    Detail: `Operation No resource method found for ${method}, ${path} is not supported.`,
    code: '500',
  }),
  missingParam: (name: string): FaultError => ({
    Message: 'Required param missing, need to supply the required value for the API',
    Detail: `Required parameter ${name} is missing in the request`,
    code: '2020',
    element: name,
  }),
  invalidParam: (detail: string, element: string): FaultError => ({
    Message: 'Request has invalid or unsupported property',
    Detail: detail,
    code: '2010',
    element,
  }),
};

/** Writes an Intuit response as JSON (Accept: application/json) or XML (anything else). */
export function send(
  res: ServerResponse,
  status: number,
  body: Json,
  asJson: boolean,
  delivery: Delivery = 'whole',
): void {
  const text = asJson ? JSON.stringify(body) : toIntuitXml(body);
  const bytes = Buffer.from(text, 'utf8');
  const headers = {
    'content-type': asJson ? 'application/json;charset=UTF-8' : 'application/xml;charset=UTF-8',
    intuit_tid: randomUUID(),
  };
  if (delivery === 'truncated') {
    // A well-framed response whose JSON stops half-way (what a broken proxy hands on).
    const cut = bytes.subarray(0, Math.max(1, Math.floor(bytes.length / 2)));
    res.writeHead(status, { ...headers, 'content-length': String(cut.length) });
    res.end(cut);
    return;
  }
  res.writeHead(status, { ...headers, 'content-length': String(bytes.length) });
  if (delivery === 'drop_mid_body') {
    // Announce the whole length, send half, then cut the connection.
    res.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => res.destroy());
    return;
  }
  res.end(bytes);
}

export function sendOAuthJson(res: ServerResponse, status: number, body: object): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json;charset=UTF-8',
    'cache-control': 'no-store',
    'content-length': String(Buffer.byteLength(text)),
    intuit_tid: randomUUID(),
  });
  res.end(text);
}
