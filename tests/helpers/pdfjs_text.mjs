// pdf.js (Mozilla's reader, in Firefox and many web viewers) as a fourth text extractor for
// the "nothing lost" tests: prints the text of pages FIRST to LAST of PDF as JSON, one array a
// page, each line [baseline from the top of the page, text]. A line ends where pdf.js says one
// does (an item's hasEOL), as its own viewer and its "copy text" do.
// Usage: node pdfjs_text.mjs PDF FIRST LAST
// Its package: tests/web/node_modules/pdfjs-dist, installed by `make test`; the legacy build,
// which runs in Node 20 without a DOM or a canvas (text needs neither).
import { readFileSync } from 'node:fs';

// The legacy build makes a DOMMatrix at import for drawing, and would take it from the native
// @napi-rs/canvas (an optional package not installed: `npm install --omit=optional`). Reading
// text never draws, so an empty class is enough; it prints a warning about it, kept off stdout.
globalThis.DOMMatrix ??= class {};
const pdfjs = await import('../web/node_modules/pdfjs-dist/legacy/build/pdf.mjs');
const [path, first, last] = process.argv.slice(2);
const doc = await pdfjs.getDocument({
  data: new Uint8Array(readFileSync(path)),
  // The fonts are embedded: nothing to fetch, nothing to draw, nothing to evaluate.
  disableFontFace: true, isEvalSupported: false, useSystemFonts: false, verbosity: 0,
}).promise;
const pages = [];
for (let n = Number(first); n <= Number(last); n++) {
  const page = await doc.getPage(n);
  const top = page.view[3];
  // disableNormalization: the text as the file maps it. By default pdf.js applies NFKC to
  // compatibility characters (U+00B5 MICRO SIGN becomes U+03BC GREEK SMALL LETTER MU), as its
  // viewer also does to copied text; its text layer (find, select) reads it unnormalised.
  const content = await page.getTextContent({ disableNormalization: true });
  const lines = [];
  let line = null;
  for (const item of content.items) {
    if (!('str' in item)) continue;  // marked-content boundaries, not asked for
    if (line === null && item.str !== '') line = [top - item.transform[5], ''];
    if (line !== null) line[1] += item.str;
    if (item.hasEOL && line !== null) {
      lines.push(line);
      line = null;
    }
  }
  if (line !== null) lines.push(line);
  pages.push(lines);
  page.cleanup();
}
await doc.destroy();
process.stdout.write(JSON.stringify(pages));
