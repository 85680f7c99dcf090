// Evidence of real size travels in one submission bundle: five 20 MB files attached to a draft
// are kept by the browser across a reload, exported as one .zip (checked natively by qis verify),
// opened in an evaluator's workspace with five verified files, one opened in the browser's viewer;
// a second bundle with one byte changed in one file is flagged for that file.
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assert, openApp, OUT_DIR, ROOT, runStandalone, waitForFrames } from './lib.mjs';
import { click, fill, find } from './ui.mjs';

const SIZE = 20 * 1024 * 1024;
const sha256 = (buf) => createHash('sha256').update(buf).digest('hex');

// Where the bytes of `name` start in a zip written by the page (stored entries).
function entryData(zip, name) {
  const want = Buffer.from(name, 'utf8');
  for (let p = 0; p + 30 < zip.length; p++) {
    if (zip.readUInt32LE(p) !== 0x04034b50) continue;
    const n = zip.readUInt16LE(p + 26);
    const e = zip.readUInt16LE(p + 28);
    if (n === want.length && zip.subarray(p + 30, p + 30 + n).equals(want)) {
      return { start: p + 30 + n + e, size: zip.readUInt32LE(p + 18) };
    }
    p += 29;
  }
  throw new Error(`no entry ${name} in the bundle`);
}

export default async function bundle({ browser, server }) {
  const dir = await mkdtemp(join(tmpdir(), 'qis-bundle-'));
  const station = '提交包测试服务站';
  const files = [];
  for (let i = 1; i <= 5; i++) {
    const buf = randomBytes(SIZE);
    if (i === 1) buf.write('%PDF-1.4\n', 0, 'latin1');  // opens in the browser's PDF viewer
    const name = i === 1 ? '营业执照扫描件.pdf' : `现场照片${i}.jpg`;
    const path = join(dir, name);
    await writeFile(path, buf);
    files.push({ name, path, sha: sha256(buf) });
  }
  const qis = join(ROOT, 'build/native/qis');
  const station_ = await openApp(browser, server.origin, { query: '?rubric=chongming-2024' });
  let evaluator = null;
  try {
    const page = station_.page;
    await click(page, '开始自评（已为您选中）##chongming-2024');
    await fill(page, '##name', station);
    await click(page, '逐项评分');
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), click(page, '添加附件…')]);
    await chooser.setFiles(files.map((f) => f.path));
    for (const f of files) await find(page, `evidence ${f.name} ${f.sha}`, { timeout: 60000 });

    // After a reload the files are still in the browser, not only their digests.
    await page.reload();
    await waitForFrames(page, 1);
    await find(page, station);
    await click(page, '继续');
    const kept = await page.evaluate((shas) => shas.map((s) => window.qisPage.fileKept(s)), files.map((f) => f.sha));
    assert(kept.every(Boolean), 'after a reload the browser no longer keeps every file: ' + JSON.stringify(kept));

    // 崇明 requires materials this draft lacks: the page asks first, and the station exports anyway.
    await click(page, '导出提交包');
    const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 120000 }), click(page, '仍然导出')]);
    const zipPath = join(dir, dl.suggestedFilename());
    assert(zipPath.endsWith('.zip'), 'the bundle is not a .zip: ' + dl.suggestedFilename());
    await dl.saveAs(zipPath);
    await find(page, /^已导出提交包/, { timeout: 60000 });
    await page.screenshot({ path: join(OUT_DIR, 'bundle-station.png') });
    const zip = await readFile(zipPath);
    assert(zip.length > 5 * SIZE, `the bundle holds ${zip.length} bytes, less than its five files`);
    // The native verifier reads what the page wrote: the same rules, another implementation.
    const native = spawnSync(qis, ['verify', zipPath, '--json'], { encoding: 'utf8' });
    assert(native.status === 0, 'qis verify refused the bundle the page wrote:\n' + native.stdout + native.stderr);

    // The evaluator, in a browser of their own, opens the bundle.
    evaluator = await openApp(browser, server.origin, { viewport: { width: 1280, height: 860 } });
    const ev = evaluator.page;
    const [c1] = await Promise.all([ev.waitForEvent('filechooser'), click(ev, '打开数据包进行评审…')]);
    await c1.setFiles(zipPath);
    await find(ev, 'package ' + station, { timeout: 120000 });
    await find(ev, '提交包：5 / 5 个附件与清单一致（已核对 SHA-256）');
    await ev.screenshot({ path: join(OUT_DIR, 'bundle-review.png') });
    await click(ev, '评审');
    const popup = ev.waitForEvent('popup', { timeout: 30000 });
    await click(ev, 'open 营业执照扫描件.pdf');
    await popup;
    await find(ev, /已在新标签页中打开“营业执照扫描件\.pdf”/, { timeout: 30000 });
    const viewed = await ev.evaluate(() => window.qisPage.lastViewed);
    assert(viewed && viewed.filename === '营业执照扫描件.pdf' && viewed.type === 'application/pdf' && viewed.size === SIZE,
      'the viewer got ' + JSON.stringify(viewed));

    // A second bundle: one byte of 现场照片3.jpg changed.
    const altered = Buffer.from(zip);
    const { start, size } = entryData(altered, 'evidence/现场照片3.jpg');
    altered[start + Math.floor(size / 2)] ^= 0x01;
    const alteredPath = join(dir, '提交包-改动.zip');
    await writeFile(alteredPath, altered);
    await click(ev, '← 返回数据包列表');
    const [c2] = await Promise.all([ev.waitForEvent('filechooser'), click(ev, '再打开数据包…')]);
    await c2.setFiles(alteredPath);
    await find(ev, /按此提交包中的文件另行核对：发现问题/, { timeout: 120000 });
    await find(ev, /现场照片3\.jpg/);
    await find(ev, /^提交包：已核对 5 \/ 5 个附件，问题见下/);
    await ev.screenshot({ path: join(OUT_DIR, 'bundle-altered.png') });
    const bad = spawnSync(qis, ['verify', alteredPath, '--json'], { encoding: 'utf8' });
    assert(bad.status !== 0 && bad.stdout.includes('verify.evidence_hash'),
      'qis verify did not flag the changed byte:\n' + bad.stdout + bad.stderr);
    const errors = station_.errors.concat(evaluator.errors);
    assert(errors.length === 0, 'errors were logged:\n' + errors.join('\n'));
    console.log('  bundle: five 20 MB files kept across a reload, one 100 MB bundle, verified in the page and by qis; one changed byte flagged');
  } finally {
    await station_.context.close();
    if (evaluator) await evaluator.context.close();
    await rm(dir, { recursive: true, force: true });
  }
}

await runStandalone(import.meta.url, bundle);
