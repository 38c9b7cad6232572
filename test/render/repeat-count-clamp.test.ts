import assert from 'node:assert/strict';
import { test } from 'node:test';
import xtermHeadless from '@xterm/headless';
import { clampRepeatCount, RepeatCountClamp } from '../../src/render/repeat-count-clamp.js';

const { Terminal } = xtermHeadless;
const ESC = '\u001b';

/** clamp runs `chunks` through one RepeatCountClamp for a screen of `cols`×`rows` and joins the output. */
function clamp(chunks: string[], cols = 80, rows = 24): string {
  const clamper = new RepeatCountClamp();
  return chunks.map((chunk) => clamper.push(chunk, cols, rows)).join('');
}

/** screenOf feeds `data` to a bare xterm.js (no clamp) and dumps every cell (text, colors, width) and the cursor. */
async function screenOf(data: string, cols: number, rows: number): Promise<string> {
  const terminal = new Terminal({ cols, rows, allowProposedApi: true, scrollback: 0 });
  await new Promise<void>((resolve) => terminal.write(data, resolve));
  const buffer = terminal.buffer.active;
  const lines: string[] = [];
  for (let row = 0; row < rows; row++) {
    const line = buffer.getLine(buffer.baseY + row)!;
    const cells: string[] = [];
    for (let col = 0; col < cols; col++) {
      const cell = line.getCell(col)!;
      cells.push(`${cell.getChars() || ' '}/${cell.getWidth()}/${cell.getFgColor()}/${cell.getBgColor()}`);
    }
    lines.push(`${cells.join(' ')} wrapped=${line.isWrapped}`);
  }
  lines.push(`cursor ${buffer.cursorX},${buffer.cursorY}`);
  terminal.dispose();
  return lines.join('\n');
}

test('normal counts and everything that is not a repeat count pass through unchanged', () => {
  const text = `plain ${ESC}[1;31mred${ESC}[0m ${ESC}[5S${ESC}[24L${ESC}[80P${ESC}[3b${ESC}[2;5H${ESC}]0;title${ESC}\\ 漢字 😀${ESC}[S${ESC}[0T${ESC}[;7M\r\n`;
  assert.equal(clamp([text]), text);
});

test('huge counts are lowered to the screen size: rows for line commands, columns for character commands', () => {
  const huge = '999999999';
  for (const final of ['S', 'T', 'L', 'M', 'E', 'F']) assert.equal(clamp([`${ESC}[${huge}${final}`]), `${ESC}[24${final}`, final);
  for (const final of ['@', 'P', 'X', 'I', 'Z']) assert.equal(clamp([`${ESC}[${huge}${final}`]), `${ESC}[80${final}`, final);
  assert.equal(clamp([`a${ESC}[25Sb`]), `a${ESC}[24Sb`, 'one more than the screen');
  // Beyond xterm's cap (2^31 − 1) and with leading zeros, the value is what xterm itself would read.
  assert.equal(clamp([`${ESC}[000000000000000000000000000000000000005S`]), `${ESC}[000000000000000000000000000000000000005S`);
  assert.equal(clamp([`${ESC}[99999999999999999999999999999999999999999S`]), `${ESC}[24S`);
  // The C1 form of CSI too.
  assert.equal(clamp(['\u009b999999999L']), '\u009b24L');
});

test('REP keeps a count that fills the screen, with the same remainder over a line', () => {
  // 80 columns: a line of narrow or wide characters is a multiple of 80 cells, so the period is 80.
  const fill = (24 + 2) * 80;
  assert.equal(clampRepeatCount('b', 999_999_999, 80, 24), fill + ((999_999_999 - fill) % 80));
  assert.equal(clampRepeatCount('b', fill, 80, 24), fill);
  assert.equal(clampRepeatCount('b', 5, 80, 24), 5);
  // An odd width has lines of 7 narrow or 3 wide characters: the period is 21.
  assert.equal(clampRepeatCount('b', 1000, 7, 4), 42 + ((1000 - 42) % 21));
  assert.equal(clampRepeatCount('m', 999_999_999, 80, 24), 999_999_999, 'other commands keep any parameter');
});

test('only the first parameter is clamped; the others, sub-parameters included, stay as written', () => {
  assert.equal(clamp([`${ESC}[999999999;5;7S`]), `${ESC}[24;5;7S`);
  assert.equal(clamp([`${ESC}[999999999:1:2;3S`]), `${ESC}[24:1:2;3S`);
  assert.equal(clamp([`${ESC}[5;999999999S`]), `${ESC}[5;999999999S`, 'xterm reads the first parameter only');
  const many = Array.from({ length: 40 }, (_, index) => index + 1).join(';');
  assert.equal(clamp([`${ESC}[999999999;${many}L`]), `${ESC}[24;${many}L`);
});

