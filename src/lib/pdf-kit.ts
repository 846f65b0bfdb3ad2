// What every PDF we make with pdfkit needs (the condition evidence pack, the invoice): text its
// built-in fonts can draw, and the finished document's bytes.

// The built-in Helvetica only has the WinAnsi (cp1252) glyphs, and pdfkit writes any other character as
// raw bytes that show up as garbage. These are the characters above Latin-1 that WinAnsi does have.
const WIN_ANSI_EXTRA = new Set('ƒ–—‘’‚“”„†‡•…€‰‹›ˆ™ŒœŠš˜ŸŽž');

function isWinAnsi(char: string): boolean {
  const code = char.codePointAt(0)!;
  return (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.has(char) || char === '\n';
}

/**
 * Text the built-in fonts can draw: accents outside WinAnsi lose their mark (Ő → O), anything else
 * becomes "?", tabs and carriage returns become plain whitespace.
 */
export function printable(text: string): string {
  const normalized = text.normalize('NFC').replace(/\r\n?/g, '\n').replace(/\t/g, '  ');
  let out = '';
  for (const char of normalized) {
    if (isWinAnsi(char)) { out += char; continue; }
    const stripped = char.normalize('NFD').replace(/\p{M}/gu, '');
    out += [...stripped].every(isWinAnsi) && stripped !== '' ? stripped : '?';
  }
  return out;
}

/** The bytes of a pdfkit document, once it is ended. */
export function collectBytes(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}
