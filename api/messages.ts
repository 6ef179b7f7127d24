/** Localized texts of API errors: one message per error code and per validation rule, in it and en. */
export const LANGUAGES = ['it', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

type Catalog = Record<string, { it: string; en: string }>;

export const errorMessages: Catalog = {
  validation_failed: { it: 'Alcuni dati non sono validi.', en: 'Some of the data is not valid.' },
  malformed_json: { it: 'Il corpo della richiesta non è JSON valido.', en: 'The request body is not valid JSON.' },
  malformed_url: { it: "L'indirizzo della richiesta contiene una codifica non valida.", en: 'The request address contains invalid percent-encoding.' },
  undecodable_payload: {
    it: 'Payload non decifrabile: non è cifrato da questo servizio, usa una chiave sconosciuta o è danneggiato.',
    en: 'Payload cannot be decoded: it was not encrypted by this service, uses an unknown key, or is damaged.',
  },
  payload_too_large: { it: 'La richiesta è troppo grande.', en: 'The request is too large.' },
  unsupported_media_type: { it: 'Il corpo della richiesta deve essere JSON.', en: 'The request body must be JSON.' },
  unauthorized: { it: 'Autenticazione richiesta.', en: 'Authentication required.' },
  forbidden: { it: 'Operazione non consentita.', en: 'Operation not allowed.' },
  cross_site_request: {
    it: 'Richiesta rifiutata: proviene da un altro sito. Ripeti l’operazione dalle pagine di Aruba.',
    en: 'Request refused: it comes from another site. Repeat the operation from Aruba’s own pages.',
  },
  foreign_origin: {
    it: 'Richiesta rifiutata: solo la Temporal UI degli operatori può usare questo endpoint.',
    en: 'Request refused: only the operators’ Temporal UI may use this endpoint.',
  },
  email_not_retryable: {
    it: "L'e-mail non risulta fallita o abbandonata nell'outbox (forse è stata inviata nel frattempo).",
    en: 'The e-mail is not failed or abandoned in the outbox (it may have been sent meanwhile).',
  },
  not_found: { it: 'Risorsa non trovata.', en: 'Resource not found.' },
  method_not_allowed: { it: 'Metodo non consentito per questo indirizzo.', en: 'Method not allowed on this path.' },
  rate_limited: { it: 'Troppe richieste: riprova tra poco.', en: 'Too many requests: please try again shortly.' },
  internal_error: { it: 'Errore interno: riprova più tardi.', en: 'Internal error: please try again later.' },
  invalid_credentials: { it: 'Username o password non corretti.', en: 'Wrong username or password.' },
  login_request_expired: {
    it: 'La richiesta di nuova login è scaduta: ripeti la procedura "Crea nuova login".',
    en: 'The new login request has expired: go through "Crea nuova login" again.',
  },
  service_not_renewable: { it: 'Questo servizio non può essere rinnovato.', en: 'This service cannot be renewed.' },
  invalid_token: {
    it: 'Il link di reimpostazione non è valido, è già stato usato o è scaduto: richiedine uno nuovo.',
    en: 'The reset link is not valid, was already used or has expired: ask for a new one.',
  },
  recovery_failed: { it: 'Non è stato possibile verificare i dati inseriti.', en: 'The details given could not be verified.' },
  holder_immutable: {
    it: "I dati dell'intestatario (nome, cognome, ragione sociale, codice fiscale, partita IVA) non si possono modificare. Per intestare i servizi a un soggetto diverso effettua una nuova registrazione; per correggere un errore di inserimento invia una richiesta di correzione.",
    en: "The holder's data (first name, last name, company name, tax code, VAT number) cannot be changed. For a different holder, register again; to fix a data-entry error, file a correction request.",
  },
  profile_busy: { it: 'I dati sono in corso di modifica da un’altra richiesta: riprova tra poco.', en: 'The profile is being changed by another request: please try again shortly.' },
  reauthentication_required: {
    it: 'Per sicurezza, inserisci di nuovo la password per completare questa operazione.',
    en: 'For your security, enter your password again to complete this operation.',
  },
  recovery_locked: {
    it: 'Troppe risposte errate alla domanda segreta: il recupero della password è bloccato per 24 ore. Ti abbiamo scritto all’indirizzo di contatto.',
    en: 'Too many wrong answers to the secret question: password recovery is locked for 24 hours. We have written to your contact address.',
  },
  correction_decided: { it: 'La richiesta di correzione è già stata decisa.', en: 'The correction request has already been decided.' },
  // Conflicts of the registration flows (contracts/signup.ts SIGNUP_CONFLICTS).
  signup_expired: { it: 'La registrazione è scaduta: ricomincia dal modulo.', en: 'The registration has expired: start again from the form.' },
  signup_completed: { it: 'Questa registrazione è già conclusa.', en: 'This registration has already been completed.' },
  password_already_set: { it: 'La password è già stata scelta.', en: 'The password has already been chosen.' },
  form_already_submitted: { it: 'Il modulo è già stato inviato.', en: 'The form has already been submitted.' },
  form_not_submitted: { it: 'Prima di scegliere la password invia il modulo di registrazione.', en: 'Submit the registration form before choosing the password.' },
  idempotency_key_reused: {
    it: 'Questa Idempotency-Key è già stata usata per una richiesta diversa.',
    en: 'This Idempotency-Key was already used for a different request.',
  },
  order_already_registered: { it: "L'ordine è già associato a una login.", en: 'The order already belongs to a login.' },
  registration_in_progress: { it: "Per questo ordine è in corso una registrazione.", en: 'A registration for this order is in progress.' },
  registration_failed: {
    it: 'Non è stato possibile registrare i dati: riprova più tardi.',
    en: 'The registration could not be recorded: please try again later.',
  },
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
  // Registration form (domain/registration, docs/registration-rules.md).
  not_allowed: { it: 'Dato non previsto per il tipo di soggetto scelto.', en: 'Not expected for the chosen subject type.' },
  checksum: {
    it: 'Il carattere di controllo non è corretto: verifica di aver digitato il codice senza errori.',
    en: 'The check character is wrong: make sure the code was typed without mistakes.',
  },
  office_code: {
    it: "Le cifre dall'8ª alla 10ª non corrispondono a nessun ufficio IVA.",
    en: 'Digits 8 to 10 do not match any VAT office.',
  },
  birth_date: {
    it: 'La data di nascita contenuta nel codice fiscale non è valida.',
    en: 'The date of birth in the tax code is not valid.',
  },
  birthplace: {
    it: 'Il codice fiscale indica un comune o uno stato estero di nascita inesistente.',
    en: 'The tax code names a place of birth (comune or foreign country) that does not exist.',
  },
  personal_tax_code: {
    it: 'Inserisci il codice fiscale personale di 16 caratteri.',
    en: 'Enter the 16-character personal tax code.',
  },
  numeric_tax_code: {
    it: 'Inserisci il codice fiscale numerico di 11 cifre.',
    en: 'Enter the 11-digit numeric tax code.',
  },
  unknown_province: {
    it: 'Indica la sigla di una provincia italiana (es. RM, MI).',
    en: 'Enter the code of an Italian province (e.g. RM, MI).',
  },
  comune_not_in_province: {
    it: 'Il comune indicato non appartiene alla provincia {province}.',
    en: 'This comune is not in the province of {province}.',
  },
  unknown_country: {
    it: 'Indica il codice del paese di due lettere (es. IT).',
    en: 'Enter the two-letter country code (e.g. IT).',
  },
  phone: { it: 'Il numero di telefono non è valido.', en: 'The phone number is not valid.' },
  email: { it: 'Indica un indirizzo email valido e funzionante.', en: 'Enter a valid, working e-mail address.' },
  mismatch: { it: 'I due valori non coincidono.', en: 'The two values do not match.' },
  wrong_answer: { it: 'La risposta non corrisponde a quella impostata.', en: 'The answer does not match the one you set.' },
  unchanged: { it: 'Il valore è uguale a quello attuale.', en: 'The value is the same as the current one.' },
  must_accept: {
    it: "Per proseguire devi dichiarare di aver preso visione dell'informativa.",
    en: 'To continue, you must declare that you have read the notice.',
  },
};

export function errorMessage(code: string, language: Language, fallback: string): string {
  return errorMessages[code]?.[language] ?? fallback;
}

export function ruleMessage(rule: string, language: Language, params: Record<string, string | number> = {}): string {
  const template = ruleMessages[rule]?.[language] ?? ruleMessages.invalid![language];
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? ''));
}
