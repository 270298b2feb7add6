import type { Kysely } from 'kysely';
import type { CompanyProfile, Connection, ConnectionStore, StreamState } from '../../../ports/connection-store.js';
import type { StoreDialect } from './dialect.js';
import type { StoreSchema } from './schema.js';

export function createConnectionStore(db: Kysely<StoreSchema>, dialect: StoreDialect): ConnectionStore {
  return {
    async upsert(c: Connection): Promise<void> {
      await dialect.upsert(db, 'connections', ['id'], {
        id: c.id,
        platform: c.platform,
        account: c.account,
        base_url: c.baseUrl,
        company: dialect.writeJson(c.company),
        sealed_credentials: c.sealedCredentials,
        schedule: c.schedule,
        created_at: c.createdAt,
      });
    },

    async get(id: string): Promise<Connection | undefined> {
      const r = await db.selectFrom('connections').selectAll().where('id', '=', id).executeTakeFirst();
      return r ? toConnection(r, dialect) : undefined;
    },

    async list(): Promise<Connection[]> {
      const rows = await db.selectFrom('connections').selectAll().orderBy('id').execute();
      return rows.map((r) => toConnection(r, dialect));
    },

    async remove(id: string): Promise<boolean> {
      await db.deleteFrom('stream_state').where('connection_id', '=', id).execute();
      const res = await db.deleteFrom('connections').where('id', '=', id).executeTakeFirst();
      return Number(res.numDeletedRows) > 0;
    },

    async getState(connectionId: string): Promise<StreamState[]> {
      const rows = await db
        .selectFrom('stream_state')
        .selectAll()
        .where('connection_id', '=', connectionId)
        .orderBy('stream')
        .execute();
      return rows.map((r) => ({
        connectionId: r.connection_id,
        stream: r.stream,
        cursor: r.cursor,
        lastSyncAt: r.last_sync_at,
        lastError: r.last_error,
        failures: Number(r.failures),
      }));
    },

    async saveState(s: StreamState): Promise<void> {
      await dialect.upsert(db, 'stream_state', ['connection_id', 'stream'], {
        connection_id: s.connectionId,
        stream: s.stream,
        cursor: s.cursor,
        last_sync_at: s.lastSyncAt,
        last_error: s.lastError,
        failures: s.failures,
      });
    },
  };
}

function toConnection(r: StoreSchema['connections'], dialect: StoreDialect): Connection {
  return {
    id: r.id,
    platform: r.platform as Connection['platform'],
    account: r.account,
    baseUrl: r.base_url,
    company: dialect.readJson(r.company) as CompanyProfile,
    sealedCredentials: r.sealed_credentials,
    schedule: r.schedule,
    createdAt: r.created_at,
  };
}
