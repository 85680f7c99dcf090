// Touch (issue 13), the evaluator's side on a 768×1024 tablet (hasTouch, isMobile,
// devicePixelRatio 2) with taps only: 崇明's sample package (with the scores an export stores) is
// opened in the review desk, reviewed, and one criterion (1.1, a checklist) is scored by tapping
// its boxes; the expert's points for it, the review's progress and the expert's total change with
// each tap, and nothing is drawn past the right edge.
import { assert, runStandalone, scoredSample } from './lib.mjs';
import { find, items } from './ui.mjs';
import { touchPage } from './touch.mjs';

const W = 768;
const H = 1024;

// The label of the first item matching `re` in the last frame, or null.
async function labelOf(page, re) {
  const hit = (await items(page)).find((i) => re.test(i.label));
  return hit ? hit.label : null;
}

export default async function touchreview({ browser, server }) {
  const { sample, file } = await scoredSample('chongming-2024', 'touchreview');

  const { context, page, errors, finger: f } = await touchPage(browser, server.origin, { width: W, height: H, scale: 2, query: '' });
  try {
    // The file picker opens from a tap (the page draws a frame inside the touchend).
    const chooser = page.waitForEvent('filechooser', { timeout: 8000 });
    await f.tap('打开数据包进行评审…');
    await (await chooser).setFiles(file);
    await find(page, 'package ' + sample.profile.name);
    await f.tap('评审', { nth: 0 });
    await find(page, 'position 1.1');

    // 1.1 is a checklist: a swipe in the editor brings its boxes and the expert's points line into
    // view; the expert taps the first box, then the second.
    const editor = await find(page, /^qis\/editor/);
    const inEditor = { x: editor.x + editor.w / 2, y: editor.y + editor.h * 0.7 };
    await f.findByScrolling(/^专家评分 /, inEditor);
    const look = async () => ({
      points: await labelOf(page, /^专家评分 /),     // the editor's line for 1.1
      tree: await labelOf(page, /^1\.1 /),          // the tree's entry, with the points
      total: await labelOf(page, /^自评 .* · 专家 /), // the expert's total
      progress: await labelOf(page, /^已评 \d+ \/ \d+ 项$/),
    });
    const before = await look();
    assert(before.points && before.tree && before.total && before.progress, `the review does not show 1.1's points, the totals and the progress: ${JSON.stringify(before)}`);
    await f.tap('##c', { nth: 0, ...inEditor });
    const one = await look();
    for (const k of ['points', 'tree', 'total', 'progress'])
      assert(one[k] !== before[k], `a tap on 1.1's first box left ${k} at ${one[k]}`);
    await f.tap('##c', { nth: 1, ...inEditor });
    const two = await look();
    for (const k of ['points', 'tree', 'total'])
      assert(two[k] !== one[k], `a tap on 1.1's second box left ${k} at ${two[k]}`);
    assert(/ 2 \/ 4/.test(two.tree), `two boxes ticked, and the tree shows ${two.tree}`);

    const beyond = await f.pastRightEdge();
    assert(beyond.length === 0, `drawn past the right edge: ${beyond.join(' | ')}`);
    await page.screenshot({ path: new URL('./out/touchreview-768.png', import.meta.url).pathname });
    assert(errors.length === 0, errors.join('\n'));
    console.log(`  touchreview: 768×1024 taps open the package and score 1.1: ${before.tree} → ${one.tree} → ${two.tree}; ${two.total}`);
  } finally {
    await context.close();
  }
}

await runStandalone(import.meta.url, touchreview);
