import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matroskaFrameHeader, matroskaHeader } from '../../../src/render/encode/matroska-stream.js';

/** EbmlElement is one parsed element: its id (with length marker) and its data. */
interface EbmlElement {
  id: number;
  data: Buffer;
  /** Declared size, or undefined for "unknown size". */
  size: number | undefined;
}

/** readVint reads an EBML variable-size integer; `keepMarker` keeps the length bit (element ids do). */
function readVint(bytes: Buffer, offset: number, keepMarker: boolean): { value: number; length: number; allOnes: boolean } {
  const first = bytes[offset];
  let length = 1;
  while (length <= 8 && (first & (0x80 >> (length - 1))) === 0) length += 1;
  let value = keepMarker ? first : first & (0xff >> length);
  let allOnes = value === (0xff >> length);
  for (let index = 1; index < length; index += 1) {
    value = value * 256 + bytes[offset + index];
    allOnes &&= bytes[offset + index] === 0xff;
  }
  return { value, length, allOnes };
}

/** readElements parses consecutive elements; an unknown-size element takes the rest of the buffer. */
function readElements(bytes: Buffer): EbmlElement[] {
  const elements: EbmlElement[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    const id = readVint(bytes, offset, true);
    const size = readVint(bytes, offset + id.length, false);
    const start = offset + id.length + size.length;
    const end = size.allOnes ? bytes.length : start + size.value;
    elements.push({ id: id.value, data: bytes.subarray(start, end), size: size.allOnes ? undefined : size.value });
    offset = end;
  }
  return elements;
}

/** child returns the single child element with `id`. */
function child(parent: Buffer, id: number): EbmlElement {
  const found = readElements(parent).filter((element) => element.id === id);
  assert.equal(found.length, 1, `expected one element 0x${id.toString(16)}`);
  return found[0];
}

test('the header declares a matroska document with a live segment and one RGBA video track', () => {
  const [ebml, segment, ...rest] = readElements(matroskaHeader(1920, 1080));
  assert.equal(rest.length, 0);
  assert.equal(ebml.id, 0x1a45dfa3);
  assert.equal(child(ebml.data, 0x4282).data.toString('ascii'), 'matroska');
  assert.equal(segment.id, 0x18538067);
  assert.equal(segment.size, undefined, 'segment of unknown size');
  const info = child(segment.data, 0x1549a966);
  assert.equal(child(info.data, 0x2ad7b1).data.readUIntBE(0, child(info.data, 0x2ad7b1).data.length), 1_000_000);
  const trackEntry = child(child(segment.data, 0x1654ae6b).data, 0xae);
  assert.equal(child(trackEntry.data, 0xd7).data[0], 1, 'track number');
  assert.equal(child(trackEntry.data, 0x83).data[0], 1, 'video track');
  assert.equal(child(trackEntry.data, 0x86).data.toString('ascii'), 'V_UNCOMPRESSED');
  const video = child(trackEntry.data, 0xe0);
  const width = child(video.data, 0xb0).data;
  const height = child(video.data, 0xba).data;
  assert.equal(width.readUIntBE(0, width.length), 1920);
  assert.equal(height.readUIntBE(0, height.length), 1080);
  assert.equal(child(video.data, 0x2eb524).data.toString('ascii'), 'RGBA');
});

test('a yuv420p stream names its track I420 and an rgba one RGBA', () => {
  const colourSpaceOf = (header: Buffer): string => {
    const [, segment] = readElements(header);
    const trackEntry = child(child(segment.data, 0x1654ae6b).data, 0xae);
    return child(child(trackEntry.data, 0xe0).data, 0x2eb524).data.toString('ascii');
  };
  assert.equal(colourSpaceOf(matroskaHeader(64, 32, 'yuv420p')), 'I420');
  assert.equal(colourSpaceOf(matroskaHeader(64, 32, 'rgba')), 'RGBA');
});

test('a frame header opens a cluster at its millisecond timestamp whose block size covers the pixels that follow', () => {
  const frameBytes = 1920 * 1080 * 4;
  const header = matroskaFrameHeader(123_456, frameBytes);
  // Parse as if the pixels followed: a zero-filled stand-in of the right length.
  const [cluster] = readElements(Buffer.concat([header, Buffer.alloc(frameBytes)]));
  assert.equal(cluster.id, 0x1f43b675);
  assert.equal(cluster.size, header.length - 12 + frameBytes);
  const [timestamp, block] = readElements(cluster.data);
  assert.equal(timestamp.id, 0xe7);
  assert.equal(timestamp.data.readUIntBE(0, timestamp.data.length), 123_456);
  assert.equal(block.id, 0xa3);
  assert.equal(block.size, 4 + frameBytes);
  assert.deepEqual([...block.data.subarray(0, 4)], [0x81, 0x00, 0x00, 0x80], 'track 1, relative time 0, keyframe');
});

test('timestamp zero and an empty frame still encode', () => {
  const [cluster] = readElements(matroskaFrameHeader(0, 0));
  const [timestamp, block] = readElements(cluster.data);
  assert.equal(timestamp.data[0], 0);
  assert.equal(block.size, 4);
});

test('bad sizes and timestamps are rejected', () => {
  assert.throws(() => matroskaHeader(0, 10), RangeError);
  assert.throws(() => matroskaHeader(10.5, 10), RangeError);
  assert.throws(() => matroskaFrameHeader(-1, 10), RangeError);
  assert.throws(() => matroskaFrameHeader(1.5, 10), RangeError);
});
