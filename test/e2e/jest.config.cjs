/**
 * Browser end-to-end tests (test/e2e/*.e2e.ts): `npm run test:e2e`. They need ui/dist (`npm run
 * build:ui`) and Debian's Chromium at /usr/bin/chromium (or CHROMIUM_PATH); they are not part of
 * `npm test`. One worker: each file starts its own app and browser.
 */
const base = require('../../jest.config.cjs');

module.exports = {
  ...base,
  rootDir: '../..',
  testMatch: ['<rootDir>/test/e2e/**/*.e2e.ts'],
  testTimeout: 180000,
  maxWorkers: 1,
};
