// Runs every browser test against build/web with one headless browser and prints
// "N passed, M failed" as its last line.
// Usage: node run.mjs [--engine chromium|chromium-nogl|firefox] [--list | name ...]  (default: all)
// chromium (the default) runs every test; the engines without WebGL (Chromium without GPU/WebGL,
// Firefox ESR) run fallback.mjs's smoke and walk, on the page's software renderer.
import { ENGINES, launchBrowser, startServer } from './lib.mjs';
import smoke from './smoke.mjs';
import ime from './ime.mjs';
import idle from './idle.mjs';
import offline from './offline.mjs';
import deploy from './deploy.mjs';
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
import tabs from './tabs.mjs';
import kill from './kill.mjs';
import bundle from './bundle.mjs';
import layout from './layout.mjs';
import latency from './latency.mjs';
import keys from './keys.mjs';
import touch from './touch.mjs';
import touchreview from './touchreview.mjs';
import a11y from './a11y.mjs';
import hostile from './hostile.mjs';
import verdicts from './verdicts.mjs';
import form from './form.mjs';
import * as fallback from './fallback.mjs';

const argv = process.argv.slice(2);
let engine = process.env.QIS_ENGINE || 'chromium';
const at = argv.indexOf('--engine');
if (at >= 0) {
  engine = argv[at + 1];
  argv.splice(at, 2);
}
if (!ENGINES.includes(engine)) {
  console.log(`unknown engine ${engine} (have: ${ENGINES.join(', ')})`);
  process.exit(2);
}
const TESTS = engine === 'chromium'
  ? { smoke, glyphs, compat, renderers: fallback.renderers, ime, idle, offline, deploy, walk, durability, migrate, review, panel, desk, ledger, documents, tabs, kill, bundle, csp, schema, layout, latency, keys, touch, touchreview, a11y, hostile, verdicts, form }
  : { smoke: fallback.smoke, walk: fallback.walk };
if (argv[0] === '--list') {
  console.log(Object.keys(TESTS).join('\n'));
  process.exit(0);
}
const names = argv.length ? argv : Object.keys(TESTS);

// Each test has its own time limit (seconds), not the suite: a slow machine makes one test late,
// never the ones after it. QIS_TEST_TIME_SCALE multiplies every limit (e.g. 2 on a loaded machine).
const LIMITS = { form: 300, verdicts: 400, bundle: 480, hostile: 300, tabs: 300, kill: 300, documents: 360, walk: 300, review: 300, panel: 300, desk: 300 };
const DEFAULT_LIMIT = 240;
const scale = Number(process.env.QIS_TEST_TIME_SCALE) || 1;

const server = await startServer();
let browser = await launchBrowser(engine);
console.log(`engine: ${engine} ${await browser.version()}`);
let passed = 0;
let failed = 0;
const suiteStarted = Date.now();
try {
  for (const name of names) {
    const test = TESTS[name];
    const started = Date.now();
    const limit = (LIMITS[name] || DEFAULT_LIMIT) * scale;
    let timer;
    try {
      if (!test) throw new Error(`no test named "${name}" (have: ${Object.keys(TESTS).join(', ')})`);
      const late = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`took longer than its limit of ${limit} s`)), limit * 1000);
      });
      await Promise.race([test({ browser, server }), late]);
      passed++;
      console.log(`ok   ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    } catch (e) {
      failed++;
      console.log(`FAIL ${name} (${((Date.now() - started) / 1000).toFixed(1)} s): ${(e && e.stack) || e}`);
      // A test that timed out or crashed the browser leaves it in an unknown state: the next test
      // gets a fresh one, so one failure stays one failure.
      await browser.close().catch(() => {});
      browser = await launchBrowser(engine);
    } finally {
      clearTimeout(timer);
    }
  }
} finally {
  await browser.close();
  await server.close();
}
console.log(`total ${((Date.now() - suiteStarted) / 1000).toFixed(1)} s`);
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;
