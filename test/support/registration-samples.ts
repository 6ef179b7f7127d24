import type { RegistrationSubmission } from '../../contracts';

/** A valid form of a private person (Mario Rossi, born in Rome on 1 January 1980), as the API receives it. */
export const personForm = {
  subjectType: 'persona_fisica',
  holder: { firstName: 'Mario', lastName: 'Rossi', taxCode: 'RSSMRA80A01H501U' },
  address: { street: 'Via del Corso 1', postalCode: '00186', city: 'Roma', province: 'RM', country: 'IT' },
  phone: '+39 06 6982 1234',
  email: 'mario.rossi@example.it',
  emailConfirmation: 'mario.rossi@example.it',
  recovery: { question: 'Nome del primo animale domestico?', answer: 'Fufi il gatto' },
  privacy: { noticeAccepted: true, processingConsent: true, marketingConsent: false },
};

/** The same person as the signup workflow receives it (normalized, answer hashed). */
export const personSubmission: RegistrationSubmission = {
  subjectType: 'persona_fisica',
  holder: { firstName: 'Mario', lastName: 'Rossi', taxCode: 'RSSMRA80A01H501U' },
  address: { street: 'Via del Corso 1', postalCode: '00186', city: 'Roma', province: 'RM', country: 'IT' },
  phone: '+390669821234',
  email: 'mario.rossi@example.it',
  recovery: { question: 'Nome del primo animale domestico?', answerHash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g' },
  privacy: { noticeAccepted: true, processingConsent: true, marketingConsent: false },
  locale: 'it',
  fingerprint: 'f'.repeat(64),
};

const base = {
  address: { street: 'Via Roma 10', postalCode: '52100', city: 'Arezzo', province: 'AR', country: 'IT' },
  phone: '+39 0575 123456',
  privacy: { noticeAccepted: true, processingConsent: true, marketingConsent: true },
};
const withEmail = (email: string) => ({ email, emailConfirmation: email });

/** One valid form per subject type (checksum-correct codes; see docs/registration-rules.md for who needs what). */
export const formsBySubjectType = {
  persona_fisica: personForm,
  libero_professionista: {
    ...base,
    ...withEmail('studio.rossi@example.it'),
    subjectType: 'libero_professionista',
    holder: { firstName: 'Mario', lastName: 'Rossi', taxCode: 'RSSMRA80A01H501U', vatNumber: '01573850516' },
  },
  ditta_individuale: {
    ...base,
    ...withEmail('idraulica.rossi@example.it'),
    subjectType: 'ditta_individuale',
    holder: { firstName: 'Mario', lastName: 'Rossi', companyName: 'Idraulica Rossi di Mario Rossi', taxCode: 'RSSMRA80A01H501U', vatNumber: '01114601006' },
  },
  azienda: {
    ...base,
    ...withEmail('amministrazione@olivetti.example.it'),
    subjectType: 'azienda',
    holder: { companyName: 'Olivetti S.p.A.', vatNumber: '00488410010', taxCode: '00488410010' },
  },
  ente_no_profit: {
    ...base,
    ...withEmail('info@amicidelparco.example.it'),
    subjectType: 'ente_no_profit',
    holder: { companyName: 'Associazione Amici del Parco', taxCode: '97123450005' },
  },
  ente_pubblico: {
    ...base,
    ...withEmail('protocollo@comune.example.it'),
    subjectType: 'ente_pubblico',
    holder: { companyName: 'Comune di Esempio', taxCode: '80012345676' },
  },
  altro: {
    ...base,
    ...withEmail('comitato@example.it'),
    subjectType: 'altro',
    holder: { companyName: 'Comitato Festa Patronale', taxCode: '02438750586' },
  },
};
