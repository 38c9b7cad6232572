/**
 * `${VAR}` in a pipeline file: expansion from the environment (with `${VAR:-default}`), and the secret
 * values it brings in. A value is secret when the variable it came from, or the env key it is assigned
 * to, is named like a secret (KEY, TOKEN, SECRET, PASSWORD, PASSWD, CREDENTIAL) or is listed in
 * `secrets:`; the runner replaces every secret value with `***` before writing anything.
 */

/** SECRET_NAME matches environment variable names whose values are treated as secrets. */
export const SECRET_NAME = /(KEY|TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL)/i;

/** REDACTED replaces a secret value in every output. */
export const REDACTED = '***';

/** Expansion is one `${VAR}` that was replaced by the environment's value. */
export interface Expansion {
  variable: string;
  value: string;
}

/** ExpandedText is a string with its variables replaced, what came from the environment, and what was wrong. */
export interface ExpandedText {
  value: string;
  expansions: Expansion[];
  problems: string[];
}

// `$${` is a literal `${`; `${NAME}` and `${NAME:-default}` are variables; any other `${` is a mistake.
const reference = /\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}|\$\{[^}]*\}?/g;

/**
 * expandVariables replaces `${VAR}` and `${VAR:-default}` in `text` with values from `env`. A variable that
 * is unset (or, with `:-`, empty) takes its default; one with no default is a problem, and so is a
 * malformed reference. `$${` writes a literal `${`.
 */
export function expandVariables(text: string, env: NodeJS.ProcessEnv): ExpandedText {
  const expansions: Expansion[] = [];
  const problems: string[] = [];
  const value = text.replace(reference, (match: string, name: string | undefined, fallback: string | undefined) => {
    if (match === '$${') return '${';
    if (name === undefined) {
      problems.push(`${JSON.stringify(match)} is not a variable reference (write \${NAME} or \${NAME:-default}; $\${ for a literal \${)`);
      return match;
    }
    const found = env[name];
    if (found !== undefined && (fallback === undefined || found !== '')) {
      expansions.push({ variable: name, value: found });
      return found;
    }
    if (fallback !== undefined) return fallback;
    problems.push(`environment variable ${name} is not set (set it, or write \${${name}:-default})`);
    return match;
  });
  return { value, expansions, problems };
}

/**
 * secretValues picks the values to redact: those expanded from a variable named like a secret or listed
 * in `names`, and those of env entries whose key is. Empty values are dropped (redacting "" would be
 * meaningless), and so are duplicates.
 */
export function secretValues(expansions: readonly Expansion[], env: Readonly<Record<string, string>>, names: readonly string[]): string[] {
  const listed = new Set(names);
  const isSecret = (name: string) => SECRET_NAME.test(name) || listed.has(name);
  const values = [
    ...expansions.filter((expansion) => isSecret(expansion.variable)).map((expansion) => expansion.value),
    ...Object.entries(env)
      .filter(([key]) => isSecret(key))
      .map(([, value]) => value),
  ];
  return [...new Set(values.filter((value) => value !== ''))];
}

/** redactSecrets replaces every occurrence of every secret value in `text` with `***`, longest first. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  // Longest first, so a secret that contains another is replaced whole.
  const ordered = [...new Set(secrets)].filter((secret) => secret !== '').sort((a, b) => b.length - a.length);
  let out = text;
  for (const secret of ordered) out = out.split(secret).join(REDACTED);
  return out;
}
