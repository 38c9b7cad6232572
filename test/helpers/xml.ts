/** Checks on the XML termaudit writes (junit.xml), without an XML library. */
import assert from 'node:assert/strict';

/** assertWellFormed checks that tags nest and close, attributes are quoted, and no raw `<` or `&` is left in text. */
export function assertWellFormed(xml: string): void {
  assert.match(xml, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n/);
  const body = xml.replace(/^<\?xml[^>]*\?>/, '');
  const open: string[] = [];
  for (const token of body.split(/(<[^>]*>)/)) {
    if (token.startsWith('<')) {
      const match = /^<(\/?)([A-Za-z][\w.-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>$/.exec(token);
      assert.ok(match, `malformed tag ${token}`);
      assert.doesNotMatch(match[3]!, /&(?!(amp|lt|gt|quot|#39);)/, `unescaped attribute in ${token}`);
      if (match[1]) assert.equal(open.pop(), match[2], `unbalanced ${token}`);
      else if (!match[4]) open.push(match[2]!);
    } else {
      assert.doesNotMatch(token, /<|&(?!(amp|lt|gt|quot|#39);)/, `unescaped text ${token}`);
    }
  }
  assert.deepEqual(open, []);
}
