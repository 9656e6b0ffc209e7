// zod, configured for every schema of the contract. Schema files import z from here, never from
// 'zod' directly, so the configuration runs before any schema exists.
import { z } from 'zod';

// [Note: zod jitless] zod compiles validators with `new Function` unless told not to, which a
// strict CSP (no 'unsafe-eval') blocks in the renderer.
z.config({ jitless: true });

export { z };

/** Declares a method's result type without a runtime value. */
export const returns = <T>(): T => undefined as T;

export const nonEmpty = z.string().trim().min(1);

export const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
