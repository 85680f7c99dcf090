// Shared helpers for the browser tests: a static server for build/web, Debian's headless
// Chromium through playwright-core (or Firefox ESR through puppeteer-core, firefox.mjs), page
// probes, and a tiny PNG decoder (no native deps).
import { createServer } from 'node:http';
import { readFile, mkdir, writeFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { existsSync } from 'node:fs';
import { extname, join, normalize, resolve, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync, inflateSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
export const ROOT = resolve(here, '../..');
export const WEB_DIR = process.env.QIS_WEB_DIR || join(ROOT, 'build/web');
export const OUT_DIR = join(here, 'out');

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.wasm': 'application/wasm',
  '.ttf': 'font/ttf', '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png',
};

// Serves `dir` on 127.0.0.1 at a free port, as a static host does: Content-Type, an ETag and
// 304 for a matching If-None-Match, Cache-Control: no-cache; with { gzip: true } also gzip
// when the client accepts it. Resolves to {origin, close(), bytesSent(), requests, serve(dir)};
// serve(dir) makes it answer from another folder from then on, as a host being redeployed does.
export async function startServer(dir = WEB_DIR, { gzip = false } = {}) {
  if (!existsSync(join(dir, 'index.html'))) throw new Error(`${dir}/index.html is missing: build the wasm preset first`);
  const requests = [];
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const file = normalize(join(dir, path.endsWith('/') ? path + 'index.html' : path));
    if (!file.startsWith(dir)) { res.writeHead(403).end(); return; }
    try {
      let body = await readFile(file);
      const etag = '"' + createHash('sha1').update(body).digest('hex').slice(0, 16) + '"';
      const headers = { 'Content-Type': TYPES[extname(file)] || 'application/octet-stream',
        'Cache-Control': 'no-cache', ETag: etag };
      if (req.headers['if-none-match'] === etag) {
        requests.push({ path, status: 304 });
        res.writeHead(304, headers).end();
        return;
      }
      if (gzip && /\bgzip\b/.test(req.headers['accept-encoding'] || '')) {
        body = gzipSync(body, { level: 9 });
        headers['Content-Encoding'] = 'gzip';
        headers.Vary = 'Accept-Encoding';
      }
      headers['Content-Length'] = body.length;
      requests.push({ path, status: 200, bytes: body.length });
      res.writeHead(200, headers);
      res.end(body);
    } catch {
      requests.push({ path, status: 404 });
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const serve = (next) => { dir = next; };
  const sockets = new Set();
  let closedBytes = 0;
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => { closedBytes += s.bytesWritten; sockets.delete(s); });
  });
  return {
    origin: `http://127.0.0.1:${server.address().port}`,
    requests,
    serve,
    // Every byte the server wrote to clients so far (headers and bodies).
    bytesSent: () => closedBytes + [...sockets].reduce((a, s) => a + s.bytesWritten, 0),
    close: () => new Promise((ok) => { for (const s of sockets) s.destroy(); server.close(ok); }),
  };
}

// The engines the tests run in (QIS_ENGINE, or run.mjs --engine):
//   chromium       Debian's Chromium, headless, software WebGL 2 (SwiftShader): the page's usual path
//   chromium-nogl  the same Chromium as a PC without GPU gets it from Chrome 144 on: no GPU, no
//                  software rasteriser, no WebGL at all, so the page draws on a 2D canvas
//   firefox        Debian's Firefox ESR, headless (WebDriver BiDi, firefox.mjs); no WebGL here
export const ENGINES = ['chromium', 'chromium-nogl', 'firefox'];
export const ENGINE = process.env.QIS_ENGINE || 'chromium';

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];

// Launches `engine` with a fresh profile. Every browser has newContext(), close() and `engine`.
export async function launchBrowser(engine = ENGINE) {
  if (!ENGINES.includes(engine)) throw new Error(`unknown engine ${engine} (have: ${ENGINES.join(', ')})`);
  if (engine === 'firefox') {
    const { launchFirefox } = await import('./firefox.mjs');
    return launchFirefox();
  }
  const args = engine === 'chromium-nogl'
    ? [...CHROMIUM_ARGS, '--disable-gpu', '--disable-software-rasterizer', '--disable-webgl']
    : [...CHROMIUM_ARGS, '--disable-gpu', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'];
  const browser = await chromium.launch({
    executablePath: process.env.QIS_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args,
  });
  browser.engine = engine;
  return browser;
}

// Opens the app in a new context and records console errors, page errors and requests.
export async function openApp(browser, origin, { query = '', viewport = { width: 1100, height: 720 }, scale = 1 } = {}) {
  const context = await browser.newContext({ viewport, deviceScaleFactor: scale });
  const page = await context.newPage();
  const errors = [];
  const foreign = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push('console.error: ' + m.text()); });
  page.on('pageerror', (e) => errors.push('page error: ' + e.message));
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(origin + '/') && !u.startsWith('data:') && !u.startsWith('blob:')) foreign.push(u);
  });
  await page.goto(`${origin}/${query}`);
  await waitForFrames(page, 1);
  return { context, page, errors, foreign };
}

