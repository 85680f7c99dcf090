// Crafted files in the evaluator's page, each with the CLI given the same file (issue 31):
// a bundle whose extra entry inflates to 256 MB adds little memory to the tab (it is hashed as it
// streams, not kept); a GBK-named entry and a local header naming another file than the directory
// are refused by the page with the CLI's own message; a package with 100,000 evidence entries is
// refused at once with the count; two exports of one station are not ranked twice; and a station
// whose unit name holds U+FFFE and a C0 character and whose note holds Word's U+000B line break
// downloads a Word document that is valid XML.
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFile, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync, crc32 as zlibCrc32 } from 'node:zlib';
import { assert, openApp, OUT_DIR, ROOT, runStandalone, scoredSample } from './lib.mjs';
import { click, find } from './ui.mjs';

const QIS = join(ROOT, 'build/native/qis');

// CRC-32 as zip headers carry it (node 20 has zlib.crc32 from 20.15 on; else computed here).
function crc32(buf) {
  if (typeof zlibCrc32 === 'function') return zlibCrc32(buf) >>> 0;
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return ~c >>> 0;
}

// A zip of `entries` [{name (Buffer or string), data, deflate, utf8Flag = true, localName}]:
// `localName` writes another name into the local header than into the directory.
function makeZip(entries) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.isBuffer(e.name) ? e.name : Buffer.from(e.name, 'utf8');
    const localName = e.localName ? Buffer.from(e.localName, 'utf8') : name;
    const body = e.deflate ? deflateRawSync(e.data, { level: 1 }) : e.data;
    const flags = e.utf8Flag === false ? 0 : 0x0800;
    const crc = crc32(e.data);
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0);
    lh.writeUInt16LE(20, 4);
    lh.writeUInt16LE(flags, 6);
    lh.writeUInt16LE(e.deflate ? 8 : 0, 8);
    lh.writeUInt32LE(crc, 14);
    lh.writeUInt32LE(body.length, 18);
    lh.writeUInt32LE(e.data.length, 22);
    lh.writeUInt16LE(localName.length, 26);
    locals.push(lh, localName, body);
    const ch = Buffer.alloc(46);
    ch.writeUInt32LE(0x02014b50, 0);
    ch.writeUInt16LE(20, 4);
    ch.writeUInt16LE(20, 6);
    ch.writeUInt16LE(flags, 8);
    ch.writeUInt16LE(e.deflate ? 8 : 0, 10);
    ch.writeUInt32LE(crc, 16);
    ch.writeUInt32LE(body.length, 20);
    ch.writeUInt32LE(e.data.length, 24);
    ch.writeUInt16LE(name.length, 28);
    ch.writeUInt32LE(offset, 42);
    centrals.push(ch, name);
    offset += 30 + localName.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

// The largest resident set of Chromium's renderer processes, in bytes.
function rendererRss() {
  let max = 0;
  for (const line of execFileSync('ps', ['-eo', 'rss=,args=']).toString().split('\n'))
    if (line.includes('--type=renderer')) max = Math.max(max, parseInt(line, 10) || 0);
  return max * 1024;
}

const cliMessage = (file) => spawnSync(QIS, ['verify', file], { encoding: 'utf8' }).stderr;

