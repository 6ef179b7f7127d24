import type { RegistrationSubmission } from '../../../contracts';
import { submissionProblems } from '../../../workflows/registration/submission-check';
import { personSubmission } from '../../support/registration-samples';

/** The registration workflows' cheap check of what the API sends: shape and hashing, no datasets. */
describe('a registration workflow checking a submission', () => {
  it('accepts what the API sends, for a person and for a foreign address without CAP or provincia', () => {
    expect(submissionProblems(personSubmission)).toEqual([]);
    expect(submissionProblems({ ...personSubmission, address: { street: '1 Rue de Rivoli', postalCode: '', city: 'Paris', province: '', country: 'FR' } })).toEqual([]);
  });

  it('accepts a company named only by its company name', () => {
    const company: RegistrationSubmission = { ...personSubmission, subjectType: 'azienda', holder: { companyName: 'Rossi S.r.l.', vatNumber: '01234567897' } };
    expect(submissionProblems(company)).toEqual([]);
  });

  it('refuses a secret answer that is not an argon2id hash', () => {
    const answerInClear = { ...personSubmission, recovery: { question: 'Nome del primo animale domestico?', answerHash: 'Fufi' } };
    expect(submissionProblems(answerInClear)).toEqual([{ path: 'recovery.answer', rule: 'format' }]);
  });

  it('names every missing piece at once', () => {
    const broken = { ...personSubmission, subjectType: 'robot', holder: {}, address: { ...personSubmission.address, street: ' ' }, email: 'nope', locale: 'de', fingerprint: 'x' } as unknown as RegistrationSubmission;
    expect(submissionProblems(broken).map((p) => p.path)).toEqual(['subjectType', 'holder', 'address.street', 'email', 'locale', 'fingerprint']);
  });

  it('refuses a submission without the privacy notice acknowledged', () => {
    const notAcknowledged = { ...personSubmission, privacy: { ...personSubmission.privacy, noticeAccepted: false } };
    expect(submissionProblems(notAcknowledged)).toEqual([{ path: 'privacy.noticeAccepted', rule: 'must_accept' }]);
  });
});
