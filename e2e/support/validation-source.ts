// The Validation screen's sentences about its truth, against `prelabel evaluate --json`: whether the
// intervals hold for the corpus (green only for a random sample with documents compared and none
// skipped), whose decisions are the truth with their counts, the anchoring row of the blind sample
// (the table's number and bootstrap interval, or Wilson) and the stale decisions it leaves out.
import type { Page } from '@playwright/test';
import type { EvaluationResult } from '../../common/contract';
import { expect } from '../fixtures';

export async function expectTruthAndAnchoring(page: Page, cli: EvaluationResult): Promise<void> {
  const holds = cli.source.random && cli.documents.used > 0 && cli.documents.notLabels === 0;
  await expect(page.getByTestId('validation-random')).toHaveText(
    holds ? /^Random sample/ : /^(Not a random sample|A random sample, but|A random sample with)/,
  );
  const truth = cli.truthCoders;
  if (truth?.coder)
    await expect(page.getByTestId('validation-truth-coders')).toHaveText(
      `Truth: the decisions of ${truth.coder} (${truth.coders[0]!.documents} documents).`,
    );
  else
    for (const c of truth?.coders ?? [])
      await expect(page.getByTestId('validation-truth-coders')).toContainText(`${c.name} (${c.documents})`);
  if (cli.anchoring?.staleLeftOut)
    await expect(page.getByTestId('validation-anchoring-stale')).toContainText(`${cli.anchoring.staleLeftOut} decisions`);
  else await expect(page.getByTestId('validation-anchoring-stale')).toHaveCount(0);
  if (cli.anchoring)
    await expect(page.getByTestId('validation-anchoring')).toContainText(
      cli.anchoring.blind.sameAsTable ? 'the accuracy table’s number; bootstrap interval' : 'current accuracy (Wilson interval)',
    );
}
