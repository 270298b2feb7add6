export * from './envelope.js';
export * from './json-schema.js';
export * from './money.js';
export * from './provenance.js';
export * from './records.js';
export * from './time.js';