export async function waitForFrames(page, n, timeout = 30000) {
  await page.waitForFunction((k) => window.qis && window.qis.frames >= k, n, { timeout });
}

// Waits until window.qis.textInput() satisfies `pred` (a string body over `t`), or fails with it.
export async function waitForText(page, expected, timeout = 5000) {
  try {
    await page.waitForFunction((want) => window.qis.textInput().text === want, expected, { timeout });
  } catch {
    const got = await page.evaluate(() => window.qis.textInput());
    throw new Error(`expected field text ${JSON.stringify(expected)}, got ${JSON.stringify(got)}`);
  }
}

export function assert(cond, message) {
  if (!cond) throw new Error(message);
}

export async function screenshot(page, name) {
  await mkdir(OUT_DIR, { recursive: true });
  const path = join(OUT_DIR, name);
  const png = await page.screenshot({ path });
  return { path, png };
}

// Decodes an 8-bit RGB/RGBA non-interlaced PNG (what Chromium writes) into {width, height, rgba}.
export function decodePng(buf) {
  let pos = 8;
  let width = 0, height = 0, colorType = 0;
  const idat = [];
  while (pos < buf.length) {
    const len = buf.readUInt32BE(pos);
    const type = buf.toString('ascii', pos + 4, pos + 8);
    const data = buf.subarray(pos + 8, pos + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      if (data[8] !== 8 || data[12] !== 0) throw new Error('unsupported PNG (bit depth or interlace)');
      colorType = data[9];
    } else if (type === 'IDAT') idat.push(data);
    pos += 12 + len;
  }
  const bpp = colorType === 6 ? 4 : colorType === 2 ? 3 : 0;
  if (!bpp) throw new Error('unsupported PNG colour type ' + colorType);
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * bpp;
  const out = Buffer.alloc(width * height * 4);
  let prev = Buffer.alloc(stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = Buffer.from(raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1)));
    for (let i = 0; i < stride; i++) {
      const a = i >= bpp ? line[i - bpp] : 0, b = prev[i], c = i >= bpp ? prev[i - bpp] : 0;
      let p = 0;
      if (filter === 1) p = a;
      else if (filter === 2) p = b;
      else if (filter === 3) p = (a + b) >> 1;
      else if (filter === 4) {
        const pa = Math.abs(b - c), pb = Math.abs(a - c), pc = Math.abs(a + b - 2 * c);
        p = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      line[i] = (line[i] + p) & 255;
    }
    for (let x = 0; x < width; x++) {
      for (let k = 0; k < 4; k++) out[(y * width + x) * 4 + k] = k < bpp ? line[x * bpp + k] : 255;
    }
    prev = line;
  }
  return { width, height, rgba: out };
}

// Number of distinct colours in a decoded image: a blank canvas has 1-2, drawn text hundreds.
export function distinctColours({ rgba }) {
  const seen = new Set();
  for (let i = 0; i < rgba.length; i += 4) seen.add(rgba.readUInt32BE(i));
  return seen.size;
}

// Lets a test file run on its own: `node smoke.mjs`.
export async function runStandalone(metaUrl, test) {
  if (metaUrl !== pathToFileURL(process.argv[1]).href) return;
  const server = await startServer();
  const browser = await launchBrowser();
  try {
    await test({ browser, server });
    console.log('PASS');
  } catch (e) {
    console.log('FAIL: ' + (e && e.stack || e));
    process.exitCode = 1;
  } finally {
    await browser.close();
    await server.close();
  }
}

// A sample package (tests/fixtures/samples/<id>.json) with the scores the native qis computes
// stored in it, as an evaluator receives it, written to a temporary file: {sample, file}.
export async function scoredSample(id, tag) {
  const sample = JSON.parse(await readFile(join(ROOT, `tests/fixtures/samples/${id}.json`), 'utf8'));
  const file = join(tmpdir(), `qis-${tag}-${process.pid}.json`);
  await writeFile(file, JSON.stringify(sample));
  const cli = JSON.parse(execFileSync(join(ROOT, 'build/native/qis'), ['score', file, '--json']).toString());
  sample.scores = { total: cli.total, base: cli.base, bonus: cli.bonus, max: cli.max, bonus_max: cli.bonus_max,
    criteria: Object.fromEntries(cli.criteria.map((c) => [c.id, c.score])) };
  await writeFile(file, JSON.stringify(sample));
  return { sample, file };
}
