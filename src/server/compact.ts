/** Zod's optional keys come out as `key?: T | undefined`; ports (exactOptionalPropertyTypes) want them absent. */
export type Compact<T> = { [K in keyof T]: Exclude<T[K], undefined> };

export function compact<T extends object>(value: T): Compact<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Compact<T>;
}
