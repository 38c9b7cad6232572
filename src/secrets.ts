/**
 * Secrets: values termaudit must never write anywhere, nor send to a model. A value is secret when the
 * variable holding it is named like a secret (KEY, TOKEN, SECRET, PASSWORD, PASSWD, CREDENTIAL: in the
 * environment termaudit runs in, the one a target is given, `--env`, a pipeline's `env:` or `${VAR}`) or
 * is listed in a pipeline's `secrets:`; so are the API key the judge sends and the user name and password
 * of any URL (`https://user:pw@host`) in those places or on the command line.
 *
 * Two defences, both fed by the secrets known to the process (`addSecrets`, `knownSecrets`):
 * - What a target prints is masked as it is recorded, character for character (`SecretMasker`), so the
 *   layout stays and the cast, and everything made from it (video, frames, screen text, model requests,
 *   scores), is clean by construction. The same goes for the pretest's logs.
 * - Every text termaudit writes is redacted (`redact`: `***`): files written through files.ts, status.json,
 *   messages and the terminal output of the CLI (`redactProcessOutput`).
 *
 * Values shorter than MIN_SECRET_LENGTH characters are not secrets: masking `1`, `yes` or a port number
 * everywhere would garble recordings, and a short value would turn up by chance in the images a report embeds. A program that draws a secret piecewise (cursor moves between its characters)
 * is beyond the masking, which sees the text as printed.
 */

/** SECRET_NAME matches the names of variables whose values are secrets. */
export const SECRET_NAME = /(KEY|TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL)/i;

/** REDACTED replaces a secret in text termaudit writes. */
export const REDACTED = '***';

/** MIN_SECRET_LENGTH is the length (in characters) below which a value is never treated as a secret. */
export const MIN_SECRET_LENGTH = 8;

/** MASK_CHARACTER replaces each character of a secret a target printed. */
const MASK_CHARACTER = '*';

/** Secret is a secret value and where it came from (a variable name, `--base-url`): messages name the source, never the value. */
export interface Secret {
  name: string;
  value: string;
}

/** known maps each secret value known to this process to its source's name. */
const known = new Map<string, string>();
/** Longest first, with the forms a value takes in JSON and HTML; rebuilt when a secret is added. */
let redactionForms: string[] | undefined;

/** addSecrets adds secrets to those known to this process: from then on they are redacted and masked everywhere. */
export function addSecrets(secrets: Iterable<Secret>): void {
  for (const { name, value } of secrets) {
    if (!isSecretValue(value) || known.has(value)) continue;
    known.set(value, name);
    redactionForms = undefined;
  }
}

/** knownSecrets lists the secrets known to this process. */
export function knownSecrets(): Secret[] {
  return [...known].map(([value, name]) => ({ name, value }));
}

/** isSecretValue tells whether a value is long enough to be treated as a secret. */
function isSecretValue(value: string): boolean {
  return [...value].length >= MIN_SECRET_LENGTH;
}

