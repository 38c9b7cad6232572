#!/usr/bin/env node
// A short terminal program that exercises what the renderer must get right: the 16 ANSI colors, the
// 256-color palette, truecolor, text attributes, box drawing, emoji, CJK and an animated progress bar.
// `npm start` records it with `termaudit record` and renders it to MP4.
const write = (text) => process.stdout.write(text);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const reset = '\x1b[0m';

write('\x1b[2J\x1b[H\x1b[?25l');
write(`\x1b[1;38;2;189;147;249m termaudit showcase${reset}  \x1b[2mwhat a terminal recording has to render faithfully${reset}\r\n\r\n`);
let colors = ' ANSI  ';
for (let index = 0; index < 16; index++) colors += `\x1b[48;5;${index};${index === 0 || index === 8 ? 97 : 30}m  ${index < 10 ? ' ' : ''}${index} ${reset}`;
write(`${colors}\r\n`);
let palette = ' 256   ';
for (let index = 16; index < 232; index += 2) palette += `\x1b[48;5;${index}m ${reset}`;
write(`${palette}\r\n`);
let gradient = ' RGB   ';
for (let step = 0; step < 108; step++) gradient += `\x1b[48;2;${Math.round(255 * (step / 107))};${Math.round(120 + 100 * Math.sin(step / 17))};${255 - Math.round(255 * (step / 107))}m ${reset}`;
write(`${gradient}\r\n\r\n`);
write(` \x1b[1mbold${reset}  \x1b[2mdim${reset}  \x1b[3mitalic${reset}  \x1b[4munderline${reset}  \x1b[9mstrikethrough${reset}  \x1b[7minverse${reset}  \x1b[1;3mbold italic${reset}  \x1b[53moverline${reset}\r\n\r\n`);
const rows = [
  ['agent', 'status', 'answer'],
  ['alpha', '\x1b[32m✔ answered\x1b[0m', '42 — the answer'],
  ['beta', '\x1b[36m★ voted\x1b[0m   ', 'votes for alpha'],
  ['gamma', '\x1b[31m✖ error\x1b[0m   ', 'rate limited'],
];
write(' ╭────────┬────────────┬──────────────────╮\r\n');
for (const [index, [name, status, answer]] of rows.entries()) {
  write(` │ ${name.padEnd(6)} │ ${status.padEnd(10)} │ ${answer.padEnd(16)} │\r\n`);
  if (index === 0) write(' ├────────┼────────────┼──────────────────┤\r\n');
}
write(' ╰────────┴────────────┴──────────────────╯\r\n\r\n');
write(' emoji 🚀 🎉 ✅ 🤖   CJK 漢字かなカナ 中文   blocks ▁▂▃▄▅▆▇█ ░▒▓   arrows ← ↑ → ↓\r\n\r\n');

const width = 60;
for (let step = 0; step <= 40; step++) {
  const filled = Math.round((step / 40) * width);
  const bar = `\x1b[38;2;80;250;123m${'█'.repeat(filled)}\x1b[38;5;238m${'░'.repeat(width - filled)}${reset}`;
  write(`\r progress ${bar} ${String(Math.round((step / 40) * 100)).padStart(3)}%`);
  await sleep(50);
}
write(`\r\n\r\n \x1b[1;32mdone.${reset} \x1b[2m(recorded in a real pty, rendered in virtual time)${reset}\r\n\x1b[?25h`);
