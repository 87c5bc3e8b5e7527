import { describe, expect, it } from 'vitest';
import { passwordProblems } from './password-policy.js';

const policy = { minLength: 12 };

describe('passwordProblems', () => {
  it('accepts a long, unusual passphrase', () => {
    expect(passwordProblems('Torre-Civica-2026!', policy)).toEqual([]);
    expect(passwordProblems('la nebbia sul lungo po', policy)).toEqual([]);
  });

  it.each([
    ['short', 'Corta-1', /almeno 12/],
    ['common with digits', 'Password123456', /comune/],
    ['local word', 'polizialocale2026', /comune/],
    ['only digits', '123456789012', /comune/],
    ['repetition', 'aaaaaaaaaaab', /ripete/],
  ])('refuses %s', (_label, pw, problem) => {
    expect(passwordProblems(pw, policy).join(' ')).toMatch(problem);
  });

  it('refuses the username or the person’s name inside the password', () => {
    expect(
      passwordProblems('mario.rossi-2026-x', policy, { username: 'mario.rossi' }).join(' '),
    ).toMatch(/nome utente/);
    expect(
      passwordProblems('Bianchi-Sicuro-99', policy, { displayName: 'Giulia Bianchi' }).join(' '),
    ).toMatch(/proprio nome/);
  });
});
