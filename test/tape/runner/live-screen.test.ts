import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VirtualTerminal } from '../../../src/render/virtual-terminal.js';
import { LiveScreen, type OutputSource } from '../../../src/tape/runner/live-screen.js';

/** outputSource is an OutputSource the test prints into, chunk by chunk. */
function outputSource(): OutputSource & { print(data: string): void } {
  const listeners = new Set<(data: string) => void>();
  return {
    onData: (listener) => {
      listeners.add(listener);
      return { dispose: () => listeners.delete(listener) };
    },
    print: (data) => {
      for (const listener of listeners) listener(data);
    },
  };
}

test('LiveScreen notes when the program first switched to the alternate screen, also when the sequence is split between chunks', async () => {
  for (const chunks of [['\x1b[?1049h'], ['\x1b[?10', '49h'], ['\x1b[?1;1047h'], ['\x1b[?47h']]) {
    const source = outputSource();
    const screen = new LiveScreen(source, new VirtualTerminal({ cols: 20, rows: 4 }));
    source.print('plain output\r\n');
    assert.equal(screen.alternateScreenAt, undefined);
    for (const chunk of chunks) source.print(chunk);
    assert.equal(typeof screen.alternateScreenAt, 'number', JSON.stringify(chunks));
    const first = screen.alternateScreenAt;
    source.print('\x1b[?1049l\x1b[?1049h');
    assert.equal(screen.alternateScreenAt, first, 'the first switch is kept');
    await screen.settled();
    screen.dispose();
  }
});

test('LiveScreen does not take other private modes for the alternate screen', () => {
  const source = outputSource();
  const screen = new LiveScreen(source, new VirtualTerminal({ cols: 20, rows: 4 }));
  source.print('\x1b[?1h\x1b[?25l\x1b[?2004h\x1b[?1049l');
  assert.equal(screen.alternateScreenAt, undefined);
  assert.equal(screen.cursorKeyMode, 'application');
  screen.dispose();
});
