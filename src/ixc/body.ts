/**
 * Reading an answer's body within an attempt's time: IXC often trickles a slow body, so the
 * time allowed covers it as well as the headers.
 */
/** An attempt whose body was still arriving when its time ran out. */
export class BodyTimeout extends Error {}

const DECODER = new TextDecoder();

/**
 * Reads a whole body as text, as `Response.text()` does (UTF-8, a BOM dropped), but gives up
 * at `deadline` (a `performance.now()` time): the stream is cancelled, which closes the
 * connection, and the read fails with {@link BodyTimeout}.
 */
export async function readText(response: Response, deadline: number): Promise<string> {
  const body = response.body;
  if (body === null) return '';
  const reader = body.getReader();
  let late = false;
  const timer = setTimeout(
    () => {
      late = true;
      reader.cancel().catch(() => {});
    },
    Math.max(0, deadline - performance.now()),
  );
  try {
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (late) throw new BodyTimeout('IXC body timed out');
      if (done) break;
      if (!isBytes(value)) throw new TypeError('Received non-Uint8Array chunk');
      chunks.push(value);
      size += value.byteLength;
    }
    if (chunks.length === 1) return DECODER.decode(chunks[0]);
    const all = new Uint8Array(size);
    let at = 0;
    for (const chunk of chunks) {
      all.set(chunk, at);
      at += chunk.byteLength;
    }
    return DECODER.decode(all);
  } catch (error) {
    if (late) throw new BodyTimeout('IXC body timed out');
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

// A body may come from another realm (a test environment's fetch): its bytes are not this
// realm's Uint8Array, but say they are one.
function isBytes(value: unknown): value is Uint8Array {
  return (
    value instanceof Uint8Array || Object.prototype.toString.call(value) === '[object Uint8Array]'
  );
}
