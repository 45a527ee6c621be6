// Module aliases shared by the bundler (esbuild), the test runner (vitest) and dependency-cruiser.
import path from 'node:path';

/** pdfkit's browser build: no Node built-ins (fonts are passed as bytes); its package exports it only to browsers. */
export const ALIASES = {
  'pdfkit/browser': path.resolve('node_modules/pdfkit/js/pdfkit.browser.mjs'),
  // fontkit's browser build: the same parser without its file-opening helpers (no 'fs').
  fontkit: path.resolve('node_modules/fontkit/dist/browser-module.mjs'),
};
