// The evaluator's walk: open three packages at once (one with a stored score edited by hand),
// see each verified, review one criterion as a panel member, and produce the 评价报告 page.
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assert, openApp, runStandalone, OUT_DIR, ROOT, waitForFrames } from './lib.mjs';
import { click, fill, find, items, settle, steady, visible } from './ui.mjs';

export default async function review({ browser, server }) {
  const sample = JSON.parse(await readFile(join(ROOT, 'tests/fixtures/samples/songjiang-2024.json'), 'utf8'));
  const a = structuredClone(sample);
  const b = structuredClone(sample);
  b.profile.name = '车墩镇党建引领食品产业质量基础设施“一站式”服务项目';
  b.answers['1.1'] = { checked: ['1'] };
  const tampered = structuredClone(sample);
  tampered.profile.name = '篡改测试服务站';
  // Stored scores as an export writes them, computed by the native CLI on the same core.
  const withScores = async (obj) => {
    const path = join(tmpdir(), `qis-review-${process.pid}.json`);
    await writeFile(path, JSON.stringify(obj));
    const cli = JSON.parse(execFileSync(join(ROOT, 'build/native/qis'), ['score', path, '--json']).toString());
    obj.scores = { total: cli.total, base: cli.base, bonus: cli.bonus, max: cli.max, bonus_max: cli.bonus_max,
      criteria: Object.fromEntries(cli.criteria.map((c) => [c.id, c.score])) };
    return obj;
  };
  await withScores(a);
  await withScores(b);
  await withScores(tampered);
  tampered.scores.criteria['1.1'] += 1;  // a stored score edited by hand
  const files = [['甲.json', a], ['乙.json', b], ['丙.json', tampered]].map(([name, obj]) => ({
    name, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(obj)),
  }));

  const { context, page, errors } = await openApp(browser, server.origin, { viewport: { width: 1280, height: 860 } });
  try {
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), click(page, '打开数据包进行评审…')]);
    await chooser.setFiles(files);
    await find(page, 'package ' + sample.profile.name);
    await find(page, 'package ' + b.profile.name);
    await find(page, 'package 篡改测试服务站');
    // The hand-edited package is flagged for the criterion whose score was changed; the others pass.
    await find(page, /1\.1.*(篡改|不一致)|(篡改|不一致).*1\.1/);
    await find(page, /^(校验通过|缺 \d+ 项必备材料)/, { nth: 1 });  // two of three verified (materials aside)
    await find(page, /^排名/).catch(() => {});
    await page.screenshot({ path: join(OUT_DIR, 'review-list.png') });

    // 评审 in the row of the first package (the rows can move while the ranking appears above them).
    const inRow = await steady(page, async () => {
      const row = await find(page, 'package ' + sample.profile.name);
      const b = (await items(page)).filter((i) => visible(i.label) === '评审' && i.y + i.h > row.y).sort((x, y) => x.y - y.y)[0];
      assert(b, 'no 评审 button beside the first package');
      return b;
    });
    await page.mouse.click(inRow.x + inRow.w / 2, inRow.y + inRow.h / 2);
    await settle(page);
    await find(page, new RegExp('^wrap:' + sample.profile.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));  // the review of that station is open
    await fill(page, '##expert_name', '王专家', { enter: false });
    await click(page, '##c', { nth: 0 });  // 1. 制度建设: the expert ticks the first item only
    await find(page, /^专家评分 1 \/ 4/);
    await page.screenshot({ path: join(OUT_DIR, 'review-editor.png') });

    await click(page, '生成评价报告');
    const html = await page.waitForFunction(() => {
      // 松江's report is its 效能评估报告 (its rubric's own title, on the cover too).
      const f = [...document.querySelectorAll('iframe')].map((x) => x.srcdoc || '').find((t) => /评[价估]报告/.test(t));
      return f || false;
    }, null, { timeout: 5000 }).then((h) => h.jsonValue());
    assert(html.includes(sample.profile.name), 'the report does not name the station');
    assert(!/<script/i.test(html), 'the report contains a script');
    await mkdir(OUT_DIR, { recursive: true });
    await writeFile(join(OUT_DIR, 'report.html'), html);
    // Render it as printed: A4 PDF from headless Chromium, and a screenshot to look at.
    const doc = await context.newPage();
    await doc.setContent(html);
    await doc.pdf({ path: join(OUT_DIR, 'report.pdf'), format: 'A4' });
    await doc.screenshot({ path: join(OUT_DIR, 'report.png'), fullPage: true });
    await doc.close();
    // From the review to the panel: this expert's review joins it, and the panel says it cannot be
    // merged until every criterion is scored.
    // The expert moves on to the next criterion: the review reopens there later, not at the first.
    const first = (await find(page, /^position /)).label;
    await click(page, '下一项 →');
    const stopped = (await find(page, new RegExp('^position (?!' + first.slice(9).replace(/\./g, '\\.') + '$)'))).label;
    await click(page, '专家组汇总##from_review');
    await click(page, '加入本机专家的评分');
    await find(page, '专家 1 人');
    await find(page, /^暂不能汇总：[\s\S]*专家“王专家”尚未对/);
    await click(page, '← 返回数据包列表');
    // The expert's scoring is written through: after a reload it is there again.
    await page.reload();
    await waitForFrames(page, 1);
    const [again] = await Promise.all([page.waitForEvent('filechooser'), click(page, '打开数据包进行评审…')]);
    await again.setFiles(files[0]);
    await click(page, '评审', { nth: 0 });
    await find(page, stopped);  // where the expert stopped (issue 25 item 11)
    await click(page, '← 上一项');
    await find(page, /^专家评分 1 \/ 4/);
    assert(errors.length === 0, 'errors were logged:\n' + errors.join('\n'));
    console.log('  review: three packages verified (tampering flagged), one criterion reviewed, report produced');
  } finally {
    await context.close();
  }
}

await runStandalone(import.meta.url, review);
