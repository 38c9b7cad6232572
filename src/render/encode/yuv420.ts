/**
 * RGBA → I420 (planar yuv420p) conversion on our side of the pipe, done incrementally. ffmpeg's own
 * RGBA → yuv420p conversion is single-threaded and about 40% of its CPU per 1080p frame (6 of 15 ms),
 * while consecutive terminal frames differ in a few cells: `Yuv420Frame` keeps one persistent I420 frame
 * and converts only the rectangles the rasterizer repainted (`Rasterizer.lastDamage`), so ffmpeg reads
 * 1.5 bytes per pixel instead of 4 and converts nothing.
 *
 * The conversion is the one `ffmpeg-args.ts` tags the video with: BT.709 matrix, limited ("tv") range
 * (Y 16–235, U/V 16–240), in integer fixed-point arithmetic rounded to nearest, so it is the same on
 * every machine and within half a level of the formulas (ffmpeg's scaler truncates: #ff5555 gets V 202
 * where the formula gives 202.67). Each U/V sample is the conversion of the average RGB of its 2×2 block
 * (a box filter); ffmpeg's scaler filters chroma differently, so at coloured glyph edges the two differ
 * by a few levels of U/V, which the decoded video does not show.
 */
import { endianness } from 'node:os';
import type { DamageRect } from '../raster/rasterizer.js';

/** BT.709 luma weights of red and blue (green's is 1 − both). */
const KR = 0.2126;
const KB = 0.0722;
const KG = 1 - KR - KB;
/** Fixed-point scale of the coefficients: 16 fractional bits keep every result exact to the rounding of the formula. */
const SHIFT = 16;
const fixed = (value: number): number => Math.round(value * (1 << SHIFT));
/** Limited range maps full-range [0, 255] onto Y [16, 235] and U/V [16, 240]. */
const Y_SCALE = 219 / 255;
const C_SCALE = 224 / 255;
const Y_R = fixed(KR * Y_SCALE);
const Y_G = fixed(KG * Y_SCALE);
const Y_B = fixed(KB * Y_SCALE);
const U_R = fixed((-KR / (2 * (1 - KB))) * C_SCALE);
const U_B = fixed(0.5 * C_SCALE);
/** Chosen so the three sum to exactly zero: any gray gets U = V = 128 exactly. */
const U_G = -U_R - U_B;
const V_R = fixed(0.5 * C_SCALE);
const V_B = fixed((-KB / (2 * (1 - KR))) * C_SCALE);
const V_G = -V_R - V_B;
/** Offsets with the rounding half added: luma from one pixel, chroma from the sum of four (two more bits). */
const Y_OFFSET = (16 << SHIFT) + (1 << (SHIFT - 1));
const C_OFFSET = (128 << (SHIFT + 2)) + (1 << (SHIFT + 1));

/** Where each channel sits in a pixel read as one 32-bit word from RGBA bytes on this machine. */
const LITTLE_ENDIAN = endianness() === 'LE';
const RED_SHIFT = LITTLE_ENDIAN ? 0 : 24;
const GREEN_SHIFT = LITTLE_ENDIAN ? 8 : 16;
const BLUE_SHIFT = LITTLE_ENDIAN ? 16 : 8;

/** Yuv420Frame holds one I420 frame and updates it from RGBA frames of the same size, converting only damaged rectangles. */
export class Yuv420Frame {
  readonly width: number;
  readonly height: number;
  /** The I420 frame: Y plane (width × height), then U, then V (each width/2 × height/2). Overwritten by `update`. */
  readonly data: Buffer;
  private readonly lumaPlane: Uint8Array;
  private readonly uPlane: Uint8Array;
  private readonly vPlane: Uint8Array;
  /** A 4-byte-aligned copy of the input, used only when a caller's buffer cannot be viewed as 32-bit words. */
  private alignedInput: Int32Array | undefined;

  /** Creates a frame of `width` × `height` pixels (both even, as 4:2:0 needs), all zero until the first update. */
  constructor(width: number, height: number) {
    for (const [name, value] of [['width', width], ['height', height]] as const) {
      if (!Number.isInteger(value) || value <= 0 || value % 2 !== 0) {
        throw new TypeError(`Yuv420Frame: ${name} must be a positive even integer (4:2:0 chroma covers 2x2 pixels), received ${value}`);
      }
    }
    this.width = width;
    this.height = height;
    const lumaBytes = width * height;
    const chromaBytes = lumaBytes / 4;
    this.data = Buffer.alloc(lumaBytes + 2 * chromaBytes);
    const { buffer, byteOffset } = this.data;
    this.lumaPlane = new Uint8Array(buffer, byteOffset, lumaBytes);
    this.uPlane = new Uint8Array(buffer, byteOffset + lumaBytes, chromaBytes);
    this.vPlane = new Uint8Array(buffer, byteOffset + lumaBytes + chromaBytes, chromaBytes);
  }

  /** byteLength returns the size of an I420 frame of `width` × `height` pixels: 1.5 bytes per pixel. */
  static byteLength(width: number, height: number): number {
    return width * height + 2 * (width / 2) * (height / 2);
  }

