/** Localized texts of API errors: one message per error code and per validation rule, in it and en. */
export const LANGUAGES = ['it', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

type Catalog = Record<string, { it: string; en: string }>;

export const errorMessages: Catalog = {
  validation_failed: { it: 'Alcuni dati non sono validi.', en: 'Some of the data is not valid.' },
  malformed_json: { it: 'Il corpo della richiesta non è JSON valido.', en: 'The request body is not valid JSON.' },
  payload_too_large: { it: 'La richiesta è troppo grande.', en: 'The request is too large.' },
  unsupported_media_type: { it: 'Il corpo della richiesta deve essere JSON.', en: 'The request body must be JSON.' },
  unauthorized: { it: 'Autenticazione richiesta.', en: 'Authentication required.' },
  forbidden: { it: 'Operazione non consentita.', en: 'Operation not allowed.' },
  not_found: { it: 'Risorsa non trovata.', en: 'Resource not found.' },
  internal_error: { it: 'Errore interno: riprova più tardi.', en: 'Internal error: please try again later.' },
};

/** `{name}` placeholders are filled from the rule's params. */
export const ruleMessages: Catalog = {
  required: { it: 'Campo obbligatorio.', en: 'This field is required.' },
  type: { it: 'Tipo di valore non valido: atteso {expected}.', en: 'Wrong type of value: expected {expected}.' },
  unknown_field: { it: 'Campo non previsto.', en: 'Unknown field.' },
  min_length: { it: 'Deve contenere almeno {min} caratteri.', en: 'Must be at least {min} characters long.' },
  max_length: { it: 'Può contenere al massimo {max} caratteri.', en: 'Must be at most {max} characters long.' },
  min_items: { it: 'Servono almeno {min} elementi.', en: 'At least {min} items are needed.' },
  max_items: { it: 'Sono ammessi al massimo {max} elementi.', en: 'At most {max} items are allowed.' },
  min: { it: 'Deve essere almeno {min}.', en: 'Must be at least {min}.' },
  max: { it: 'Può essere al massimo {max}.', en: 'Must be at most {max}.' },
  format: { it: 'Formato non valido.', en: 'Invalid format.' },
  one_of: { it: 'Valore non ammesso: scegli tra {options}.', en: 'Value not allowed: choose one of {options}.' },
  invalid: { it: 'Valore non valido.', en: 'Invalid value.' },
};

export function errorMessage(code: string, language: Language, fallback: string): string {
  return errorMessages[code]?.[language] ?? fallback;
}

export function ruleMessage(rule: string, language: Language, params: Record<string, string | number> = {}): string {
  const template = ruleMessages[rule]?.[language] ?? ruleMessages.invalid![language];
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? ''));
}
