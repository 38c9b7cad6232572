/** A YAML "alias bomb" for the tests of every YAML reader: few lines whose aliases expand to very many values. */

/**
 * aliasBombLines returns six lines, `a:` to `f:`, each anchoring a list of nine aliases of the line above
 * (the first lists nine scalars): `*f` stands for 9^6 values, far more than the yaml package expands.
 */
export function aliasBombLines(): string[] {
  const lines = ['a: &a [x, x, x, x, x, x, x, x, x]'];
  for (const [index, name] of ['b', 'c', 'd', 'e', 'f'].entries()) lines.push(`${name}: &${name} [${Array.from({ length: 9 }, () => `*${'abcde'[index]}`).join(', ')}]`);
  return lines;
}
