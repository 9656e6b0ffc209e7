// The Import screen's check shows the core's warning about a file that holds far more text than
// its size (main/core/imports/text-size.ts), and nothing for an ordinary file.
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { ImportDetection } from '../../../common/contract';
import { TextSizeWarning } from './import-check-section';

const detection = (textSize?: ImportDetection['textSize']) =>
  ({ format: 'xlsx', sheets: ['S'], sheet: 'S', ...(textSize ? { textSize } : {}) }) as unknown as ImportDetection;

describe('TextSizeWarning', () => {
  it('shows the warning with both sizes, and nothing without one', () => {
    const warning =
      'thirty.xlsx holds 30 MB of text in a file of 2.4 KB (12,448 times its size: its cells repeat the same texts); the import adds about that much to the project.';
    expect(
      renderToStaticMarkup(
        <TextSizeWarning detection={detection({ fileBytes: 2410, textBytes: 30e6, exact: true, warning, needsConfirmation: false })} />,
      ),
    ).toMatch(
      new RegExp(
        `^<div class="stack"><p id="[^"]+" class="field-hint hint-warning" role="status" data-testid="text-size-warning">${warning.replace(/[()]/g, '\\$&')}</p></div>$`,
      ),
    );
    expect(
      renderToStaticMarkup(
        <TextSizeWarning detection={detection({ fileBytes: 1e6, textBytes: 2e6, exact: true, warning: null, needsConfirmation: false })} />,
      ),
    ).toBe('');
    expect(renderToStaticMarkup(<TextSizeWarning detection={detection()} />)).toBe('');
    expect(renderToStaticMarkup(<TextSizeWarning detection={null} />)).toBe('');
  });

  it('past the limit, offers a box to confirm the size, checked as the options say', () => {
    const warning =
      'amplified.xlsx holds at least 300 MB of text. Past 200 MB and 100 times the file, Prelabel imports it only when you confirm the size.';
    const size = { fileBytes: 2410, textBytes: 300e6, exact: false, warning, needsConfirmation: true };
    const unconfirmed = renderToStaticMarkup(<TextSizeWarning detection={detection(size)} confirmed={false} onConfirm={() => {}} />);
    expect(unconfirmed).toContain('data-testid="confirm-large-text"');
    expect(unconfirmed).not.toContain('checked=""');
    expect(renderToStaticMarkup(<TextSizeWarning detection={detection(size)} confirmed onConfirm={() => {}} />)).toContain('checked=""');
    // Under the limit: the warning only.
    expect(
      renderToStaticMarkup(<TextSizeWarning detection={detection({ ...size, needsConfirmation: false })} onConfirm={() => {}} />),
    ).not.toContain('confirm-large-text');
  });
});
