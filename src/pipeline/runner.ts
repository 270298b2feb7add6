import { randomUUID } from 'node:crypto';
import type { ConnectorDefinition, Page, StreamContext } from '../connectors/kit/define.js';
import { makeEnvelope, sha256 } from '../connectors/kit/envelope.js';
import { type Disposition, isLedgerpulseError, RateLimitError } from '../errors/index.js';
import type { Connection } from '../ports/connection-store.js';
import type { Lease } from '../ports/shared-state.js';
import { publishCompanyProfile } from './company-profile.js';
import { isoNow, RAW_TOPIC, type RawBatchMessage, type Runtime } from './context.js';

const RETRYABLE: ReadonlySet<Disposition> = new Set(['retry', 'retry_at']);

export interface StreamReport {
  readonly stream: string;
  pages: number;
  records: number;
  newEnvelopes: number;
  error: string | null;
  /**
   * The failed stream may succeed if the turn is simply run again (a transient, rate-limit or
   * unclassified error); false for errors that need a person (re-authenticate, review, config).
   */
  retryable: boolean;
  /** When a rate limit or an open circuit says the source takes requests again (epoch ms). */
  retryAt: number | null;
}

export interface SyncReport {
  readonly connectionId: string;
  readonly runId: string;
  readonly skipped: boolean;
  /** True when a stream stopped at maxPagesPerTurn with more to read. */
  readonly more: boolean;
  readonly streams: StreamReport[];
}

export interface SyncOptions {
  readonly streams?: readonly string[];
  readonly signal?: AbortSignal;
  readonly owner?: string;
  readonly onPage?: (connectionId: string, stream: string, page: Page) => void;
  /** Lease length; renewed after every page. */
  readonly leaseMs?: number;
  /** Pages per stream in one turn; the scheduler requeues a connection that has more (fair share). */
  readonly maxPagesPerTurn?: number;
  /** Awaited before each page is fetched: the scheduler's backpressure gate. */
  readonly gate?: () => Promise<void>;
}

/**
 * Syncs one connection: for each stream, every page is stored in the raw store and published to
 * the raw queue before its cursor is checkpointed, so a crash anywhere re-reads at most one page
 * (deterministic envelope ids make the re-read harmless). A lease keeps a second sync of the same
 * connection out, and its fencing token is checked before each checkpoint.
 */
