import type { AdapterDeps } from './deps.js';

export type Topic = 'raw' | (string & {});

export interface OutboundMessage {
  /** Deterministic id: publishing the same id twice is harmless downstream (idempotent consumers). */
  readonly id: string;
  readonly body: unknown;
}

export interface Delivery {
  readonly id: string;
  readonly body: unknown;
  /** 1 on first delivery. */
  readonly attempt: number;
  readonly publishedAt: number;
}

/** What the handler tells the queue; a thrown error counts as `retry`. */
export type HandlerResult =
  | { readonly kind: 'ack' }
  | { readonly kind: 'retry'; readonly delayMs?: number; readonly reason: string }
  | { readonly kind: 'dead'; readonly reason: string };

export type Handler = (delivery: Delivery) => Promise<HandlerResult>;

export interface ConsumeOptions {
  /** Messages in flight at once for this consumer (backpressure). */
  readonly prefetch?: number;
  /** Deliveries before a message is dead-lettered. */
  readonly maxAttempts?: number;
  /** Base of the exponential retry backoff. */
  readonly retryBaseMs?: number;
  readonly onError?: (error: unknown, delivery: Delivery) => void;
}

export interface Consumer {
  /** Stops taking new messages and waits for those in flight. */
  stop(): Promise<void>;
}

export interface QueueStats {
  readonly ready: number;
  readonly inFlight: number;
  readonly delayed: number;
  readonly dead: number;
  /** Age of the oldest ready message, 0 when empty. */
  readonly oldestAgeMs: number;
}

export interface DeadLetter {
  readonly id: string;
  readonly body: unknown;
  readonly reason: string;
  readonly attempts: number;
}

export interface Queue {
  readonly capabilities: { readonly deadLetter: true; readonly delayedRetry: boolean };
  /** Resolves once every message is durably accepted (publisher confirms). */
  publish(topic: Topic, messages: readonly OutboundMessage[]): Promise<void>;
  consume(topic: Topic, handler: Handler, opts?: ConsumeOptions): Consumer;
  stats(topic: Topic): Promise<QueueStats>;
  /** Removes and returns dead letters so they can become review items. */
  takeDeadLetters(topic: Topic, limit: number): Promise<DeadLetter[]>;
  close(): Promise<void>;
}

export type QueueFactory = (url: URL, deps: AdapterDeps) => Promise<Queue>;
