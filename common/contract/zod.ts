// zod, configured for every schema of the contract. Schema files import z from here, never from
// 'zod' directly, so the configuration runs before any schema exists.
import { z } from 'zod';

// [Note: zod jitless] zod compiles validators with `new Function` unless told not to, which a
// strict CSP (no 'unsafe-eval') blocks in the renderer.
z.config({ jitless: true });

export { z };

/** Declares a method's result type without a runtime value. */
export const returns = <T>(): T => undefined as T;

/** An event payload's field whose type the contract declares without checking its inside at run
 * time (a method's result carried by an event: the core builds it, and it is a result type, not a
 * schema, everywhere else). */
export const typed = <T>() => z.custom<T>();

export const nonEmpty = z.string().trim().min(1);

export const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
