import type { ApiAnswer, ApiErrorBody } from './api-call';
import { fieldAnchor, type PageErrors } from './render';

/**
 * The API's refusal as the page shows it: each field's messages next to it (in the API's words,
 * already in the page's language), all of them listed in the summary; a refusal that names no
 * field becomes one line of the summary. `fieldOf` maps an API path to the page's field name.
 */
export function pageErrorsOf(answer: ApiAnswer<ApiErrorBody>, fieldOf: (path: string) => string | undefined = (path) => path): PageErrors {
  const byField: Record<string, string> = {};
  const list: PageErrors['list'] = [];
  for (const problem of answer.body.error.fields ?? []) {
    const field = fieldOf(problem.path);
    if (field) {
      byField[field] = byField[field] ? `${byField[field]} ${problem.message}` : problem.message;
      list.push({ path: field, message: problem.message, anchor: fieldAnchor(field) });
    } else {
      list.push({ path: problem.path, message: problem.message, anchor: '' });
    }
  }
  if (list.length === 0) list.push({ path: '', message: answer.body.error.message, anchor: '' });
  return { byField, list };
}

/** Errors raised by the page itself (not the API), e.g. a field the API does not know about. */
export function singleError(message: string, field?: string): PageErrors {
  return { byField: field ? { [field]: message } : {}, list: [{ path: field ?? '', message, anchor: field ? fieldAnchor(field) : '' }] };
}

/** A refused password re-entry (`POST /api/v1/session/reauthentication`), shown at the `currentPassword` field. */
export function reauthenticationErrors(answer: ApiAnswer<ApiErrorBody>): PageErrors {
  const message = answer.body.error.fields?.[0]?.message ?? answer.body.error.message;
  return singleError(message, 'currentPassword');
}
