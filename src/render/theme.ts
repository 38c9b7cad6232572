/**
 * Terminal color themes: the built-in ones and asciicast theme files (`{"fg","bg","palette"}`), resolved
 * into the 256-color table the rasterizer paints with.
 */
import { readFileSync } from 'node:fs';
import type { CastTheme } from '../asciicast/types.js';
import { ConfigError, reasonOf } from '../errors.js';

/** Theme is a resolved color theme: colors are 0xRRGGBB numbers. */
export interface Theme {
  name: string;
  foreground: number;
  background: number;
  cursor: number;
  /** All 256 colors: the theme's 16, then the xterm 6×6×6 cube and the gray ramp. */
  palette: Uint32Array;
}

const builtInThemes: Record<string, CastTheme> = {
  dracula: {
    fg: '#f8f8f2',
    bg: '#282a36',
    palette:
      '#21222c:#ff5555:#50fa7b:#f1fa8c:#bd93f9:#ff79c6:#8be9fd:#f8f8f2:#6272a4:#ff6e6e:#69ff94:#ffffa5:#d6acff:#ff92df:#a4ffff:#ffffff',
  },
  'github-dark': {
    fg: '#e6edf3',
    bg: '#0d1117',
    palette:
      '#484f58:#ff7b72:#3fb950:#d29922:#58a6ff:#bc8cff:#39c5cf:#b1bac4:#6e7681:#ffa198:#56d364:#e3b341:#79c0ff:#d2a8ff:#56d4dd:#ffffff',
  },
  'github-light': {
    fg: '#1f2328',
    bg: '#ffffff',
    palette:
      '#24292f:#cf222e:#116329:#4d2d00:#0969da:#8250df:#1b7c83:#6e7781:#57606a:#a40e26:#1a7f37:#633c01:#218bff:#a475f9:#3192aa:#8c959f',
  },
  'solarized-dark': {
    fg: '#839496',
    bg: '#002b36',
    palette:
      '#073642:#dc322f:#859900:#b58900:#268bd2:#d33682:#2aa198:#eee8d5:#002b36:#cb4b16:#586e75:#657b83:#839496:#6c71c4:#93a1a1:#fdf6e3',
  },
  monokai: {
    fg: '#f8f8f2',
    bg: '#272822',
    palette:
      '#272822:#f92672:#a6e22e:#f4bf75:#66d9ef:#ae81ff:#a1efe4:#f8f8f2:#75715e:#f92672:#a6e22e:#f4bf75:#66d9ef:#ae81ff:#a1efe4:#f9f8f5',
  },
  // VHS's default theme (charmbracelet/vhs style.go), which a tape uses unless it sets one.
  vhs: {
    fg: '#dddddd',
    bg: '#171717',
    palette:
      '#282a2e:#d74e6f:#31bb71:#d3e561:#8056ff:#ed61d7:#04d7d7:#bfbfbf:#4d4d4d:#fe5f86:#00d787:#ebff71:#9b79ff:#ff7aea:#00fefe:#e6e6e6',
  },
};

/** builtInThemeNames lists the names `--theme` accepts without a file. */
export const builtInThemeNames = Object.keys(builtInThemes);

/** DEFAULT_THEME is the theme used when none is given. */
export const DEFAULT_THEME = 'dracula';

function parseHexColor(text: string, where: string): number {
  const match = /^#?([0-9a-fA-F]{6})$/.exec(text.trim());
  if (!match) throw new ConfigError(`${where}: "${text}" is not a #rrggbb color`);
  return Number.parseInt(match[1], 16);
}

/** themeFromCast resolves an asciicast theme object into a full 256-color `Theme`. */
export function themeFromCast(cast: CastTheme, name: string, where = `theme ${name}`): Theme {
  if (typeof cast?.fg !== 'string' || typeof cast?.bg !== 'string' || typeof cast?.palette !== 'string') {
    throw new ConfigError(`${where}: a theme needs "fg", "bg" and "palette" strings (asciicast theme format)`);
  }
  const base = cast.palette.split(':').map((color, index) => parseHexColor(color, `${where}: palette[${index}]`));
  if (base.length !== 8 && base.length !== 16) {
    throw new ConfigError(`${where}: "palette" has ${base.length} colors; it needs 8 or 16`);
  }
  if (base.length === 8) base.push(...base);
  const palette = new Uint32Array(256);
  palette.set(base);
  const levels = [0, 95, 135, 175, 215, 255];
  for (let index = 16; index < 232; index++) {
    const cube = index - 16;
    palette[index] = (levels[Math.floor(cube / 36)] << 16) | (levels[Math.floor(cube / 6) % 6] << 8) | levels[cube % 6];
  }
  for (let index = 232; index < 256; index++) {
    const level = 8 + (index - 232) * 10;
    palette[index] = (level << 16) | (level << 8) | level;
  }
  const foreground = parseHexColor(cast.fg, `${where}: fg`);
  return { name, foreground, background: parseHexColor(cast.bg, `${where}: bg`), cursor: foreground, palette };
}

/** loadTheme returns a built-in theme by name, or reads an asciicast-format theme from a JSON file. */
export function loadTheme(nameOrPath: string = DEFAULT_THEME): Theme {
  const builtIn = builtInThemes[nameOrPath];
  if (builtIn) return themeFromCast(builtIn, nameOrPath);
  if (!nameOrPath.endsWith('.json')) {
    throw new ConfigError(
      `--theme: unknown theme "${nameOrPath}" (built in: ${builtInThemeNames.join(', ')}; or a .json file in the asciicast theme format)`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(nameOrPath, 'utf8'));
  } catch (error) {
    throw new ConfigError(`--theme: cannot read ${nameOrPath}: ${reasonOf(error)}`, { cause: error });
  }
  return themeFromCast(parsed as CastTheme, nameOrPath, nameOrPath);
}

/** recordingTheme picks the theme of a new recording: an inline asciicast theme (from a tape) wins over a name or file. */
export function recordingTheme(inline: CastTheme | undefined, nameOrPath: string | undefined): Theme {
  return inline ? themeFromCast(inline, 'inline', 'inline theme') : loadTheme(nameOrPath);
}

/** hexColor prints a 0xRRGGBB color as `#rrggbb`. */
export function hexColor(color: number): string {
  return `#${color.toString(16).padStart(6, '0')}`;
}

/** castThemeOf turns a resolved theme back into the asciicast header form (16-color palette). */
export function castThemeOf(theme: Theme): CastTheme {
  return { fg: hexColor(theme.foreground), bg: hexColor(theme.background), palette: Array.from(theme.palette.slice(0, 16), hexColor).join(':') };
}
