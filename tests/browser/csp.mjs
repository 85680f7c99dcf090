// The page runs under the strict Content-Security-Policy of shell.html: the policy is the first
// thing in <head> (a <meta> policy only covers what comes after it), allows scripts from the
// page's own origin and wasm compilation only, and Chromium enforces it: an injected inline
// script does not run and fires securitypolicyviolation, eval and new Function throw. The app
// goes on drawing all the same.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { assert, decodePng, distinctColours, openApp, ROOT, runStandalone, screenshot, waitForFrames } from './lib.mjs';

const META = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"\s*\/?>/i;

// Served from the page's origin during the test only (a same-origin script is allowed to load).
const PROBE = `
const attempt = (f) => { try { f(); return 'ran'; } catch (e) { return e.name; } };
window.__probe = {
  evalResult: attempt(() => eval('window.__z = 1')),
  functionResult: attempt(() => new Function('window.__z = 1')()),
  timerString: attempt(() => setTimeout('window.__t = 1', 0)),
};`;

// "a b; c d" → { a: ['b'], c: ['d'] }
function parsePolicy(text) {
  const out = {};
  for (const part of text.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) out[name.toLowerCase()] = sources;
  }
  return out;
}

export default async function csp({ browser, server }) {
  // The policy as shipped: shell.html's, unchanged in the built page, ahead of every script.
  const shell = (await readFile(join(ROOT, 'shell.html'), 'utf8')).match(META);
  assert(shell, 'shell.html has no Content-Security-Policy <meta>');
  const served = await (await fetch(`${server.origin}/`)).text();
  const meta = served.match(META);
  assert(meta, 'the served page has no Content-Security-Policy <meta>');
  assert(meta[1] === shell[1], `the served policy differs from shell.html's:\n  ${meta[1]}\n  ${shell[1]}`);
  const firstScript = served.search(/<script\b/i);
  assert(firstScript < 0 || meta.index < firstScript, 'a <script> comes before the policy, so it is not covered');
  assert(meta.index < served.search(/<\/head>/i), 'the policy is not in <head>');

  const policy = parsePolicy(meta[1]);
  assert(JSON.stringify(policy['default-src']) === JSON.stringify(["'self'"]), `default-src is ${policy['default-src']}, expected 'self'`);
  const scriptSrc = policy['script-src'] || policy['default-src'];
  const allowedScript = new Set(["'self'", "'wasm-unsafe-eval'"]);
  for (const s of scriptSrc) assert(allowedScript.has(s), `script-src allows ${s} (only 'self' and 'wasm-unsafe-eval' may be listed)`);
  assert(!scriptSrc.includes("'unsafe-eval'") && !scriptSrc.includes("'unsafe-inline'"), 'script-src allows eval or inline script');
  assert(JSON.stringify(policy['object-src']) === JSON.stringify(["'none'"]), `object-src is ${policy['object-src']}, expected 'none'`);
  for (const [name, sources] of Object.entries(policy))
    for (const s of sources)
      assert(!/^(\*|https?:|wss?:|[a-z0-9.-]+\.[a-z]{2,})/i.test(s), `${name} lets the page reach another origin: ${s}`);

  const { context, page, errors, foreign } = await openApp(browser, server.origin);
  try {
    await context.route(`${server.origin}/__csp_probe.js`, (route) => route.fulfill({ contentType: 'text/javascript', body: PROBE }));
    await waitForFrames(page, 3);
    assert(errors.length === 0, 'errors were logged before anything was injected:\n' + errors.join('\n'));

    const injected = await page.evaluate(async () => {
      const violations = [];
      document.addEventListener('securitypolicyviolation', (e) =>
        violations.push({ directive: e.effectiveDirective, blocked: e.blockedURI, disposition: e.disposition }));
      const script = document.createElement('script');
      script.textContent = 'window.__x = 1';
      document.head.appendChild(script);
      const img = document.createElement('img');  // an inline event handler is inline script too
      img.setAttribute('onerror', 'window.__y = 1');
      img.src = 'data:,';
      document.body.appendChild(img);
      // eval from a script of the page's own origin: code run through DevTools (page.evaluate) is
      // exempt from the policy, so the attempts must come from a real page script.
      const probe = document.createElement('script');
      probe.src = '/__csp_probe.js';
      await new Promise((ok) => { probe.onload = ok; probe.onerror = ok; document.head.appendChild(probe); });
      const { evalResult, functionResult, timerString } = window.__probe || {};
      await new Promise((ok) => setTimeout(ok, 300));  // violation events are dispatched asynchronously
      img.remove();
      return { x: window.__x, y: window.__y, z: window.__z, t: window.__t, evalResult, functionResult, timerString, violations };
    });
    assert(injected.x === undefined, 'an injected inline <script> ran');
    assert(injected.y === undefined, 'an inline onerror handler ran');
    assert(injected.z === undefined && injected.evalResult === 'EvalError', `eval was not blocked (${injected.evalResult})`);
    assert(injected.functionResult === 'EvalError', `new Function was not blocked (${injected.functionResult})`);
    assert(injected.t === undefined, 'setTimeout with a string ran');
    const inline = injected.violations.filter((v) => v.blocked === 'inline' && v.disposition === 'enforce');
    assert(inline.some((v) => v.directive === 'script-src-elem'), 'no securitypolicyviolation for the inline <script>: ' + JSON.stringify(injected.violations));
    assert(inline.some((v) => v.directive === 'script-src-attr'), 'no securitypolicyviolation for the inline handler: ' + JSON.stringify(injected.violations));
    assert(injected.violations.some((v) => v.blocked === 'eval'), 'no securitypolicyviolation for eval: ' + JSON.stringify(injected.violations));

    // The app is unaffected: it keeps drawing, and nothing but the refusals was logged.
    const frames = await page.evaluate(() => window.qis.frames);
    await page.mouse.move(200, 200);
    await page.mouse.move(400, 300);
    await waitForFrames(page, frames + 2);
    await page.waitForTimeout(300);
    const { png } = await screenshot(page, 'csp.png');
    const colours = distinctColours(decodePng(png));
    assert(colours > 50, `the canvas looks blank after the injections (${colours} distinct colours)`);
    const unexpected = errors.filter((e) => !/Content Security Policy/i.test(e));
    assert(unexpected.length === 0, 'errors other than the refusals were logged:\n' + unexpected.join('\n'));
    assert(errors.length > 0, 'Chromium did not report the refusals on the console');
    assert(foreign.length === 0, 'requests left the page origin:\n' + foreign.join('\n'));
    console.log(`  csp: ${injected.violations.length} violations reported, eval ${injected.evalResult}; ${colours} colours after`);
  } finally {
    await context.close();
  }
}

await runStandalone(import.meta.url, csp);
