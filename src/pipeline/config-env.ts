/**
 * `${VAR}` in a pipeline file: expansion from the environment (with `${VAR:-default}`), and the secret
 * values it brings in. A value is secret when the variable it came from, or the env key it is assigned
 * to, is named like a secret (KEY, TOKEN, SECRET, PASSWORD, PASSWD, CREDENTIAL) or is listed in
 * `secrets:`: see secrets.ts for what happens to secrets.
 */
import { secretsOfEnvironment, type Secret } from '../secrets.js';

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
 * scenarioSecrets picks a scenario's secrets: the values expanded from a variable named like a secret or
 * listed in `names`, and those of env entries whose key is (see secrets.ts for the rule and its minimum length).
 */
export function scenarioSecrets(expansions: readonly Expansion[], env: Readonly<Record<string, string>>, names: readonly string[]): Secret[] {
  const expanded = Object.fromEntries(expansions.map((expansion) => [expansion.variable, expansion.value]));
  return [...secretsOfEnvironment(expanded, names), ...secretsOfEnvironment(env, names)];
}
