import { ContractViolationError } from '../../../errors/index.js';

/**
 * Remembers every cursor a paginated read has followed and refuses one it already saw, so a source
 * that hands back the same cursor cannot spin a sync forever.
 */
export function createLoopGuard(what: string): { see(cursor: string): void } {
  const seen = new Set<string>();
  return {
    see(cursor: string) {
      if (seen.has(cursor)) {
        throw new ContractViolationError(
          'LP_CONTRACT_PAGINATION_LOOP',
          `${what}: pagination returned a cursor already seen after ${seen.size} pages`,
          { what, pages: seen.size },
        );
      }
      seen.add(cursor);
    },
  };
}
