import { keyedDigest } from './keyed-digest';

/** Questions customers commonly set (Italian, as they write them), shown for a username with no question to show. */
export const DECOY_QUESTIONS = [
  'Nome del primo animale domestico?',
  'Città natale?',
  'Cognome da nubile di tua madre?',
  'Nome della scuola elementare?',
  "Nome del migliore amico d'infanzia?",
  'Squadra del cuore?',
  'Marca della prima automobile?',
  'Via in cui sei cresciuto?',
  'Piatto preferito?',
  'Libro preferito?',
  'Secondo nome di tuo padre?',
  'Luogo della prima vacanza?',
] as const;

/** The same decoy for the same username every time (keyed, so nobody can compute it and spot a real question by difference). */
export function decoyQuestionFor(secret: string, username: string): string {
  const pick = Number.parseInt(keyedDigest(secret, 'decoy-question', username).slice(0, 8), 16) % DECOY_QUESTIONS.length;
  return DECOY_QUESTIONS[pick] ?? DECOY_QUESTIONS[0];
}
