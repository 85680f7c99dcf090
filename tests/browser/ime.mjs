// Chinese input through the IME overlay (web/ime.js): composition via CDP as a real IME does it,
// committed text reaches the ImGui field once (never the pinyin), and editing keys, select-all,
// copy and paste act on the ImGui field.
//
// The fields are the real app's: a criterion's notes (multi-line) and profile fields (one line),
// found by label through window.qis.items(); the snapshot must hold exactly what was typed.
import { assert, openApp, runStandalone, screenshot, waitForText } from './lib.mjs';
import { click, find, settle } from './ui.mjs';

export default async function ime({ browser, server }) {
  const { context, page, errors } = await openApp(browser, server.origin, { query: '?rubric=hunan-db43' });
  try {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
    await click(page, '开始自评（已为您选中）##hunan-db43');
    await click(page, '逐项评分');
    const box = await find(page, '##note');
    const field = [box.x, box.y, box.w, box.h];
    const cdp = await context.newCDPSession(page);
    const active = () => page.evaluate(() => document.activeElement && document.activeElement.id);

    // A click in the field gives the keyboard to the overlay, inside the pointer event.
    await page.mouse.click(field[0] + 40, field[1] + 20);
    await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'ime');

    // Plain typing arrives once (SDL must not see it as well).
    await page.keyboard.type('abc');
    await waitForText(page, 'abc');

    // Pinyin pre-edit is shown by the overlay but not stored; the commit is.
    await cdp.send('Input.imeSetComposition', { text: 'zhong', selectionStart: 5, selectionEnd: 5 });
    await page.waitForTimeout(100);
    const composing = await page.evaluate(() => document.getElementById('ime').classList.contains('composing'));
    assert(composing, 'the overlay does not show the pre-edit while composing');
    await screenshot(page, 'ime-composing.png');
    await waitForText(page, 'abc');
    await cdp.send('Input.imeSetComposition', { text: 'zhongwen', selectionStart: 8, selectionEnd: 8 });
    await cdp.send('Input.insertText', { text: '中文' });
    await waitForText(page, 'abc中文');
    await screenshot(page, 'ime.png');

    // Editing keys go to ImGui: Backspace, arrows, Enter (new line in a multi-line field).
    await page.keyboard.press('Backspace');
    await waitForText(page, 'abc中');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.type('X');
    await waitForText(page, 'abXc中');
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await cdp.send('Input.insertText', { text: '质量' });
    await waitForText(page, 'abXc中\n质量');
    await page.keyboard.press('Home');
    await page.keyboard.press('Delete');
    await waitForText(page, 'abXc中\n量');

    // Select all + copy puts the field's text on the browser clipboard (Chinese included).
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Control+C');
    await page.waitForFunction(async () => (await navigator.clipboard.readText()) === 'abXc中\n量', null, { timeout: 3000 })
      .catch(async () => {
        throw new Error('clipboard holds ' + JSON.stringify(await page.evaluate(() => navigator.clipboard.readText())));
      });
    // Typing replaces the selection; undo takes back the typing, then the deletion (ImGui's steps).
    await cdp.send('Input.insertText', { text: '新' });
    await waitForText(page, '新');
    await page.keyboard.press('Control+Z');
    await waitForText(page, '');
    await page.keyboard.press('Control+Z');
    await waitForText(page, 'abXc中\n量');

    // Paste: the browser's clipboard text goes in at the caret through ImGui's own paste.
    await page.evaluate(() => navigator.clipboard.writeText('服务站'));
    await page.keyboard.press('End');
    await page.keyboard.press('Control+V');
    await waitForText(page, 'abXc中\n量服务站');

    // A click elsewhere on the canvas ends editing: the keyboard goes back to the canvas and the
    // UI has the text. (Escape would end it too, but ImGui then reverts the field.)
    await page.mouse.click(field[0] + 200, field[1] - 28);  // the 备注 heading above the field
    await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'canvas');
    const notes = JSON.parse(await page.evaluate(() => window.qis.snapshot())).notes;
    assert(notes['1.1.1'] === 'abXc中\n量服务站', 'the draft has notes ' + JSON.stringify(notes));
    assert((await active()) === 'canvas', 'focus did not return to the canvas');

    // A profile field (one line): compose, edit with Backspace and arrows, copy it to another field.
    await click(page, '单位信息');
    const name = await find(page, '##name');
    await page.mouse.click(name.x + 30, name.y + name.h / 2);
    await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'ime');
    await cdp.send('Input.imeSetComposition', { text: 'changshaxian', selectionStart: 12, selectionEnd: 12 });
    await cdp.send('Input.insertText', { text: '长沙县质量服务站' });
    await waitForText(page, '长沙县质量服务站');
    await page.keyboard.press('Backspace');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await cdp.send('Input.imeSetComposition', { text: 'hao', selectionStart: 3, selectionEnd: 3 });
    await cdp.send('Input.insertText', { text: '好' });
    await waitForText(page, '长沙县质量好服务');
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Control+C');
    const other = await find(page, '##service_name');
    await page.mouse.click(other.x + 30, other.y + other.h / 2);
    await settle(page);
    await page.keyboard.press('Control+V');
    await waitForText(page, '长沙县质量好服务');
    await page.mouse.click(name.x + 200, name.y - 20);  // the field's label row
    await settle(page);
    const profile = JSON.parse(await page.evaluate(() => window.qis.snapshot())).profile;
    assert(profile.name === '长沙县质量好服务', 'profile name is ' + JSON.stringify(profile.name));
    assert(profile.service_name === '长沙县质量好服务', 'copied field is ' + JSON.stringify(profile.service_name));
    assert(errors.length === 0, 'errors were logged:\n' + errors.join('\n'));
    console.log('  ime: typed, composed, edited, copied and pasted Chinese text');
  } finally {
    await context.close();
  }
}

await runStandalone(import.meta.url, ime);
