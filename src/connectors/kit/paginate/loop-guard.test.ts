import { describe, expect, it } from 'vitest';
import { ContractViolationError } from '../../../errors/index.js';
import { createLoopGuard } from './loop-guard.js';

describe('createLoopGuard', () => {
  it('accepts new cursors and refuses a repeat with LP_CONTRACT_PAGINATION_LOOP', () => {
    const guard = createLoopGuard('shopify orders');
    guard.see('a');
    guard.see('b');
    let caught: unknown;
    try {
      guard.see('a');
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ContractViolationError);
    expect((caught as ContractViolationError).code).toBe('LP_CONTRACT_PAGINATION_LOOP');
    expect((caught as ContractViolationError).message).toContain('shopify orders');
  });

  it('keeps separate reads apart', () => {
    const a = createLoopGuard('a');
    const b = createLoopGuard('b');
    a.see('x');
    expect(() => b.see('x')).not.toThrow();
  });
});
