import type { GetMessage, RecoveringChannelModel } from 'amqplib';
import type { Logger } from '../../../log/types.js';
import type { Clock } from '../../../ports/clock.js';
import type { DeadLetter, QueueStats, Topic } from '../../../ports/queue.js';
import { lazyChannel, replyCode } from './channel.js';
import { deadLetterInfo } from './headers.js';
import type { TopicQueues } from './topology.js';

const NOT_FOUND = 404;

/** What stats() can only know from this process: see the note on oldestAgeMs below. */
export interface LocalTopicState {
  inFlight: number;
  firstPublishSinceEmpty: number | null;
  lastDeliveredPublishedAt: number | null;
}

export interface InspectorOptions {
  readonly conn: RecoveringChannelModel;
  readonly queuesOf: (topic: Topic) => TopicQueues;
  readonly local: (topic: Topic) => LocalTopicState;
  readonly deliveryLimit: number;
  readonly clock: Clock;
  readonly logger: Logger;
}

/** Queue depths (passive declares) and the dead-letter queue (basic.get + ack) on one plain channel. */
export function createInspector(o: InspectorOptions) {
  const channel = lazyChannel(() => o.conn.createChannel(), o.logger, 'inspector');

  /** Ready messages in a queue, null when it does not exist (yet). A 404 closes the channel. */
  async function depth(queue: string): Promise<number | null> {
    const ch = await channel.get();
    try {
      return (await ch.checkQueue(queue)).messageCount;
    } catch (error) {
      if (replyCode(error) !== NOT_FOUND) throw error;
      channel.discard(ch);
      return null;
    }
  }

  return {
    /**
     * ready, delayed and dead are the broker's counts. inFlight counts only this process's unsettled
     * deliveries (AMQP does not report other consumers' unacked messages). oldestAgeMs is an estimate:
     * a quorum queue cannot be peeked without counting a delivery, so it is the age of the newer of
     * (this process's first publish since the queue was last seen empty, the newest message this
     * process has consumed); 0 when this process has done neither.
     */
    async stats(topic: Topic): Promise<QueueStats> {
      const q = o.queuesOf(topic);
      const ready = await depth(q.main);
      if (ready === null) return { ready: 0, inFlight: 0, delayed: 0, dead: 0, oldestAgeMs: 0 };
      const dead = (await depth(q.dead)) ?? 0;
      let delayed = 0;
      for (const r of q.retries) delayed += (await depth(r.name)) ?? 0;
      const s = o.local(topic);
      if (ready === 0) s.firstPublishSinceEmpty = null;
      const since = Math.max(s.firstPublishSinceEmpty ?? 0, s.lastDeliveredPublishedAt ?? 0);
      return {
        ready,
        inFlight: Math.max(0, s.inFlight),
        delayed,
        dead,
        oldestAgeMs: ready > 0 && since > 0 ? Math.max(0, o.clock.now() - since) : 0,
      };
    },

    /** Each dead letter is acked as it is taken; one taken twice (ack lost in a crash) is harmless. */
    async takeDeadLetters(topic: Topic, limit: number): Promise<DeadLetter[]> {
      const queue = o.queuesOf(topic).dead;
      const ch = await channel.get();
      const out: DeadLetter[] = [];
      while (out.length < limit) {
        let msg: GetMessage | false;
        try {
          msg = await ch.get(queue, { noAck: false });
        } catch (error) {
          if (replyCode(error) !== NOT_FOUND) throw error;
          channel.discard(ch);
          break;
        }
        if (!msg) break;
        const text = msg.content.toString('utf8');
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // Not JSON (published by something else): hand over the text as it is.
        }
        out.push({
          id: String(msg.properties.messageId ?? ''),
          body,
          ...deadLetterInfo(msg.properties.headers, o.deliveryLimit),
        });
        ch.ack(msg);
      }
      return out;
    },

    close: () => channel.close(),
  };
}
