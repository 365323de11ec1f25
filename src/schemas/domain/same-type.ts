/**
 * Compile-time tie between a hand-written domain interface (which editors and typedoc show
 * by name, field by field) and its zod schema (the source of truth): a drift on either side
 * makes `tsc` fail on the `SameType` line of that model.
 */

/** `true` when `A` and `B` are assignable both ways, else `false`. */
export type SameType<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/** Accepts only `true`: `AssertTrue<SameType<Plano, z.output<typeof PlanoSchema>>>`. */
export type AssertTrue<T extends true> = T;