export default async function hostile({ browser, server }) {
  const dir = await mkdtemp(join(tmpdir(), 'qis-hostile-'));
  const { sample } = await scoredSample('chongming-2024', 'hostile');
  const packageBytes = Buffer.from(JSON.stringify(sample));

  // 256 MB that deflate about 60-fold (each 64 KB: 1 KB of noise, then zeros): under the ratio
  // limit, so it is read, and far more than the 64 MB the tab may grow by.
  const big = Buffer.alloc(256 << 20);
  for (let off = 0; off < big.length; off += 65536) randomBytes(1024).copy(big, off);
  const inflating = join(dir, 'inflating.zip');
  await writeFile(inflating, makeZip([
    { name: 'package.json', data: packageBytes },
    { name: 'evidence/大文件.bin', data: big, deflate: true },
  ]));
  const gbk = join(dir, 'gbk.zip');
  await writeFile(gbk, makeZip([
    { name: 'package.json', data: packageBytes },
    { name: Buffer.from([0x65, 0x76, 0x69, 0x64, 0x65, 0x6e, 0x63, 0x65, 0x2f, 0xd5, 0xd5, 0x2e, 0x6a, 0x70, 0x67]), data: Buffer.from('jpg'), utf8Flag: false },
  ]));
  const lying = join(dir, 'lying.zip');
  await writeFile(lying, makeZip([
    { name: 'package.json', data: packageBytes },
    { name: 'evidence/a.pdf', localName: '../../../tmp/a.pdf', data: Buffer.from('%PDF-1.4\n') },
  ]));
  const crowded = structuredClone(sample);
  crowded.evidence = Array.from({ length: 100000 }, (_, i) => ({
    id: 'e' + i, name: `材料${i}.pdf`, size: 3, sha256: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad', criteria: [],
  }));
  const crowdedPath = join(dir, 'crowded.json');
  await writeFile(crowdedPath, JSON.stringify(crowded));

  // The CLI first: what the page must say too.
  const gbkCli = cliMessage(gbk);
  assert(/不是 UTF-8 编码（可能是压缩软件按 GBK/.test(gbkCli), 'qis verify did not refuse the GBK name: ' + gbkCli);
  const lyingCli = cliMessage(lying);
  assert(/两处名字不一致/.test(lyingCli), 'qis verify did not refuse the lying local header: ' + lyingCli);
  const crowdedCli = cliMessage(crowdedPath);
  assert(/超过上限 5000 个/.test(crowdedCli), 'qis verify did not refuse 100,000 evidence entries: ' + crowdedCli);

  const { context, page, errors } = await openApp(browser, server.origin, { viewport: { width: 1280, height: 860 } });
  try {
    const open = async (path) => {
      const label = (await find(page, '再打开数据包…', { timeout: 500 }).catch(() => null)) ? '再打开数据包…' : '打开数据包进行评审…';
      const [chooser] = await Promise.all([page.waitForEvent('filechooser'), click(page, label)]);
      await chooser.setFiles(path);
    };

    // The inflating bundle: the resident set is sampled while the page reads it.
    const before = rendererRss();
    let peak = before;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        peak = Math.max(peak, rendererRss());
        await new Promise((ok) => setTimeout(ok, 50));
      }
    })();
    await open(inflating);
    await find(page, 'package ' + sample.profile.name, { timeout: 120000 });
    await find(page, /项问题/, { timeout: 60000 });  // the extra file is a finding
    sampling = false;
    await sampler;
    const grew = (peak - before) / (1 << 20);
    console.log(`  hostile: a 256 MB inflating entry grew the tab by ${grew.toFixed(0)} MiB (limit 64)`);
    assert(grew < 64, `reading the inflating bundle grew the tab by ${grew.toFixed(0)} MiB`);

    // The GBK name and the lying local header: refused, with the CLI's words.
    await open(gbk);
    await find(page, /不是 UTF-8 编码（可能是压缩软件按 GBK/, { timeout: 30000 });
    await open(lying);
    await find(page, /两处名字不一致/, { timeout: 30000 });

    // 100,000 evidence entries: refused with the count, not opened.
    await open(crowdedPath);
    await find(page, /超过上限 5000 个/, { timeout: 30000 });
    await page.screenshot({ path: join(OUT_DIR, 'hostile.png') });

    // Two exports of one station (only "modified" differs) beside a third station: the ranking
    // names both files and waits; 采用最新的一份排名 ranks the newer one once (issue 31 item 4).
    const { sample: other } = await scoredSample('chongming-2024', 'hostile-other');
    other.profile.name = '另一服务站';
    const again = structuredClone(sample);
    again.modified = '2099-01-01T00:00:00Z';
    for (const [name, pkg] of [['再次导出.json', again], ['另一站.json', other]]) {
      const path = join(dir, name);
      await writeFile(path, JSON.stringify(pkg));
      await open(path);
    }
    await find(page, new RegExp(`“${sample.profile.name}”有 2 份按本评分表提交的数据包`), { timeout: 30000 });
    await click(page, /^采用最新的一份排名/);
    await find(page, new RegExp(`采用修改时间最新的“再次导出\\.json”`), { timeout: 30000 });
    await page.screenshot({ path: join(OUT_DIR, 'hostile-rank.png') });
    assert(errors.length === 0, 'errors were logged:\n' + errors.join('\n'));
  } finally {
    await context.close();
  }

  // The station's Word document from the page, with the characters that made it unopenable.
  const station = await openApp(browser, server.origin);
  try {
    const hunan = JSON.parse(await readFile(join(ROOT, 'tests/fixtures/samples/hunan-db43.json'), 'utf8'));
    hunan.profile.name = '甲\uFFFE站\u0001名';
    const first = Object.keys(hunan.answers)[0];
    hunan.notes = Object.assign(hunan.notes || {}, { [first]: '第一行\u000B第二行' });
    const p = station.page;
    const [chooser] = await Promise.all([p.waitForEvent('filechooser'), click(p, '选择数据包文件…')]);
    await chooser.setFiles([{ name: 'hunan.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(hunan)) }]);
    await click(p, '得分总览');
    await find(p, /##docx-/);
    const label = (await p.evaluate(() => window.qis.items())).find((i) => /##docx-/.test(i.label)).label;
    const downloaded = p.waitForEvent('download', { timeout: 30000 });
    await click(p, label);
    const docx = join(OUT_DIR, 'hostile-control-chars.docx');
    await copyFile(await (await downloaded).path(), docx);
    // Python's XML parser, as strict as Word about XML 1.0.
    const parsed = spawnSync('python3', ['-c',
      'import sys,zipfile,xml.dom.minidom as m; m.parseString(zipfile.ZipFile(sys.argv[1]).read("word/document.xml")); print("ok")', docx],
    { encoding: 'utf8' });
    assert(parsed.stdout.trim() === 'ok', 'the Word document from the page is not valid XML: ' + parsed.stderr);
    assert(station.errors.length === 0, 'errors were logged:\n' + station.errors.join('\n'));
  } finally {
    await station.context.close();
  }
}

await runStandalone(import.meta.url, hostile);