test('sequences with a private marker or intermediates are other commands and left alone', () => {
  for (const sequence of [`${ESC}[?999999999S`, `${ESC}[>999999999b`, `${ESC}[=999999999T`, `${ESC}[999999999 @`, `${ESC}[999999999 A`, `${ESC}[999999999'}`, `${ESC}[999999999$~`, `${ESC}[999999999?S`]) {
    assert.equal(clamp([`${sequence}after`]), `${sequence}after`, JSON.stringify(sequence));
  }
  assert.equal(clamp([`${ESC}(${ESC}[999999999S`]), `${ESC}(${ESC}[24S`, 'an ESC sequence before does not hide the next one');
  assert.equal(clamp([`${ESC}${ESC}[999999999S`]), `${ESC}${ESC}[24S`);
});

test('a sequence interrupted by ESC, CAN or SUB is passed on as it is, and the next one is still clamped', () => {
  assert.equal(clamp([`${ESC}[999999999${ESC}[999999999S`]), `${ESC}[999999999${ESC}[24S`);
  assert.equal(clamp([`${ESC}[999999999\u0018S${ESC}[999999999S`]), `${ESC}[999999999\u0018S${ESC}[24S`);
});

test('control characters inside a clamped sequence are moved ahead of it, where they have the same effect', () => {
  assert.equal(clamp([`${ESC}[9\n99999999;\r2S`]), `\n\r${ESC}[24;2S`);
  assert.equal(clamp([`${ESC}[5\rS`]), `${ESC}[5\rS`, 'a sequence left alone keeps them in place');
});

test('a sequence that goes on over many chunks is not held whole', () => {
  const clamper = new RepeatCountClamp();
  let out = clamper.push(`${ESC}[`, 80, 24);
  for (let index = 0; index < 1000; index++) out += clamper.push('999\n', 80, 24);
  for (let index = 0; index < 1000; index++) out += clamper.push(';1', 80, 24);
  out += clamper.push('S', 80, 24);
  assert.ok(out.length < 5000, `${out.length} characters`);
  assert.equal(out.replace(/[^\n]/g, ''), '\n'.repeat(1000), 'every control goes out');
  assert.match(out, new RegExp(`^\\n+\\u001b\\[${clampRepeatCount('b', 0x7fffffff, 80, 24)}(;1)+S$`));
});

test('a sequence split between chunks anywhere is clamped as if it came whole', () => {
  const text = `ab${ESC}[999999999S c${ESC}[999999999;2b\u009b999999999@ ${ESC}[?999999999S d${ESC}[12P${ESC}`;
  const whole = clamp([text]);
  assert.equal(whole, `ab${ESC}[24S c${ESC}[${clampRepeatCount('b', 999999999, 80, 24)};2b\u009b80@ ${ESC}[?999999999S d${ESC}[12P`, 'the trailing ESC is held');
  for (let cut = 0; cut <= text.length; cut++) {
    assert.equal(clamp([text.slice(0, cut), text.slice(cut)]), whole, `cut at ${cut}`);
  }
  assert.equal(clamp([...text]), whole, 'one character at a time');
});

test('a clamped count leaves the screen exactly as the full count does', async () => {
  const sizes = [
    [7, 4],
    [8, 5],
  ];
  const setups = [
    '', // blank screen, cursor home
    'first line\r\nsecond\r\n\u001b[41mthird line on red\u001b[2;3H', // text, a background color for erased cells
    '\u001b[2;3rin a scroll region\u001b[3;2H', // scroll region, cursor inside
    '\u001b[?7lno autowrap here\u001b[1;4H', // no autowrap
    '\u001b[4hinsert mode\u001b[2;2H', // insert mode
  ];
  for (const [cols, rows] of sizes) {
    for (const setup of setups) {
      for (const [final, before] of [...'STLMEF@PXIZ'].map((final) => [final, '']).concat([['b', 'x'], ['b', '漢']])) {
        const limit = final === 'b' ? (rows + 2) * cols + 23 : Math.max(cols, rows) + 3;
        for (let count = 0; count <= limit; count++) {
          const data = `${setup}${before}${ESC}[${count}${final}`;
          const clamped = clamp([data], cols, rows);
          if (clamped === data) continue;
          assert.equal(await screenOf(clamped, cols, rows), await screenOf(data, cols, rows), `${cols}x${rows} ${JSON.stringify(data)}`);
        }
      }
    }
  }
});
