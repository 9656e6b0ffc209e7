// Turns anything thrown into a sentence for the UI: the core's own message when it sent one,
// never a stack trace.
import { ApiCallError } from '../api/api-client';
import { t } from '../i18n/t';

export function errorMessage(err: unknown): string {
  if (err instanceof ApiCallError) return err.message;
  if (err instanceof Error && err.message) return t('error.unexpected', { message: err.message.split('\n')[0]! });
  return t('error.unknown');
}
