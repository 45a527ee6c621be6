import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The renderer: built to dist/renderer and served from permafrost://app (relative paths: base './').
export default defineConfig(({ command }) => {
  // A build is always the production build, whatever NODE_ENV the shell has (NODE_ENV=test would bundle React's
  // development build with this machine's absolute source paths: not what ships, and not reproducible).
  if (command === 'build') process.env.NODE_ENV = 'production';
  return {
    root: 'renderer',
    base: './',
    plugins: [react()],
    build: {
      outDir: '../dist/renderer',
      emptyOutDir: true,
      target: 'chrome140',
      sourcemap: false,
      // No inlined assets: every font and image is a file the CSP allows as 'self'.
      assetsInlineLimit: 0,
      modulePreload: { polyfill: false },
    },
  };
});
