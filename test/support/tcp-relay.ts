import { createServer, type Server, type Socket, connect as tcpConnect } from 'node:net';

export interface TcpRelay {
  /** `target` with host and port replaced by the relay's. */
  url(target: string): string;
  /** Cuts every open connection at both ends, as a broker restart or a network drop would. */
  cut(): void;
  /** Cuts every connection and refuses new ones until unblock() (a broker that is down). */
  block(): void;
  unblock(): void;
  /** Connections accepted, and refused while blocked. */
  readonly connections: number;
  readonly refused: number;
  close(): Promise<void>;
}

/**
 * A TCP relay in front of the shared broker, so a test can cut or refuse every connection.
 * Restarting the broker itself would disturb everyone else's tests on this machine; cutting every
 * connection through the relay is what the workers see of a restart: their connections die, they
 * reconnect, and the broker gives unacknowledged messages to the next consumer.
 */
export async function startTcpRelay(target: string): Promise<TcpRelay> {
  const to = new URL(target);
  const sockets = new Set<Socket>();
  let accepted = 0;
  let refused = 0;
  let blocked = false;
  const server: Server = createServer((client) => {
    if (blocked) {
      refused++;
      client.destroy();
      return;
    }
    accepted++;
    const upstream = tcpConnect(Number(to.port || 5672), to.hostname);
    for (const [a, b] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      sockets.add(a);
      a.pipe(b);
      a.on('error', () => b.destroy());
      a.on('close', () => {
        sockets.delete(a);
        b.destroy();
      });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url(t) {
      const u = new URL(t);
      u.hostname = '127.0.0.1';
      u.port = String(port);
      return u.href;
    },
    cut() {
      for (const s of sockets) s.destroy();
    },
    block() {
      blocked = true;
      for (const s of sockets) s.destroy();
    },
    unblock() {
      blocked = false;
    },
    get connections() {
      return accepted;
    },
    get refused() {
      return refused;
    },
    close() {
      for (const s of sockets) s.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
