/** Passwords seen in every breach list, and the obvious local ones. Compared without trailing digits/symbols. */
const COMMON = new Set([
  'password',
  'passw0rd',
  'qwerty',
  'qwertyuiop',
  'asdfghjkl',
  'abcdefgh',
  'abcdefghijkl',
  'letmein',
  'welcome',
  'changeme',
  'admin',
  'administrator',
  'amministratore',
  'benvenuto',
  'vedetta',
  'polizia',
  'polizialocale',
  'poliziamunicipale',
  'comune',
  'centraleoperativa',
  'carabinieri',
  'sicurezza',
  'iloveyou',
  'football',
  'juventus',
  'forzainter',
  'forzamilan',
]);

export interface PasswordPolicy {
  minLength: number;
}

/** Returns what is wrong with a password (Italian, for the user), or an empty list. */
export function passwordProblems(
  password: string,
  policy: PasswordPolicy,
  context: { username?: string; displayName?: string } = {},
): string[] {
  const problems: string[] = [];
  const length = [...password].length;
  if (length < policy.minLength)
    problems.push(`La password deve avere almeno ${policy.minLength} caratteri.`);
  if (length > 256) problems.push('La password non può superare 256 caratteri.');
  const lower = password.toLowerCase();
  const stem = lower.replace(/[\d\W_]+$/u, '');
  if (COMMON.has(stem) || COMMON.has(lower) || /^\d+$/.test(password)) {
    problems.push('La password è troppo comune o prevedibile.');
  }
  const counts = new Map<string, number>();
  for (const ch of lower) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  if (length > 0 && counts.size <= Math.max(2, Math.floor(length / 4))) {
    problems.push('La password ripete troppe volte gli stessi caratteri.');
  }
  const username = context.username?.toLowerCase();
  if (username && username.length >= 3 && lower.includes(username)) {
    problems.push('La password non può contenere il nome utente.');
  }
  const nameParts = (context.displayName ?? '')
    .toLowerCase()
    .split(/\s+/)
    .filter((p) => p.length >= 4);
  if (nameParts.some((p) => lower.includes(p)))
    problems.push('La password non può contenere il proprio nome.');
  return problems;
}
