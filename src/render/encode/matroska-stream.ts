/**
 * Byte builders for the Matroska stream written to ffmpeg's stdin. Raw frames have no timestamps of
 * their own, and ffmpeg's rawvideo input assumes a constant frame rate; wrapping each frame in a Matroska
 * cluster with a millisecond timestamp lets ffmpeg keep the variable frame rate of the renderer (only
 * distinct screen states are sent). The stream is a live one: the Segment has an unknown size, so no
 * seeking back is needed, and each frame is one cluster holding one uncompressed SimpleBlock.
 */
import type { InputPixelFormat } from './ffmpeg-args.js';

/** Matroska/EBML element ids used by the stream, as their encoded bytes. */
const ElementId = {
  ebml: 0x1a45dfa3,
  ebmlVersion: 0x4286,
  ebmlReadVersion: 0x42f7,
  ebmlMaxIdLength: 0x42f2,
  ebmlMaxSizeLength: 0x42f3,
  docType: 0x4282,
  docTypeVersion: 0x4287,
  docTypeReadVersion: 0x4285,
  segment: 0x18538067,
  info: 0x1549a966,
  timestampScale: 0x2ad7b1,
  muxingApp: 0x4d80,
  writingApp: 0x5741,
  tracks: 0x1654ae6b,
  trackEntry: 0xae,
  trackNumber: 0xd7,
  trackUid: 0x73c5,
  trackType: 0x83,
  flagLacing: 0x9c,
  codecId: 0x86,
  video: 0xe0,
  pixelWidth: 0xb0,
  pixelHeight: 0xba,
  colourSpace: 0x2eb524,
  cluster: 0x1f43b675,
  clusterTimestamp: 0xe7,
  simpleBlock: 0xa3,
} as const;

/**
 * The ColourSpace FourCC of each input format. For V_UNCOMPRESSED, ffmpeg's Matroska demuxer looks the
 * FourCC up in its raw pixel format table (libavcodec/raw.c): "RGBA" is rgba and "I420" is yuv420p (Y, then
 * U, then V), as checked with the bundled ffmpeg 4.1 in test/render/encode/frame-encoder.test.ts.
 */
const colourSpaceFourcc: Record<InputPixelFormat, string> = { rgba: 'RGBA', yuv420p: 'I420' };

