import type { RegistrationSubmission } from '../../contracts';

/** A valid form of a private person (Mario Rossi, born in Rome on 1 January 1980), as the API receives it. */
export const personForm = {
  subjectType: 'persona_fisica',
  holder: { firstName: 'Mario', lastName: 'Rossi', taxCode: 'RSSMRA80A01H501U' },
  address: { street: 'Via del Corso 1', postalCode: '00186', city: 'Roma', province: 'RM', country: 'IT' },
  phone: '+39 06 6982 1234',
  email: 'mario.rossi@example.it',
  emailConfirmation: 'mario.rossi@example.it',
  recovery: { question: 'Nome del primo animale domestico?', answer: 'Fufi' },
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