/** urlCredentials finds the user:password of URLs in `text` (`scheme://user:pw@host`), as secrets named `name`. */
export function urlCredentials(text: string, name: string): Secret[] {
  const secrets: Secret[] = [];
  for (const match of text.matchAll(/[a-z][a-z0-9+.-]*:\/\/([^\s/?#@]+)@/gi)) {
    const userinfo = match[1]!;
    const colon = userinfo.indexOf(':');
    const password = colon >= 0 ? userinfo.slice(colon + 1) : userinfo;
    for (const value of new Set([userinfo, password, safeDecode(password)])) secrets.push({ name: `${name} (credentials)`, value });
  }
  return secrets;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * secretsOfEnvironment lists the secrets of an environment: the values of variables named like a secret or
 * listed in `names`, and the credentials of URLs in any value.
 */
export function secretsOfEnvironment(env: Readonly<Record<string, string | undefined>>, names: readonly string[] = []): Secret[] {
  const listed = new Set(names);
  const secrets: Secret[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) continue;
    if (SECRET_NAME.test(name) || listed.has(name)) secrets.push({ name, value });
    if (value.includes('://')) secrets.push(...urlCredentials(value, name));
  }
  return secrets.filter((secret) => isSecretValue(secret.value));
}

/**
 * secretsOfArguments lists the secrets on a command line: the values of `--env NAME=value` whose name looks
 * like a secret, and the credentials of URLs (`--base-url https://user:pw@host`).
 */
export function secretsOfArguments(argv: readonly string[]): Secret[] {
  const secrets: Secret[] = [];
  for (const [index, argument] of argv.entries()) {
    const assignment = argv[index - 1] === '--env' ? argument : /^--env=(.*)$/s.exec(argument)?.[1];
    const equals = assignment?.indexOf('=') ?? -1;
    if (assignment !== undefined && equals > 0) secrets.push(...secretsOfEnvironment({ [assignment.slice(0, equals)]: assignment.slice(equals + 1) }));
    if (argument.includes('://')) secrets.push(...urlCredentials(argument, 'a URL on the command line'));
  }
  return secrets;
}

/** escapeHtml is the escaping of HTML text and attributes, for finding a secret in a report. */
function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** formsOf lists the ways `values` appear in text termaudit writes: as they are, escaped in JSON, escaped in HTML. Longest first. */
function formsOf(values: Iterable<string>): string[] {
  const forms = new Set<string>();
  for (const value of values) {
    forms.add(value);
    forms.add(JSON.stringify(value).slice(1, -1));
    forms.add(escapeHtml(value));
  }
  return [...forms].filter((form) => form !== '').sort((a, b) => b.length - a.length);
}

/**
 * redact replaces every secret known to this process in `text` with `***`, as written and as escaped in
 * JSON and HTML, longest first, so that a secret holding another is replaced whole.
 */
export function redact(text: string): string {
  const forms = (redactionForms ??= formsOf(known.keys()));
  let out = text;
  for (const form of forms) if (out.includes(form)) out = out.split(form).join(REDACTED);
  return out;
}

let processOutputRedacted = false;

/**
 * redactProcessOutput makes everything the process writes to stdout and stderr go through `redact`: the
 * CLI installs it once, so no message, progress line or result can show a secret.
 */
export function redactProcessOutput(): void {
  if (processOutputRedacted) return;
  processOutputRedacted = true;
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
    stream.write = ((chunk: unknown, ...rest: unknown[]) =>
      write(known.size > 0 && typeof chunk === 'string' ? redact(chunk) : chunk, ...rest)) as typeof stream.write;
  }
}

/** MaskPattern is one secret as the bytes a target prints and its mask: as many `*` as it has characters. */
interface MaskPattern {
  name: string;
  bytes: Buffer;
  mask: Buffer;
}

/**
 * SecretMasker masks secrets in a stream of bytes (a target's output) as it passes, character for
 * character. A secret split across chunks is found too: the end of a chunk that may begin a secret is held
 * until the next chunk shows whether it does (`flush` lets it go, e.g. when the output pauses or ends).
 */
export class SecretMasker {
  readonly #patterns: MaskPattern[];
  readonly #longest: number;
  #held: Buffer | undefined;
  /** The sources (variable names) of the secrets masked so far. */
  readonly found = new Set<string>();

  constructor(secrets: readonly Secret[]) {
    const byValue = new Map(secrets.filter((secret) => isSecretValue(secret.value)).map((secret) => [secret.value, secret.name]));
    this.#patterns = [...byValue]
      .map(([value, name]) => ({ name, bytes: Buffer.from(value), mask: Buffer.from(MASK_CHARACTER.repeat([...value].length)) }))
      .sort((a, b) => b.bytes.length - a.bytes.length);
    this.#longest = this.#patterns[0]?.bytes.length ?? 0;
  }

  /** active is whether there is anything to mask: without secrets, push returns its chunks as they are. */
  get active(): boolean {
    return this.#patterns.length > 0;
  }

  /** holding is whether bytes are held back, waiting for the next chunk (or a flush). */
  get holding(): boolean {
    return this.#held !== undefined;
  }

  /** push masks a chunk and returns what can be passed on; the end that may begin a secret is held back. */
  push(chunk: Buffer): Buffer {
    if (!this.active) return chunk;
    const data = this.#held ? Buffer.concat([this.#held, chunk]) : chunk;
    this.#held = undefined;
    const masked = this.#mask(data);
    const hold = this.#partialSecretAtEnd(masked);
    if (hold === 0) return masked;
    this.#held = Buffer.from(masked.subarray(masked.length - hold));
    return masked.subarray(0, masked.length - hold);
  }

  /** flush returns the bytes held back (they did not turn out to be a secret). */
  flush(): Buffer {
    const held = this.#held ?? Buffer.alloc(0);
    this.#held = undefined;
    return held;
  }

  /** #mask replaces every whole secret in `data`, longest first; an overlapping shorter one is left to the longer's mask. */
  #mask(data: Buffer): Buffer {
    const ranges: { start: number; end: number; mask: Buffer }[] = [];
    for (const pattern of this.#patterns) {
      for (let at = data.indexOf(pattern.bytes); at >= 0; at = data.indexOf(pattern.bytes, at + pattern.bytes.length)) {
        const end = at + pattern.bytes.length;
        if (ranges.some((range) => at < range.end && end > range.start)) continue;
        ranges.push({ start: at, end, mask: pattern.mask });
        this.found.add(pattern.name);
      }
    }
    if (ranges.length === 0) return data;
    ranges.sort((a, b) => a.start - b.start);
    if (ranges.every((range) => range.mask.length === range.end - range.start)) {
      for (const range of ranges) range.mask.copy(data, range.start);
      return data;
    }
    const pieces: Buffer[] = [];
    let from = 0;
    for (const range of ranges) {
      pieces.push(data.subarray(from, range.start), range.mask);
      from = range.end;
    }
    pieces.push(data.subarray(from));
    return Buffer.concat(pieces);
  }

  /** #partialSecretAtEnd is the length of the longest end of `data` that begins a secret (0 when none does). */
  #partialSecretAtEnd(data: Buffer): number {
    for (let length = Math.min(this.#longest - 1, data.length); length > 0; length--) {
      const end = data.subarray(data.length - length);
      const first = end[0];
      if (this.#patterns.some((pattern) => pattern.bytes[0] === first && pattern.bytes.length > length && pattern.bytes.subarray(0, length).equals(end))) return length;
    }
    return 0;
  }
}

/** maskedNote is the warning that a target printed secrets, naming their sources (never the values) and where they are masked. */
export function maskedNote(what: string, where: string, sources: Iterable<string>): string | undefined {
  const names = [...sources];
  if (names.length === 0) return undefined;
  return `${what} showed the value of ${names.join(', ')}: masked (one * per character) in ${where}`;
}
