// A draft saved by an older version of the page (format qis-package/1, before 评价年度) opens in
// this one: the station is told, the score is the one the draft was made with, the stored draft is
// not rewritten until the station changes something, and from then on it is qis-package/2.
import { readFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { assert, openApp, runStandalone, OUT_DIR, ROOT, waitForFrames } from './lib.mjs';
import { click, fill, find, snapshot } from './ui.mjs';

const FIXTURE = join(ROOT, 'tests/fixtures/migration/chongming-v1.json');
const KEY = 'qis.draft.saved-by-v1';

export default async function migrate({ browser, server }) {
  const v1 = await readFile(FIXTURE, 'utf8');
  const station = JSON.parse(v1).profile.name;
  assert(JSON.parse(v1).format === 'qis-package/1', 'the fixture is not a format-1 package');
  // The score of the v1 file as the CLI reads it (same core): the page must show the same.
  const cli = JSON.parse(execFileSync(join(ROOT, 'build/native/qis'), ['score', FIXTURE, '--json'],
    { stdio: ['ignore', 'pipe', 'ignore'] }).toString());

  const { context, page, errors } = await openApp(browser, server.origin);
  try {
    await page.evaluate(([k, v]) => localStorage.setItem(k, v), [KEY, v1]);
    await page.reload();
    await waitForFrames(page, 1);
    await find(page, station);
    await click(page, '继续');
    await find(page, /旧版格式（qis-package\/1）.*2025 年/);

    let snap = JSON.parse(await snapshot(page));
    assert(snap.format === 'qis-package/2', 'snapshot format ' + snap.format);
    assert(snap.assessment_year === 2025, 'assessment year ' + snap.assessment_year);
    assert(snap.scores.total === cli.total, `page total ${snap.scores.total}, CLI ${cli.total}`);
    assert(snap.scores.total === 46.7, 'v1 total ' + snap.scores.total);
    // Opening is not a change: the stored draft is still the old file, byte for byte, moved from
    // the localStorage of earlier versions into IndexedDB.
    assert((await page.evaluate((k) => window.qis.stored(k), KEY)) === v1, 'opening rewrote the stored draft');
    assert((await page.evaluate((k) => localStorage.getItem(k), KEY)) === null, 'the draft was not moved out of localStorage');
    const onDisk = await page.evaluate((k) => new Promise((ok, fail) => {
      const r = indexedDB.open('qis');
      r.onsuccess = () => {
        const g = r.result.transaction('kv').objectStore('kv').get(k);
        g.onsuccess = () => { ok(g.result); r.result.close(); };
        g.onerror = () => fail(g.error);
      };
      r.onerror = () => fail(r.error);
    }), KEY);
    assert(onDisk === v1, 'IndexedDB does not hold the moved draft byte for byte');

    // The station sets its 评价年度: the per-year count follows, and the draft is saved as /2.
    await click(page, '单位信息');
    await fill(page, '##assessment_year', '1999', { enter: false });
    await find(page, /评价年度应为 2000 至 2100 之间的四位年份/);
    await page.screenshot({ path: join(OUT_DIR, 'migrate-profile.png') });
    snap = JSON.parse(await snapshot(page));
    assert(snap.assessment_year === 2025 && snap.scores.total === 46.7, 'an invalid year changed the draft');
    await fill(page, '##assessment_year', '2024', { enter: false });
    snap = JSON.parse(await snapshot(page));
    assert(snap.assessment_year === 2024, 'assessment year after typing ' + snap.assessment_year);
    assert(snap.scores.total === 48.9, 'total with 评价年度 2024: ' + snap.scores.total);
    const stored = JSON.parse(await page.evaluate((k) => window.qis.stored(k), KEY));
    assert(stored.format === 'qis-package/2' && stored.assessment_year === 2024, 'stored draft ' + stored.format);

    // And it stays so after a reload, without the notice.
    await page.reload();
    await waitForFrames(page, 1);
    await click(page, '继续');
    snap = JSON.parse(await snapshot(page));
    assert(snap.assessment_year === 2024 && snap.scores.total === 48.9, 'after reload ' + snap.assessment_year);
    const notice = await page.evaluate(() => window.qis.items().some((i) => /旧版格式/.test(i.label)));
    assert(!notice, 'the migration notice shows again for a draft already in the new format');
    assert(errors.length === 0, 'errors were logged:\n' + errors.join('\n'));
    console.log('  migrate: a qis-package/1 draft opened with its score (46.7), stored as /2 at the first change, 评价年度 2024 → 48.9');
  } finally {
    await context.close();
  }
}

await runStandalone(import.meta.url, migrate);
