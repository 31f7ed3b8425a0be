import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { base64, sha256 } from './sha256.js';

describe('sha256 and base64 in the pure core', () => {
  it('match node:crypto on empty, multi-block and non-ASCII input', () => {
    const inputs = [
      '',
      'abc',
      'a'.repeat(55),
      'a'.repeat(56),
      'a'.repeat(64),
      'x'.repeat(1000),
      'Zürich ✓ 日本',
    ];
    for (const text of inputs)
      expect(base64(sha256(text)), JSON.stringify(text.slice(0, 20))).toBe(
        createHash('sha256').update(text, 'utf8').digest('base64'),
      );
  });

  it('pads base64 like Buffer does', () => {
    for (const n of [0, 1, 2, 3, 4, 5])
      expect(base64(new Uint8Array(n).fill(250))).toBe(Buffer.alloc(n, 250).toString('base64'));
  });
});
