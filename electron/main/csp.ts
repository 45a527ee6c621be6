/**
 * The Content-Security-Policy of every page. The same string stands in renderer/index.html's <meta> tag (a test
 * keeps them equal) and is sent again by onHeadersReceived, so neither alone holds the line.
 * Nothing may be fetched from anywhere (connect-src 'none'); scripts, styles and fonts only from the app's files.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "media-src 'self' mediastream: blob:",
  "worker-src 'self'",
  "connect-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-src 'none'",
  "manifest-src 'none'",
].join('; ');

/** Header-only directives (Chromium ignores frame-ancestors in <meta> and logs an error for it). */
export const CONTENT_SECURITY_POLICY_HEADER = `${CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`;
