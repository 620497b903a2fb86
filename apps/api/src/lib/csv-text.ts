import { ValidationError } from '../errors.ts'

/** An upload past its size limit (HTTP 413). */
export class UploadTooLargeError extends ValidationError {
  static of(maxBytes: number): UploadTooLargeError {
    const message = `The file is larger than ${maxBytes / 1024 / 1024} MB`
    return new UploadTooLargeError(`file: ${message}`, [{ path: ['file'], code: 'too_large', message }])
  }
}

/**
 * An uploaded CSV file as text, decoded chunk by chunk, in UTF-8 or in Shift_JIS (CP932).
 *
 * Excel on Japanese Windows saves "CSV (コンマ区切り)" in CP932, and "CSV UTF-8" with a byte-order
 * mark; both are taken. The encoding is found from the file itself: a BOM means UTF-8; otherwise
 * the first bytes that are not ASCII (both encodings write ASCII the same way) are decoded as UTF-8,
 * and if that fails, the file is Shift_JIS. Japanese Shift_JIS text is practically never valid
 * UTF-8 for more than a few characters, so a decision on the first 4 KB after the first non-ASCII
 * byte holds for the file. A file that changes encoding later, or is neither, is refused with
 * `unknown_encoding`.
 *
 * Stops with UploadTooLargeError past `maxBytes`, and refuses NUL characters (not a text file;
 * PostgreSQL text cannot store them).
 */
export async function* csvText(body: AsyncIterable<Uint8Array>, maxBytes: number): AsyncGenerator<string> {
  let bytes = 0
  let decoder: TextDecoder | null = null
  // Bytes held back until the encoding is known.
  let held: Uint8Array[] = []
  let heldBytes = 0
  let nonAsciiAt = -1

  const decode = (chunk: Uint8Array, last = false): string => {
    if (!decoder) throw new Error('no encoding decided')
    let text: string
    try {
      text = decoder.decode(chunk, { stream: !last })
    } catch {
      throw ValidationError.field('file', 'The file is neither UTF-8 nor Shift_JIS (CP932) text, or mixes them', 'unknown_encoding')
    }
    if (text.includes('\u0000')) throw ValidationError.field('file', 'The file contains a NUL character: it is not a CSV text file', 'invalid_csv')
    return text
  }

  const decide = (sample: Uint8Array) => {
    if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) {
      decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false })
      return
    }
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true })
      decoder = new TextDecoder('utf-8', { fatal: true })
    } catch {
      // The WHATWG "shift_jis" decoder is CP932 (Windows-31J): Excel's Japanese CSV.
      decoder = new TextDecoder('shift_jis', { fatal: true })
    }
  }

  for await (const chunk of body) {
    bytes += chunk.byteLength
    if (bytes > maxBytes) throw UploadTooLargeError.of(maxBytes)
    if (decoder) {
      yield decode(chunk)
      continue
    }
    held.push(chunk)
    heldBytes += chunk.byteLength
    if (nonAsciiAt < 0) {
      const index = chunk.findIndex((byte) => byte >= 0x80)
      if (index >= 0) nonAsciiAt = heldBytes - chunk.byteLength + index
    }
    if (nonAsciiAt >= 0 && heldBytes - nonAsciiAt >= 4096) {
      const sample = Buffer.concat(held)
      held = []
      decide(sample)
      yield decode(sample)
    }
  }
  if (!decoder) {
    const sample = Buffer.concat(held)
    decide(sample)
    yield decode(sample, true)
    return
  }
  yield decode(new Uint8Array(0), true)
}
