import type { Channel, ConfirmChannel, Options } from 'amqplib';
import type { Logger } from '../../../log/types.js';

/** One channel opened on first use and reopened after it closes (connection loss, channel error). */
export interface LazyChannel<C extends Channel> {
  get(): Promise<C>;
  /** Drops `ch` after an error that closes it (404, 406), so the next get() opens a fresh one. */
  discard(ch: C): void;
  close(): Promise<void>;
}

export function lazyChannel<C extends Channel>(open: () => Promise<C>, logger: Logger, what: string): LazyChannel<C> {
  let current: { promise: Promise<C>; channel: C | null } | null = null;
  return {
    get() {
      if (current) return current.promise;
      const slot: { promise: Promise<C>; channel: C | null } = {
        promise: open().then((ch) => {
          slot.channel = ch;
          ch.on('error', (err: Error) => logger.warn({ err: err.message, channel: what }, 'rabbitmq channel error'));
          ch.on('close', () => {
            if (current === slot) current = null;
          });
          return ch;
        }),
        channel: null,
      };
      slot.promise.catch(() => {
        if (current === slot) current = null;
      });
      current = slot;
      return slot.promise;
    },
    discard(ch) {
      if (current?.channel === ch) current = null;
      ch.close().catch(() => {});
    },
    async close() {
      const slot = current;
      current = null;
      if (slot) await (await slot.promise.catch(() => null))?.close().catch(() => {});
    },
  };
}

/** Publishes through the default exchange straight to `queue`; resolves on the broker's confirm. */
export function confirmPublish(
  ch: ConfirmChannel,
  queue: string,
  content: Buffer,
  options: Options.Publish,
): { written: boolean; confirmed: Promise<void> } {
  let written = true;
  const confirmed = new Promise<void>((resolve, reject) => {
    try {
      written = ch.publish('', queue, content, { persistent: true, ...options }, (err: unknown) =>
        err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve(),
      );
    } catch (error) {
      reject(error);
    }
  });
  return { written, confirmed };
}

/** Waits for a full channel buffer to drain, or fails if the channel closes first. */
export function drained(ch: Channel): Promise<void> {
  return new Promise((resolve, reject) => {
    const onDrain = () => {
      ch.off('close', onClose);
      resolve();
    };
    const onClose = () => {
      ch.off('drain', onDrain);
      reject(new Error('channel closed while waiting to drain'));
    };
    ch.once('drain', onDrain);
    ch.once('close', onClose);
  });
}

/** The AMQP reply code of a channel-closing error (404 NOT_FOUND, 406 PRECONDITION_FAILED), if any. */
export function replyCode(error: unknown): number | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : undefined;
}