export async function syncConnection(
  rt: Runtime,
  connection: Connection,
  connector: ConnectorDefinition,
  opts: SyncOptions = {},
): Promise<SyncReport> {
  const runId = randomUUID();
  const owner = opts.owner ?? `sync-${process.pid}-${runId.slice(0, 8)}`;
  const leaseMs = opts.leaseMs ?? 120_000;
  const leaseKey = `sync:${connection.id}`;
  const log = rt.logger.child({ role: 'connector', connectionId: connection.id, platform: connection.platform, runId });
  let lease: Lease | null = await rt.shared.acquire(leaseKey, owner, leaseMs);
  if (!lease) {
    log.info('another worker holds this connection; skipping');
    return { connectionId: connection.id, runId, skipped: true, more: false, streams: [] };
  }
  // The lease is renewed on a timer as well as at each checkpoint: a turn waiting on a rate limit,
  // backpressure or a slow page must not lose it silently. Losing it stops the turn at once, before
  // it writes anything more (another worker owns the connection now).
  const turn = new AbortController();
  const signal = opts.signal ? AbortSignal.any([opts.signal, turn.signal]) : turn.signal;
  let renewing: Promise<void> | null = null;
  const renewLease = (): Promise<void> => {
    renewing ??= (async () => {
      const held = lease;
      const next = held ? await rt.shared.renew(held, leaseMs).catch(() => held) : null;
      if (next && (await rt.shared.isCurrent(leaseKey, next.fencingToken).catch(() => true))) {
        lease = next;
        return;
      }
      lease = null;
      turn.abort(new Error('lost the sync lease to another worker; stopping without checkpointing'));
      // Token-guarded: it cannot release the new holder's lease; it ends this hold where it stops.
      if (held) await rt.shared.release(held).catch(() => undefined);
    })().finally(() => {
      renewing = null;
    });
    return renewing;
  };
  const renewTimer = setInterval(() => void renewLease(), Math.max(250, Math.floor(leaseMs / 3)));
  renewTimer.unref();
  const loadCredentials = async () => {
    const fresh = await rt.store.connections.get(connection.id);
    return fresh?.sealedCredentials ? rt.secrets.open(fresh.sealedCredentials) : {};
  };
  const ctxBase: Omit<StreamContext, 'logger'> = {
    connection: {
      id: connection.id,
      account: connection.account,
      baseUrl: connection.baseUrl,
      credentials: connection.sealedCredentials ? rt.secrets.open(connection.sealedCredentials) : {},
    },
    clock: rt.clock,
    shared: rt.shared,
    signal,
    loadCredentials,
    saveCredentials: async (credentials) => {
      const fresh = (await rt.store.connections.get(connection.id)) ?? connection;
      await rt.store.connections.upsert({ ...fresh, sealedCredentials: rt.secrets.seal(credentials) });
    },
  };
  await publishCompanyProfile(rt, connection);
  const states = new Map((await rt.store.connections.getState(connection.id)).map((s) => [s.stream, s]));
  const reports: StreamReport[] = [];
  let more = false;
  try {
    for (const stream of connector.streams) {
      if (opts.streams && !opts.streams.includes(stream.name)) continue;
      const report: StreamReport = {
        stream: stream.name,
        pages: 0,
        records: 0,
        newEnvelopes: 0,
        error: null,
        retryable: false,
        retryAt: null,
      };
      reports.push(report);
      const prev = states.get(stream.name);
      let cursor = prev?.cursor ?? null;
      const slog = log.child({ stream: stream.name });
      let turnEnded = false;
      try {
        if (opts.gate) await opts.gate();
        for await (const page of stream.read({ ...ctxBase, logger: slog }, cursor)) {
          const fetchedAt = isoNow(rt.clock);
          const pageHash = sha256(page.body);
          const envelopes = page.records.map((r) =>
            makeEnvelope({
              platform: connector.platform,
              connectionId: connection.id,
              account: connection.account,
              object: stream.object,
              externalId: r.externalId,
              sourceVersion: r.sourceVersion,
              sourceUpdatedAt: r.sourceUpdatedAt,
              fetchedAt,
              contentType: page.contentType,
              payload: r.payload,
              pageHash,
              runId,
            }),
          );
          report.newEnvelopes += await rt.store.raw.put(envelopes, [
            {
              hash: pageHash,
              connectionId: connection.id,
              contentType: page.contentType,
              body: page.body,
              source: page.url,
              fetchedAt,
            },
          ]);
          if (envelopes.length > 0) {
            const body: RawBatchMessage = {
              connectionId: connection.id,
              platform: connector.platform,
              object: stream.object,
              envelopeIds: envelopes.map((e) => e.id),
            };
            await rt.queue.publish(RAW_TOPIC, [{ id: `${connection.id}:${pageHash}`, body }]);
          }
          report.pages++;
          report.records += page.records.length;
          opts.onPage?.(connection.id, stream.name, page);
          if (page.checkpoint !== null && page.checkpoint !== cursor) {
            await renewLease();
            if (!lease) throw signal.reason;
            cursor = page.checkpoint;
            await rt.store.connections.saveState({
              connectionId: connection.id,
              stream: stream.name,
              cursor,
              lastSyncAt: prev?.lastSyncAt ?? null,
              lastError: null,
              failures: prev?.failures ?? 0,
            });
          }
          if (opts.maxPagesPerTurn && report.pages >= opts.maxPagesPerTurn && page.checkpoint !== null) {
            turnEnded = true;
            more = true;
            break;
          }
          if (opts.gate) await opts.gate();
        }
        if (turnEnded) continue;
        await renewLease();
        if (!lease) throw signal.reason;
        await rt.store.connections.saveState({
          connectionId: connection.id,
          stream: stream.name,
          cursor,
          lastSyncAt: isoNow(rt.clock),
          lastError: null,
          failures: 0,
        });
        slog.info({ pages: report.pages, records: report.records, newEnvelopes: report.newEnvelopes }, 'stream synced');
      } catch (error) {
        if (signal.aborted) throw error;
        report.error = isLedgerpulseError(error) ? `${error.code}: ${error.message}` : String(error);
        report.retryable = !isLedgerpulseError(error) || RETRYABLE.has(error.disposition);
        if (error instanceof RateLimitError) report.retryAt = error.retryAt;
        slog.error({ err: report.error }, 'stream failed; the cursor stays at the last durable page');
        await rt.store.connections.saveState({
          connectionId: connection.id,
          stream: stream.name,
          cursor,
          lastSyncAt: prev?.lastSyncAt ?? null,
          lastError: report.error,
          failures: (prev?.failures ?? 0) + 1,
        });
        if (isLedgerpulseError(error) && error.disposition === 'reauthenticate') break;
      }
    }
  } finally {
    clearInterval(renewTimer);
    await renewing;
    if (lease) await rt.shared.release(lease);
  }
  return { connectionId: connection.id, runId, skipped: false, more, streams: reports };
}
