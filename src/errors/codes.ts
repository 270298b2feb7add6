/** Stable error codes, one table (Fastify's FST_ERR_* habit). Never reuse a retired code. */
export const ErrorCodes = {
  LP_AUTH_INVALID_TOKEN: 'the platform rejected the access token after a refresh',
  LP_AUTH_REFRESH_REVOKED: 'the refresh token was revoked or expired: re-connect the company',
  LP_AUTH_MISSING_CREDENTIALS: 'the connection has no usable credentials',
  LP_RATE_LIMITED: 'the platform rate limit was hit; retry at the time given',
  LP_RATE_CIRCUIT_OPEN: 'the circuit breaker for this connection is open',
  LP_TRANSIENT_HTTP: 'the platform answered with a server error',
  LP_TRANSIENT_NETWORK: 'the connection failed or timed out',
  LP_INPUT_NOT_JSON: 'the payload is not valid JSON',
  LP_INPUT_SCHEMA: 'the payload does not match the platform schema',
  LP_INPUT_MAPPING: 'the payload could not be mapped to the canonical model',
  LP_INPUT_FILE: 'the file could not be read as the declared format',
  LP_INPUT_UNSAFE_XML: 'the XML declares a DTD or entities, which are refused',
  LP_INPUT_USAGE: 'the command was called with wrong arguments',
  LP_CONTRACT_PAGE_SHAPE: 'a page did not have the documented shape',
  LP_CONTRACT_PAGINATION_LOOP: 'pagination returned a cursor already seen',
  LP_CONTRACT_HTTP: 'the platform answered with an undocumented status',
  LP_CONFIG_INVALID: 'the configuration is invalid',
  LP_CONFIG_MASTER_KEY: 'no master key for encrypting credentials',
  LP_CONFIG_UNKNOWN_ADAPTER: 'no adapter for that URL scheme',
} as const;
export type ErrorCode = keyof typeof ErrorCodes;
