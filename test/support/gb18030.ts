/** Node has a GB18030 decoder but no encoder: invert the decoder over the two-byte range. */
let table: Map<string, number[]> | undefined;

export function encodeGb18030(text: string): Uint8Array {
  if (!table) {
    table = new Map();
    const decoder = new TextDecoder('gb18030');
    for (let lead = 0x81; lead <= 0xfe; lead++) {
      for (let trail = 0x40; trail <= 0xfe; trail++) {
        if (trail === 0x7f) continue;
        const char = decoder.decode(new Uint8Array([lead, trail]));
        if (char.length === 1 && !table.has(char)) table.set(char, [lead, trail]);
      }
    }
  }
  const bytes: number[] = [];
  for (const char of text) {
    if (char.charCodeAt(0) < 0x80) bytes.push(char.charCodeAt(0));
    else {
      const encoded = table.get(char);
      if (!encoded) throw new Error(`no two-byte GB18030 code for ${char}`);
      bytes.push(...encoded);
    }
  }
  return new Uint8Array(bytes);
}
