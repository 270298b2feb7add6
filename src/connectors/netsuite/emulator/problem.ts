/**
 * NetSuite's RFC 7807-style error documents (fixtures error_401_invalid_login.json and
 * error_400_invalid_content.json): `type` points at the RFC 2616 section of the status.
 */
export interface ErrorDetail {
  readonly detail: string;
  readonly 'o:errorCode': string;
  readonly 'o:errorPath'?: string;
  readonly 'o:errorQueryParam'?: string;
  readonly 'o:errorHeader'?: string;
}

export interface Problem {
  readonly status: number;
  readonly body: string;
}

const TYPES: Readonly<Record<number, [string, string]>> = {
  400: ['https://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html#sec10.4.1', 'Bad Request'],
  401: ['https://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html', 'Unauthorized'],
  403: ['https://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html#sec10.4.4', 'Forbidden'],
  404: ['https://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html#sec10.4.5', 'Not Found'],
  405: ['https://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html#sec10.4.6', 'Method Not Allowed'],
  429: ['https://tools.ietf.org/html/rfc6585#section-4', 'Too Many Requests'],
  500: ['https://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html#sec10.5.1', 'Internal Server Error'],
};

export function problem(status: number, details: readonly ErrorDetail[]): Problem {
  const [type, title] = TYPES[status] ?? ['https://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html', 'Error'];
  return { status, body: JSON.stringify({ type, title, status, 'o:errorDetails': details }) };
}

/** The 401 text deliberately hides the cause (bad signature, stale timestamp, replayed nonce, wrong realm). */
export const INVALID_LOGIN = problem(401, [
  {
    detail:
      'Invalid login attempt. For more details, see the Login Audit Trail in the NetSuite UI at Setup > Users/Roles > User Management > View Login Audit Trail.',
    'o:errorCode': 'INVALID_LOGIN',
  },
]);

export const CONCURRENCY_LIMIT_EXCEEDED = problem(429, [
  {
    detail:
      'Concurrent request limit exceeded. Request blocked. The account has reached its concurrency limit; retry the request later.',
    'o:errorCode': 'CONCURRENCY_LIMIT_EXCEEDED',
  },
]);

export const NONEXISTENT_ID = problem(404, [
  {
    detail: 'The record instance does not exist. Provide a valid record instance ID.',
    'o:errorCode': 'NONEXISTENT_ID',
  },
]);

export const UNEXPECTED_ERROR = problem(500, [
  {
    detail: 'An unexpected error occurred. Error ID: emulator-injected',
    'o:errorCode': 'UNEXPECTED_ERROR',
  },
]);

export function invalidParameter(detail: string, where: { queryParam?: string; header?: string } = {}): Problem {
  return problem(400, [
    {
      detail,
      'o:errorCode': 'INVALID_PARAMETER',
      ...(where.queryParam !== undefined ? { 'o:errorQueryParam': where.queryParam } : {}),
      ...(where.header !== undefined ? { 'o:errorHeader': where.header } : {}),
    },
  ]);
}

/** SuiteQL refusals read like NetSuite's own ("Invalid search query…"). */
export function invalidQuery(reason: string): Problem {
  return invalidParameter(
    `Invalid search query. Detailed unprocessed description follows. Search error occurred: ${reason}`,
  );
}
