// The agreement statistics against independent computations (scripts/stats/make_agreement_fixtures.py):
// NLTK's AnnotationTask.alpha and an alpha written from the pairwise definition in the script,
// statsmodels' fleiss_kappa and cohens_kappa, scikit-learn's cohen_kappa_score, Gwet's AC1 and Fleiss'
// kappa with missing codings written plainly, the bootstrap on the same resamples. Tolerance 1e-9.
import { describe, expect, it } from 'vitest';
import {
  alphaBootstrap,
  krippendorffAlpha,
  multiLabelAgreement,
  reliabilitySampleSize,
  setDistance,
  singleLabelAgreement,
  type Coefficient,
} from './index';
import { agreementFixtures as fx, type Num } from './test-support/agreement-fixtures';

const TOL = 1e-9;

function close(actual: Num | undefined, expected: Num | undefined, what: string, tol = TOL): void {
  if (expected === null || expected === undefined) {
    expect(actual ?? null, what).toBeNull();
    return;
  }
  expect(actual, what).not.toBeNull();
  expect(Math.abs((actual as number) - expected), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(tol);
}

const coef = (c: Coefficient) => c.value;
const coderNames = (m: number) => Array.from({ length: m }, (_, i) => `c${i}`);

describe(`agreement against NLTK ${fx.versions.nltk}, statsmodels ${fx.versions.statsmodels}, scikit-learn ${fx.versions.sklearn}`, () => {
  it('the published examples through the reference implementations: Krippendorff 2011 and Fleiss 1971', () => {
    const k = fx.published.krippendorff2011;
    close(krippendorffAlpha(k.units, { level: 'nominal' }).alpha, k.expected.nominalNltk, 'nominal vs NLTK');
    close(krippendorffAlpha(k.units, { level: 'nominal' }).alpha, k.expected.nominalPlain, 'nominal vs pairwise');
    close(
      krippendorffAlpha(k.units, { level: 'ordinal', categories: [1, 2, 3, 4, 5] }).alpha,
      k.expected.ordinalPlain,
      'ordinal vs pairwise',
    );
    close(krippendorffAlpha(k.units, { level: 'interval' }).alpha, k.expected.intervalNltk, 'interval vs NLTK');
    close(krippendorffAlpha(k.units, { level: 'interval' }).alpha, k.expected.intervalPlain, 'interval vs pairwise');
    close(krippendorffAlpha(k.units, { level: 'ratio' }).alpha, k.expected.ratioPlain, 'ratio vs pairwise');
    const f = fx.published.fleiss1971;
    const data = f.units.map((row) => row.map(String));
    const r = singleLabelAgreement(data, coderNames(6), ['1', '2', '3', '4', '5'], { bootstrap: { replicates: 20 } });
    close(r.fleiss.value, f.expected.fleissStatsmodels, "Fleiss' kappa vs statsmodels");
    close(r.alpha.alpha, f.expected.alphaNltk, 'alpha vs NLTK');
  });

  for (const c of fx.single)
    it(`single-label: ${c.name}`, () => {
      const e = c.expected;
      const coders = coderNames(c.units[0]!.length);
      const r = singleLabelAgreement(c.units, coders, c.labels, { ordered: c.ordered, bootstrap: { replicates: 20 } });
      close(r.alpha.alpha, e.alphaNominalNltk, 'nominal alpha vs NLTK');
      close(r.alpha.alpha, e.alphaNominalPlain, 'nominal alpha vs pairwise definition');
      expect(r.alpha.pairableValues).toBe(e.pairableValues);
      if (c.ordered) close(r.alphaOrdinal!.alpha, e.alphaOrdinalPlain, 'ordinal alpha vs pairwise definition');
      const numeric = c.units.map((row) => row.map((v) => (v === null ? null : c.labels.indexOf(v))));
      const interval = krippendorffAlpha(numeric, { level: 'interval' }).alpha;
      close(interval, e.alphaIntervalNltk, 'interval alpha vs NLTK');
      close(interval, e.alphaIntervalPlain, 'interval alpha vs pairwise definition');
      close(coef(r.fleiss), e.fleissPlain, "Fleiss' kappa (Gwet's form for missing codings)");
      if (e.fleissStatsmodels !== null) close(coef(r.fleiss), e.fleissStatsmodels, "Fleiss' kappa vs statsmodels");
      close(coef(r.ac1), e.ac1Plain, "Gwet's AC1");
      close(coef(r.percent), e.percentPlain, 'percent agreement');
      for (const p of e.pairs) {
        const pair = r.matrix.pairs.find((x) => x.a === coders[p.a] && x.b === coders[p.b])!;
        expect(pair.n, `n of pair ${p.a}-${p.b}`).toBe(p.n);
        expect(r.matrix.n[p.a]![p.b]).toBe(p.n);
        close(pair.agreement, p.agreement, `agreement ${p.a}-${p.b}`);
        close(pair.kappa, p.kappa, `Cohen's kappa ${p.a}-${p.b} vs sklearn`);
        close(pair.kappa, p.kappaStatsmodels, `Cohen's kappa ${p.a}-${p.b} vs statsmodels`);
        close(r.matrix.kappa[p.b]![p.a], p.kappa, 'matrix is symmetric');
        if (c.ordered) {
          close(pair.weightedKappa!.linear, p.kappa_linear, `linear weighted kappa ${p.a}-${p.b}`);
          close(pair.weightedKappa!.quadratic, p.kappa_quadratic, `quadratic weighted kappa ${p.a}-${p.b}`);
        }
      }
      e.perLabel.forEach((x, i) => {
        const got = r.perLabel[i]!;
        expect(got.label).toBe(x.label);
        close(got.alpha.alpha, x.alphaNltk, `${x.label}: binary alpha vs NLTK`);
        close(got.alpha.alpha, x.alphaPlain, `${x.label}: binary alpha vs pairwise definition`);
        close(coef(got.fleiss), x.fleissPlain, `${x.label}: Fleiss`);
        close(coef(got.ac1), x.ac1Plain, `${x.label}: AC1`);
        close(coef(got.percent), x.percentPlain, `${x.label}: percent agreement`);
      });
    });

  for (const c of fx.multi)
    it(`multi-label: ${c.name}`, () => {
      const e = c.expected;
      const coders = coderNames(c.units[0]!.length);
      const r = multiLabelAgreement(c.units, coders, c.labels, { bootstrap: { replicates: 20 } });
      close(r.alphaMasi.alpha, e.alphaMasiPlain, 'MASI alpha (2/3, 1/3) vs pairwise definition');
      close(r.alphaJaccard.alpha, e.alphaJaccardNltk, 'Jaccard alpha vs NLTK');
      // NLTK's masi_distance rounds Passonneau's 2/3 and 1/3 to 0.67 and 0.33: pass its weights to compare.
      const nltkMasi = (a: readonly string[], b: readonly string[]) => setDistance(a, b, 'masi', [0.67, 0.33]);
      close(krippendorffAlpha(c.units, { level: 'masi', distance: nltkMasi }).alpha, e.alphaMasiNltk, 'MASI alpha (0.67, 0.33) vs NLTK');
      expect(r.alphaMasi.pairableValues).toBe(e.pairableValues);
      close(coef(r.exactSet), e.exactSetPercent, 'exact-set agreement');
      e.perLabel.forEach((x, i) => {
        const got = r.perLabel[i]!;
        close(got.alpha.alpha, x.alphaNltk, `${x.label}: binary alpha vs NLTK`);
        close(coef(got.fleiss), x.fleissPlain, `${x.label}: Fleiss`);
        close(coef(got.ac1), x.ac1Plain, `${x.label}: AC1`);
        close(coef(got.percent), x.percentPlain, `${x.label}: percent agreement`);
      });
    });

  for (const c of fx.bootstrap)
    it(`bootstrap interval of alpha on the same resamples: ${c.name}`, () => {
      const r = alphaBootstrap(c.units as never, c.level === 'masi' ? { level: 'masi' } : { level: 'nominal', categories: c.labels }, {
        replicates: c.replicates,
        seed: c.seed,
      });
      close(r.alpha, c.expected.estimate, 'estimate');
      close(r.interval.lower, c.expected.lower, 'lower');
      close(r.interval.upper, c.expected.upper, 'upper');
      expect(r.interval.replicates).toBe(c.expected.used);
      close(r.belowThresholds[0]!.share, c.expected.below0667, 'share below 0.667');
      close(r.belowThresholds[1]!.share, c.expected.below08, 'share below 0.8');
    });

  it('reliability sample sizes match the formula with scipy quantiles', () => {
    for (const s of fx.sampleSize) {
      const got = reliabilitySampleSize({ alphaMin: s.alphaMin, significance: s.significance, smallestShare: s.smallestShare });
      close(got.z, s.z, `z for p = ${s.significance}`, 1e-12);
      close(got.exact, s.exact, `N for ${JSON.stringify(s)}`, 1e-9 * s.exact);
      expect(got.n).toBe(s.n);
    }
  });
});
