// Runs every browser test against build/web with one headless Chromium and prints
// "N passed, M failed" as its last line. Usage: node run.mjs [--list | name ...]  (default: all)
import { launchBrowser, startServer } from './lib.mjs';
import smoke from './smoke.mjs';
import ime from './ime.mjs';
import idle from './idle.mjs';
import offline from './offline.mjs';
import walk from './walk.mjs';
import durability from './durability.mjs';
import review from './review.mjs';
import panel from './panel.mjs';
import desk from './desk.mjs';
import migrate from './migrate.mjs';
import ledger from './ledger.mjs';
import csp from './csp.mjs';
import schema from './schema.mjs';
import glyphs from './glyphs.mjs';
import compat from './compat.mjs';
import documents from './documents.mjs';
import layout from './layout.mjs';
import latency from './latency.mjs';
import keys from './keys.mjs';
import touch from './touch.mjs';

const TESTS = { smoke, glyphs, compat, ime, idle, offline, walk, durability, migrate, review, panel, desk, ledger, documents, csp, schema, layout, latency, keys, touch };
if (process.argv[2] === '--list') {
  console.log(Object.keys(TESTS).join('\n'));
  process.exit(0);
}
const wanted = process.argv.slice(2);
const names = wanted.length ? wanted : Object.keys(TESTS);

const server = await startServer();
const browser = await launchBrowser();
let passed = 0;
let failed = 0;
try {
  for (const name of names) {
    const test = TESTS[name];
    const started = Date.now();
    try {
      if (!test) throw new Error(`no test named "${name}" (have: ${Object.keys(TESTS).join(', ')})`);
      await test({ browser, server });
      passed++;
      console.log(`ok   ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    } catch (e) {
      failed++;
      console.log(`FAIL ${name}: ${(e && e.stack) || e}`);
    }
  }
} finally {
  await browser.close();
  await server.close();
}
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;