/** Nanoseconds per Matroska timestamp tick: 1 ms, so cluster timestamps are milliseconds. */
const timestampScaleNanoseconds = 1_000_000;
/** Track type 1 is video. */
const trackTypeVideo = 1;
/** A size field of all ones after its length marker means "unknown size" (a live stream). */
const unknownSize = Buffer.from([0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
/** SimpleBlock flag 0x80: keyframe (every uncompressed frame stands alone). */
const keyframeFlag = 0x80;
/** Length of the SimpleBlock's own header: track number vint (1), relative timestamp (2), flags (1). */
const simpleBlockHeaderLength = 4;
/** Largest value a Matroska size may hold in 8 bytes (all ones is reserved for "unknown"). */
const largestSize = 2 ** 56 - 2;

/** elementIdBytes encodes an element id, whose length marker is already part of the number. */
function elementIdBytes(id: number): Buffer {
  const length = id > 0xffffff ? 4 : id > 0xffff ? 3 : id > 0xff ? 2 : 1;
  const bytes = Buffer.alloc(length);
  bytes.writeUIntBE(id, 0, length);
  return bytes;
}

/** sizeBytes encodes a data size as an 8-byte EBML variable-size integer (always 8 bytes, simplest). */
function sizeBytes(size: number): Buffer {
  if (!Number.isInteger(size) || size < 0 || size > largestSize) {
    throw new RangeError(`Matroska element size ${size} is out of range`);
  }
  const bytes = Buffer.alloc(8);
  bytes.writeUInt8(0x01, 0);
  // 7 bytes of value after the marker byte: split into high 3 and low 4 bytes to stay within safe integers.
  bytes.writeUIntBE(Math.floor(size / 2 ** 32), 1, 3);
  bytes.writeUInt32BE(size % 2 ** 32, 4);
  return bytes;
}

/** element encodes one element around its already encoded payload. */
function element(id: number, payload: Buffer): Buffer {
  return Buffer.concat([elementIdBytes(id), sizeBytes(payload.length), payload]);
}

/** unsignedElement encodes an unsigned integer element in the fewest bytes. */
function unsignedElement(id: number, value: number): Buffer {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`Matroska unsigned value ${value} is out of range`);
  let length = 1;
  while (length < 7 && value >= 2 ** (8 * length)) length += 1;
  const payload = Buffer.alloc(length);
  payload.writeUIntBE(value, 0, length);
  return element(id, payload);
}

/** stringElement encodes an ASCII string element. */
function stringElement(id: number, value: string): Buffer {
  return element(id, Buffer.from(value, 'ascii'));
}

/** matroskaHeader returns the stream's start: EBML header, an open Segment, Info (ms ticks) and one raw video track of `pixelFormat` frames. */
export function matroskaHeader(width: number, height: number, pixelFormat: InputPixelFormat = 'rgba'): Buffer {
  if (!Number.isInteger(width) || width <= 0 || !Number.isInteger(height) || height <= 0) {
    throw new RangeError(`matroskaHeader: frame size must be positive integers, received ${width}x${height}`);
  }
  if (!(pixelFormat in colourSpaceFourcc)) throw new RangeError(`matroskaHeader: pixelFormat must be rgba or yuv420p, received ${String(pixelFormat)}`);
  const ebmlHeader = element(
    ElementId.ebml,
    Buffer.concat([
      unsignedElement(ElementId.ebmlVersion, 1),
      unsignedElement(ElementId.ebmlReadVersion, 1),
      unsignedElement(ElementId.ebmlMaxIdLength, 4),
      unsignedElement(ElementId.ebmlMaxSizeLength, 8),
      stringElement(ElementId.docType, 'matroska'),
      unsignedElement(ElementId.docTypeVersion, 4),
      unsignedElement(ElementId.docTypeReadVersion, 2),
    ]),
  );
  const info = element(
    ElementId.info,
    Buffer.concat([
      unsignedElement(ElementId.timestampScale, timestampScaleNanoseconds),
      stringElement(ElementId.muxingApp, 'termaudit'),
      stringElement(ElementId.writingApp, 'termaudit'),
    ]),
  );
  const video = element(
    ElementId.video,
    Buffer.concat([
      unsignedElement(ElementId.pixelWidth, width),
      unsignedElement(ElementId.pixelHeight, height),
      // For V_UNCOMPRESSED the ColourSpace is a FourCC naming the pixel layout.
      element(ElementId.colourSpace, Buffer.from(colourSpaceFourcc[pixelFormat], 'ascii')),
    ]),
  );
  const tracks = element(
    ElementId.tracks,
    element(
      ElementId.trackEntry,
      Buffer.concat([
        unsignedElement(ElementId.trackNumber, 1),
        unsignedElement(ElementId.trackUid, 1),
        unsignedElement(ElementId.trackType, trackTypeVideo),
        unsignedElement(ElementId.flagLacing, 0),
        stringElement(ElementId.codecId, 'V_UNCOMPRESSED'),
        video,
      ]),
    ),
  );
  return Buffer.concat([ebmlHeader, elementIdBytes(ElementId.segment), unknownSize, info, tracks]);
}

/**
 * matroskaFrameHeader returns the bytes that precede one frame's pixels: a Cluster at `timestampMs`
 * holding one keyframe SimpleBlock of `frameByteLength` bytes. Write the pixels right after it, as a
 * separate write, so an 8 MB frame is never copied.
 */
export function matroskaFrameHeader(timestampMs: number, frameByteLength: number): Buffer {
  if (!Number.isSafeInteger(timestampMs) || timestampMs < 0) {
    throw new RangeError(`matroskaFrameHeader: timestampMs must be a non-negative integer, received ${timestampMs}`);
  }
  const timestamp = unsignedElement(ElementId.clusterTimestamp, timestampMs);
  const blockHeader = Buffer.from([0x81, 0x00, 0x00, keyframeFlag]); // track 1 (vint), relative time 0, flags
  const blockDataSize = simpleBlockHeaderLength + frameByteLength;
  const simpleBlockStart = Buffer.concat([elementIdBytes(ElementId.simpleBlock), sizeBytes(blockDataSize), blockHeader]);
  const clusterPayloadSize = timestamp.length + simpleBlockStart.length - simpleBlockHeaderLength + blockDataSize;
  return Buffer.concat([elementIdBytes(ElementId.cluster), sizeBytes(clusterPayloadSize), timestamp, simpleBlockStart]);
}
