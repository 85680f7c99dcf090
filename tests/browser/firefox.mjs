// Debian's Firefox ESR, headless, driven through WebDriver BiDi by puppeteer-core, behind the
// small part of Playwright's API that the tests use (lib.mjs, ui.mjs): contexts, pages, mouse,
// keyboard, evaluate/waitForFunction, screenshots, console and request events.
//
// Why puppeteer-core and not Playwright: Playwright drives Firefox only through its own patched
// build (the "Juggler" protocol), which it downloads; it cannot drive a stock Firefox such as
// Debian's firefox-esr, and nothing may be downloaded here. puppeteer-core speaks the W3C WebDriver
// BiDi protocol that stock Firefox implements, and downloads nothing.
//
// Where Firefox differs:
// - No CDP. `context.newCDPSession(page)` returns a stand-in that understands the one call the
//   tests make, Input.insertText (text an input method commits): here the text is typed as
//   WebDriver key actions, one per character, into the focused element (the IME overlay), which
//   is how WebDriver enters text a keyboard layout cannot produce. The pinyin composition itself
//   (compositionstart/update/end) is not covered in Firefox: WebDriver has no such action.
// - Downloads and file choosers are not used by the Firefox tests: fallback.mjs catches the
//   exported file where the page hands it to the browser (window.qisPage.download), in every
//   engine; that the browser then saves it is covered in Chromium only (walk.mjs).
import puppeteer from 'puppeteer-core';

export const FIREFOX = process.env.QIS_FIREFOX || '/usr/bin/firefox-esr';

// "Control+A" → modifiers and key, as Playwright's keyboard.press understands it.
async function pressCombo(keyboard, combo) {
  const parts = combo.split('+');
  const key = parts.pop();
  for (const m of parts) await keyboard.down(m);
  await keyboard.press(key);
  for (const m of parts.reverse()) await keyboard.up(m);
}

function wrapPage(raw, context, viewport) {
  let mouseAt = { x: 0, y: 0 };
  // The page asks "leave site?" while a draft has changes not exported (page.js). Firefox shows
  // that prompt to a reload from the driver too and waits for it; the tests mean to leave.
  raw.on('dialog', (d) => (d.type() === 'beforeunload' ? d.accept() : d.dismiss()).catch(() => {}));
  const page = {
    raw,
    context: () => context,
    viewportSize: () => ({ width: viewport.width, height: viewport.height }),
    goto: (url) => raw.goto(url, { waitUntil: 'load' }),
    reload: () => raw.reload({ waitUntil: 'load' }),
    close: () => raw.close(),
    evaluate: (fn, arg) => raw.evaluate(fn, arg),
    waitForFunction: (fn, arg, { timeout = 30000 } = {}) => raw.waitForFunction(fn, { timeout, polling: 50 }, arg),
    waitForTimeout: (ms) => new Promise((ok) => setTimeout(ok, ms)),
    screenshot: (opts = {}) => raw.screenshot(opts).then((b) => Buffer.from(b)),
    on: (event, handler) => {
      if (event === 'console') raw.on('console', (m) => handler({ type: () => m.type(), text: () => m.text() }));
      else if (event === 'pageerror') raw.on('pageerror', handler);
      else if (event === 'request') raw.on('request', (r) => handler({ url: () => r.url() }));
      else throw new Error(`firefox.mjs: no '${event}' event`);
    },
    mouse: {
      move: async (x, y) => { mouseAt = { x, y }; await raw.mouse.move(x, y); },
      click: async (x, y) => { mouseAt = { x, y }; await raw.mouse.click(x, y); },
      wheel: async (dx, dy) => {
        await raw.mouse.move(mouseAt.x, mouseAt.y);
        await raw.mouse.wheel({ deltaX: dx, deltaY: dy });
      },
    },
    keyboard: {
      press: (combo) => pressCombo(raw.keyboard, combo),
      type: (text) => raw.keyboard.type(text),
    },
  };
  return page;
}

function wrapContext(rawContext, { viewport = { width: 1100, height: 720 }, deviceScaleFactor = 1 } = {}) {
  const context = {
    async newPage() {
      const raw = await rawContext.newPage();
      await raw.setViewport({ width: viewport.width, height: viewport.height, deviceScaleFactor });
      return wrapPage(raw, context, viewport);
    },
    // Only Input.insertText, typed as key actions (see the top of this file).
    async newCDPSession(page) {
      return {
        async send(method, params) {
          if (method !== 'Input.insertText') throw new Error(`firefox.mjs: CDP ${method} has no Firefox equivalent here`);
          await page.raw.keyboard.type(params.text);
          return {};
        },
        async detach() {},
      };
    },
    close: () => rawContext.close(),
  };
  return context;
}

// A Firefox with a Playwright-like surface: newContext(options), version(), close().
export async function launchFirefox() {
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    // A fresh profile per launch (puppeteer makes one); nothing phones home during tests.
    extraPrefsFirefox: {
      'browser.shell.checkDefaultBrowser': false,
      'datareporting.policy.dataSubmissionEnabled': false,
      'app.update.enabled': false,
    },
  });
  return {
    engine: 'firefox',
    raw: browser,
    version: () => browser.version(),
    newContext: async (options) => wrapContext(await browser.createBrowserContext(), options),
    close: () => browser.close(),
  };
}
