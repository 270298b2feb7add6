export * from './base.js';
export * from './codes.js';
