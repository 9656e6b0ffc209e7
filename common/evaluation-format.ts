// How the evaluation's numbers are written, the same on the validation screen, in the methods report
// and in `prelabel evaluate`'s text: shares as percentages with one decimal, coefficients (kappa,
// F1) with three decimals, intervals as [lower, upper]. Tests compare what a face shows with the
// JSON result formatted by these functions.
import type { Interval } from './contract/evaluation';

/** A share as a percentage: 0.8341 -> "83.4%"; null -> "–" (undefined). */
export function fmtShare(x: number | null | undefined): string {
  return x === null || x === undefined || Number.isNaN(x) ? '–' : `${(x * 100).toFixed(1)}%`;
}

/** A coefficient: 0.61234 -> "0.612"; null -> "–". */
export function fmtCoef(x: number | null | undefined): string {
  return x === null || x === undefined || Number.isNaN(x) ? '–' : x.toFixed(3);
}

/** An interval of shares: "[80.1%, 86.2%]". */
export function fmtShareInterval(i: { lower: number | null; upper: number | null } | null | undefined): string {
  return i && i.lower !== null && i.upper !== null ? `[${fmtShare(i.lower)}, ${fmtShare(i.upper)}]` : '–';
}

/** An interval of coefficients: "[0.512, 0.644]". */
export function fmtCoefInterval(i: { lower: number | null; upper: number | null } | null | undefined): string {
  return i && i.lower !== null && i.upper !== null ? `[${fmtCoef(i.lower)}, ${fmtCoef(i.upper)}]` : '–';
}

/** An interval's width in points of share: 0.0612 -> "6.1". */
export function fmtPoints(x: number | null | undefined): string {
  return x === null || x === undefined ? '–' : (x * 100).toFixed(1);
}

/** A metric that may be undefined (a label never predicted: precision). */
export function fmtMetric(value: number, undefinedHere: boolean): string {
  return undefinedHere ? 'undefined' : fmtCoef(value);
}

export type { Interval };
