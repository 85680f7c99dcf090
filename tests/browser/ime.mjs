// Chinese input through the IME overlay (web/ime.js): composition via CDP as a real IME does it,
// committed text reaches the ImGui field once (never the pinyin), and editing keys, select-all,
// copy and paste act on the ImGui field.
//
// The app's snapshot must name a text field to type into: "ime_test_field": [x, y, w, h] in CSS
// pixels (the temporary app exposes its multi-line field).
import { assert, openApp, runStandalone, screenshot, waitForText } from './lib.mjs';

export default async function ime({ browser, server }) {
  const { context, page, errors } = await openApp(browser, server.origin);
  try {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
    const snap = JSON.parse(await page.evaluate(() => window.qis.snapshot()));
    const field = snap.ime_test_field;
    assert(Array.isArray(field) && field[2] > 0, 'snapshot has no ime_test_field [x, y, w, h]');
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
    await page.mouse.click(field[0] + field[2] + 100, field[1] + field[3] + 120);
    await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'canvas');
    const notes = JSON.parse(await page.evaluate(() => window.qis.snapshot())).notes;
    assert(notes === undefined || notes === 'abXc中\n量服务站', 'the app has ' + JSON.stringify(notes));
    assert((await active()) === 'canvas', 'focus did not return to the canvas');
    assert(errors.length === 0, 'errors were logged:\n' + errors.join('\n'));
    console.log('  ime: typed, composed, edited, copied and pasted Chinese text');
  } finally {
    await context.close();
  }
}

await runStandalone(import.meta.url, ime);
