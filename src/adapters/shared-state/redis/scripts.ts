// Lua run atomically inside Redis: each script is one step of the shared-state protocol, so no
// other client sees a half-taken bucket or a lease without its fencing token. Time comes from the
// Redis server (TIME), so workers with skewed clocks still share one bucket fairly.

/** The server's clock in ms; replicate_commands lets Redis < 5 accept writes after TIME. */
const NOW = `
if redis.replicate_commands then redis.replicate_commands() end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
`;

/**
 * Token bucket. KEYS: bucket. ARGV: capacity, refill per second, cost.
 * Returns {granted 0|1, waitMs (-1 when the bucket never refills)}.
 */
export const TAKE = `${NOW}
local capacity = tonumber(ARGV[1])
local perMs = tonumber(ARGV[2]) / 1000
local cost = tonumber(ARGV[3])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1])
local at = tonumber(state[2])
if tokens == nil or at == nil then
  tokens = capacity
  at = now
end
if now > at then
  tokens = math.min(capacity, tokens + (now - at) * perMs)
  at = now
end
local granted = 0
local wait = 0
if tokens >= cost then
  tokens = tokens - cost
  granted = 1
elseif perMs > 0 then
  wait = math.max(1, math.ceil((cost - tokens) / perMs))
else
  wait = -1
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(at))
if perMs > 0 then
  redis.call('PEXPIRE', KEYS[1], math.ceil(capacity / perMs) + 1000)
end
return {granted, wait}
`;

/**
 * Lease grant. KEYS: lease, fencing counter. ARGV: owner, ttl ms.
 * Refuses (0) while another owner holds the lease; otherwise bumps the fencing counter and stores
 * "token:owner" with the ttl. Returns the new token. A counter that is missing (first grant, or
 * Redis lost its data) starts from the server clock in ms, so tokens keep rising across a data loss
 * as long as a key is granted less than once per millisecond.
 */
export const ACQUIRE = `
local held = redis.call('GET', KEYS[1])
if held then
  local sep = string.find(held, ':', 1, true)
  if sep == nil or string.sub(held, sep + 1) ~= ARGV[1] then
    return 0
  end
end
if redis.call('EXISTS', KEYS[2]) == 0 then
  ${NOW}
  redis.call('SET', KEYS[2], tostring(now))
end
local token = redis.call('INCR', KEYS[2])
redis.call('SET', KEYS[1], tostring(token) .. ':' .. ARGV[1], 'PX', ARGV[2])
return token
`;

/** Lease renewal. KEYS: lease. ARGV: "token:owner", ttl ms. 1 when still held by that grant. */
export const RENEW = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0
`;

/** Lease release. KEYS: lease. ARGV: "token:owner". Deletes only that grant, never a newer one. */
export const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
`;