  /**
   * update converts the `damage` rectangles of `rgba` (width × height × 4 bytes) into `data` and returns
   * `data`. Pixels outside the rectangles keep what earlier updates wrote, so pass every rectangle that
   * changed since the previous update; rectangles are widened to even coordinates (whole 2×2 blocks) and
   * clipped to the frame. Without `damage` the whole frame is converted.
   */
  update(rgba: Buffer, damage?: readonly DamageRect[]): Buffer {
    const pixelCount = this.width * this.height;
    if (rgba.length !== pixelCount * 4) {
      throw new TypeError(`Yuv420Frame.update: rgba must hold ${this.width}x${this.height}x4 = ${pixelCount * 4} bytes, received ${rgba.length}`);
    }
    const pixels = this.pixelWords(rgba);
    if (damage === undefined) {
      this.convert(pixels, 0, 0, this.width, this.height);
      return this.data;
    }
    for (const rect of damage) {
      const left = Math.max(0, Math.floor(rect.x / 2) * 2);
      const top = Math.max(0, Math.floor(rect.y / 2) * 2);
      const right = Math.min(this.width, Math.ceil((rect.x + rect.width) / 2) * 2);
      const bottom = Math.min(this.height, Math.ceil((rect.y + rect.height) / 2) * 2);
      if (right > left && bottom > top) this.convert(pixels, left, top, right, bottom);
    }
    return this.data;
  }

  /** pixelWords views `rgba` as one 32-bit word per pixel (signed, so the JIT handles every word as an int32 rather than as a double above 2^31), copying it first only when it is not 4-byte aligned. */
  private pixelWords(rgba: Buffer): Int32Array {
    if (rgba.byteOffset % 4 === 0) return new Int32Array(rgba.buffer, rgba.byteOffset, rgba.length / 4);
    this.alignedInput ??= new Int32Array(rgba.length / 4);
    new Uint8Array(this.alignedInput.buffer).set(rgba);
    return this.alignedInput;
  }

  /**
   * convert writes Y, U and V for the pixels in [left, right) × [top, bottom), all even. Terminal frames
   * are mostly flat: a 2×2 block of one colour, the same as the block converted before it, reuses that
   * result, which makes a full 1080p frame several times cheaper than converting every pixel.
   */
  private convert(pixels: Int32Array, left: number, top: number, right: number, bottom: number): void {
    const { width, lumaPlane, uPlane, vPlane } = this;
    const chromaWidth = width >> 1;
    // Locals, so the hot loop reads registers rather than module bindings.
    const yR = Y_R, yG = Y_G, yB = Y_B, uR = U_R, uG = U_G, uB = U_B, vR = V_R, vG = V_G, vB = V_B;
    const redShift = RED_SHIFT, greenShift = GREEN_SHIFT, blueShift = BLUE_SHIFT;
    // The flat block seen last and its Y, U and V, starting as pixel word 0 (black, whatever its alpha).
    let flatPixel = 0;
    let flatY = Y_OFFSET >> SHIFT;
    let flatU = C_OFFSET >> (SHIFT + 2);
    let flatV = flatU;
    for (let y = top; y < bottom; y += 2) {
      let upper = y * width + left;
      let chroma = (y >> 1) * chromaWidth + (left >> 1);
      const rowEnd = y * width + right;
      for (; upper < rowEnd; upper += 2, chroma++) {
        const lower = upper + width;
        const p00 = pixels[upper];
        const p01 = pixels[upper + 1];
        const p10 = pixels[lower];
        const p11 = pixels[lower + 1];
        if (p00 === p01 && p00 === p10 && p00 === p11) {
          if (p00 !== flatPixel) {
            flatPixel = p00;
            const red = (p00 >>> redShift) & 0xff;
            const green = (p00 >>> greenShift) & 0xff;
            const blue = (p00 >>> blueShift) & 0xff;
            flatY = (yR * red + yG * green + yB * blue + Y_OFFSET) >> SHIFT;
            // The chroma of four equal pixels, with the same rounding as the general path below.
            flatU = (4 * (uR * red + uG * green + uB * blue) + C_OFFSET) >> (SHIFT + 2);
            flatV = (4 * (vR * red + vG * green + vB * blue) + C_OFFSET) >> (SHIFT + 2);
          }
          lumaPlane[upper] = flatY;
          lumaPlane[upper + 1] = flatY;
          lumaPlane[lower] = flatY;
          lumaPlane[lower + 1] = flatY;
          uPlane[chroma] = flatU;
          vPlane[chroma] = flatV;
          continue;
        }
        const r00 = (p00 >>> redShift) & 0xff, g00 = (p00 >>> greenShift) & 0xff, b00 = (p00 >>> blueShift) & 0xff;
        const r01 = (p01 >>> redShift) & 0xff, g01 = (p01 >>> greenShift) & 0xff, b01 = (p01 >>> blueShift) & 0xff;
        const r10 = (p10 >>> redShift) & 0xff, g10 = (p10 >>> greenShift) & 0xff, b10 = (p10 >>> blueShift) & 0xff;
        const r11 = (p11 >>> redShift) & 0xff, g11 = (p11 >>> greenShift) & 0xff, b11 = (p11 >>> blueShift) & 0xff;
        lumaPlane[upper] = (yR * r00 + yG * g00 + yB * b00 + Y_OFFSET) >> SHIFT;
        lumaPlane[upper + 1] = (yR * r01 + yG * g01 + yB * b01 + Y_OFFSET) >> SHIFT;
        lumaPlane[lower] = (yR * r10 + yG * g10 + yB * b10 + Y_OFFSET) >> SHIFT;
        lumaPlane[lower + 1] = (yR * r11 + yG * g11 + yB * b11 + Y_OFFSET) >> SHIFT;
        const red = r00 + r01 + r10 + r11;
        const green = g00 + g01 + g10 + g11;
        const blue = b00 + b01 + b10 + b11;
        uPlane[chroma] = (uR * red + uG * green + uB * blue + C_OFFSET) >> (SHIFT + 2);
        vPlane[chroma] = (vR * red + vG * green + vB * blue + C_OFFSET) >> (SHIFT + 2);
      }
    }
  }
}
