// Submission bundles in the page: one .zip with package.json and every evidence file
// (docs/package-format.md, "Submission bundle"; the rules are src/core/bundle.h's).
//
// Writing (the station's 导出提交包): each file is read once from where the page keeps it, in
// slices, its SHA-256 checked against the package and its CRC-32 computed; the zip is then a Blob
// made of the kept Blobs themselves and small headers, so a 500 MB bundle never sits in memory.
// Files are stored (method 0), not recompressed.
//
// Reading (an evaluator or a station opening a .zip): the central directory is read from the end
// of the file and handed to the app's check (bundle.* errors: paths outside the bundle, bombs,
// sizes, duplicates), with every local header (its name must be the directory's, no two entries
// on one piece of data), before any entry is inflated. Then package.json is read; every file it
// names is hashed as it streams past (deflated ones through DecompressionStream, never more than
// the size they declare) and kept under its SHA-256, so the evaluator can open it later; a file it
// does not name is listed by its path and never read. The app gets the package and the list of
// files with their digests, and verifies them (verify_bundle).
'use strict';

(function () {
  const page = window.qisPage;

  // ---- CRC-32 (the zip format's checksum; polynomial 0xEDB88320) ----
  const CRC_TABLE = (() => {
    const t = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      t[n] = c >>> 0;
    }
    return t;
  })();
  function crcUpdate(crc, bytes) {
    let c = ~crc;
    for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
    return ~c >>> 0;
  }

  const utf8 = new TextEncoder();

  // MS-DOS date and time of `d`, as zip headers hold them.
  function dosTime(d) {
    return {
      time: (d.getHours() << 11) | (d.getMinutes() << 5) | (d.getSeconds() >> 1),
      date: (Math.max(0, d.getFullYear() - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate(),
    };
  }

  function header(size) {
    const buf = new Uint8Array(size);
    return { buf, view: new DataView(buf.buffer) };
  }

  // `entries`: [{name, blob, crc}] -> a Blob of the whole zip (stored, UTF-8 names).
  function zipBlob(entries, when) {
    const { time, date } = dosTime(when);
    const parts = [];
    const central = [];
    let offset = 0;
    for (const e of entries) {
      const name = utf8.encode(e.name);
      const local = header(30 + name.length);
      const v = local.view;
      v.setUint32(0, 0x04034b50, true);
      v.setUint16(4, 20, true);          // version needed: 2.0
      v.setUint16(6, 0x0800, true);      // names are UTF-8
      v.setUint16(8, 0, true);           // stored
      v.setUint16(10, time, true);
      v.setUint16(12, date, true);
      v.setUint32(14, e.crc, true);
      v.setUint32(18, e.blob.size, true);
      v.setUint32(22, e.blob.size, true);
      v.setUint16(26, name.length, true);
      v.setUint16(28, 0, true);
      local.buf.set(name, 30);
      parts.push(local.buf, e.blob);
      const c = header(46 + name.length);
      const w = c.view;
      w.setUint32(0, 0x02014b50, true);
      w.setUint16(4, 20, true);          // made by: 2.0
      w.setUint16(6, 20, true);
      w.setUint16(8, 0x0800, true);
      w.setUint16(10, 0, true);
      w.setUint16(12, time, true);
      w.setUint16(14, date, true);
      w.setUint32(16, e.crc, true);
      w.setUint32(20, e.blob.size, true);
      w.setUint32(24, e.blob.size, true);
      w.setUint16(28, name.length, true);
      w.setUint32(42, offset, true);
      c.buf.set(name, 46);
      central.push(c.buf);
      offset += local.buf.length + e.blob.size;
    }
    const cdSize = central.reduce((a, b) => a + b.length, 0);
    const end = header(22);
    end.view.setUint32(0, 0x06054b50, true);
    end.view.setUint16(8, entries.length, true);
    end.view.setUint16(10, entries.length, true);
    end.view.setUint32(12, cdSize, true);
    end.view.setUint32(16, offset, true);
    return new Blob(parts.concat(central, [end.buf]), { type: 'application/zip' });
  }

  // `parts`: [{name, bytes: Uint8Array}] -> a Blob of the zip of them, stored, in this order (the
  // app's .docx, whose parts src/core/docx.cpp writes). What the browser tests read back: lastZip.
  page.zipParts = (parts) => {
    const zip = zipBlob(parts.map((p) => ({ name: p.name, blob: new Blob([p.bytes]), crc: crcUpdate(0, p.bytes) })), new Date());
    page.lastZip = zip;
    return zip;
  };

  // The app asks for a bundle: `files` = [{path, sha256, size, name}] in the package's order.
  // Reports 'bundle-saved' {ok, message?, files, bytes} to the app.
  page.saveBundle = async (filename, packageBytes, files) => {
    const report = (data) => page.wasm.event('bundle-saved', JSON.stringify(data));
    try {
      const entries = [{ name: 'package.json', blob: new Blob([packageBytes]), crc: crcUpdate(0, packageBytes) }];
      let total = packageBytes.length;
      for (const f of files) {
        let blob = await page.keptFile(f.sha256);
        if (!blob) {
          const b64 = page.storageGet('qis.blob.' + f.sha256);  // a small file kept as base64
          if (b64 !== null) {
            const bin = atob(b64);
            const bytes = new Uint8Array(bin.length);
            for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
            blob = new Blob([bytes]);
          }
        }
        if (!blob) {
          report({ ok: false, message: '“' + f.name + '”的文件不在本浏览器中（只记录了摘要），无法放入提交包。请在该项中删除后重新添加此附件，再导出提交包。' });
          return;
        }
        let crc = 0;
        const sha = await page.hashBlob(blob, (bytes) => { crc = crcUpdate(crc, bytes); });
        if (sha !== f.sha256 || blob.size !== f.size) {
          report({ ok: false, message: '本浏览器中保存的“' + f.name + '”与记录的摘要不一致，未导出提交包。请在该项中删除后重新添加此附件。' });
          return;
        }
        entries.push({ name: f.path, blob, crc });
        total += blob.size + 100 + f.path.length * 2;
        if (total >= 0xffffffff) {
          report({ ok: false, message: '附件总大小超过 4 GB，无法放入一个提交包。请压缩扫描件（如降低分辨率）后重新添加。' });
          return;
        }
      }
      const zip = zipBlob(entries, new Date());
      page.download(filename, zip, 'application/zip');
      page.lastBundle = zip;  // what the browser tests read back
      report({ ok: true, files: files.length, bytes: zip.size });
    } catch (e) {
      report({ ok: false, message: '导出提交包时出错（' + ((e && e.message) || e) + '），请重试。草稿未受影响。' });
    }
  };

  // ---- Reading ----
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const latin = new TextDecoder('latin1');

  // A name's bytes as text, and as hex when they are not UTF-8 (a GBK name from a local zip tool):
  // the app judges those bytes as the CLI does, never a guess at what they meant.
  function zipName(raw) {
    try {
      return { name: decoder.decode(raw), hex: '' };
    } catch (e) {
      return { name: latin.decode(raw), hex: Array.from(raw, (b) => b.toString(16).padStart(2, '0')).join('') };
    }
  }

  async function slice(blob, from, to) {
    return new Uint8Array(await blob.slice(from, to).arrayBuffer());
  }

  // The central directory: [{name, method, compressed, uncompressed, encrypted, utf8, offset}],
  // or throws a Chinese message.
  async function directory(file) {
    const tailSize = Math.min(file.size, 22 + 65535);
    const tail = await slice(file, file.size - tailSize, file.size);
    const tv = new DataView(tail.buffer);
    let at = -1;
    for (let i = tail.length - 22; i >= 0; i--) {
      if (tv.getUint32(i, true) === 0x06054b50) { at = i; break; }
    }
    if (at < 0) throw new Error('不是有效的 ZIP 文件（找不到目录）。请确认这是导出的提交包（.zip），或向申报单位重新索取。');
    const count = tv.getUint16(at + 10, true);
    const cdSize = tv.getUint32(at + 12, true);
    const cdOffset = tv.getUint32(at + 16, true);
    if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff)
      throw new Error('这是 ZIP64 格式的压缩包，本页面不支持。请用 qis verify 在电脑上核对，或请申报单位从本工具重新导出提交包。');
    if (cdOffset + cdSize > file.size) throw new Error('ZIP 文件不完整（目录超出文件末尾），可能未下载完整。请重新获取文件。');
    const cd = await slice(file, cdOffset, cdOffset + cdSize);
    const v = new DataView(cd.buffer);
    const out = [];
    let p = 0;
    for (let i = 0; i < count; i++) {
      if (p + 46 > cd.length || v.getUint32(p, true) !== 0x02014b50) throw new Error('ZIP 文件的目录已损坏。请向申报单位重新索取提交包。');
      const flags = v.getUint16(p + 8, true);
      const nameLen = v.getUint16(p + 28, true);
      const extraLen = v.getUint16(p + 30, true);
      const commentLen = v.getUint16(p + 32, true);
      const raw = cd.subarray(p + 46, p + 46 + nameLen);
      const { name, hex } = zipName(raw);
      const ascii = raw.every((b) => b < 0x80);
      out.push({
        name, nameHex: hex, method: v.getUint16(p + 10, true), compressed: v.getUint32(p + 20, true),
        uncompressed: v.getUint32(p + 24, true), encrypted: (flags & 1) !== 0,
        utf8: !hex && (ascii || (flags & 0x0800) !== 0), offset: v.getUint32(p + 42, true),
      });
      p += 46 + nameLen + extraLen + commentLen;
    }
    return out;
  }

  // Each entry's local header: the name it holds (localName) and where its data starts
  // (dataOffset), for the app to compare with the directory before anything is inflated. One read
  // per entry, of the header and a name of up to 226 bytes; a longer name takes a second.
  async function localHeaders(file, entries) {
    for (const e of entries) {
      e.localName = e.name;
      e.localNameHex = e.nameHex;
      e.dataOffset = e.offset;
      e.headerBroken = true;
      const h = await slice(file, e.offset, e.offset + 256);
      if (h.length < 30) continue;
      const hv = new DataView(h.buffer);
      if (hv.getUint32(0, true) !== 0x04034b50) continue;
      const n = hv.getUint16(26, true);
      const raw = 30 + n <= h.length ? h.subarray(30, 30 + n) : await slice(file, e.offset + 30, e.offset + 30 + n);
      const { name, hex } = zipName(raw);
      Object.assign(e, { localName: name, localNameHex: hex, dataOffset: e.offset + 30 + n + hv.getUint16(28, true), headerBroken: false });
    }
  }

  // An entry's data as it lies in the zip (compressed or not), located from its local header.
  function entryData(file, e) {
    if (e.headerBroken) throw new Error('文件头已损坏');
    const data = file.slice(e.dataOffset, e.dataOffset + e.compressed);
    if (data.size !== e.compressed) throw new Error('文件不完整');
    return data;
  }

  // The bytes of an entry as a stream of Uint8Array slices, inflated when deflated; never more
  // than it declares (a lying header stops with an error).
  async function* entryChunks(data, e) {
    if (e.method === 0) {
      for (let off = 0; off < data.size; off += 4 << 20) yield await slice(data, off, off + (4 << 20));
      return;
    }
    if (typeof DecompressionStream !== 'function') throw new Error('此浏览器不能解压该文件（缺少 DecompressionStream）');
    const reader = data.stream().pipeThrough(new DecompressionStream('deflate-raw')).getReader();
    let got = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      got += value.length;
      if (got > e.uncompressed) {
        reader.cancel();
        throw new Error('解压后的大小超过其声明的大小');
      }
      yield value;
    }
  }

  // Opens a .zip the user chose or dropped: checked, hashed, kept, then given to the app as a
  // file of `purpose` whose bytes are the package and whose meta lists the evidence files.
  page.openBundle = async (purpose, file) => {
    const give = (bytes, meta) => page.wasm.file(purpose, file.name, 'application/zip', bytes, Object.assign({ bundle: true, size: file.size }, meta));
    let entries;
    try {
      entries = await directory(file);
    } catch (e) {
      give(new Uint8Array(0), { bundle_error: '无法打开“' + file.name + '”：' + e.message });
      return;
    }
    await localHeaders(file, entries);
    const problem = page.wasm.checkBundle(JSON.stringify(entries.map((e) => ({
      name: e.name, name_hex: e.nameHex, method: e.method, compressed: e.compressed, uncompressed: e.uncompressed,
      encrypted: e.encrypted, utf8: e.utf8, local_name: e.localName, local_name_hex: e.localNameHex,
      data_offset: e.dataOffset }))), file.size);
    if (problem) {
      give(new Uint8Array(0), { bundle_error: '无法打开“' + file.name + '”：' + problem });
      return;
    }
    page.toast('正在核对“' + file.name + '”中的文件…');

    // package.json first: it says which files to keep and how large each may be. Its size was
    // checked against the package limit above.
    const pkgEntry = entries.find((e) => e.name === 'package.json');
    let pkg;
    try {
      const parts = [];
      for await (const chunk of entryChunks(entryData(file, pkgEntry), pkgEntry)) parts.push(chunk);
      pkg = new Uint8Array(await new Blob(parts).arrayBuffer());
    } catch (err) {
      give(new Uint8Array(0), { bundle_error: '无法打开“' + file.name + '”：“package.json”无法读取（' + err.message + '），请向申报单位重新索取提交包。' });
      return;
    }
    const expected = page.wasm.bundleFiles(pkg);

    // A file the package names is hashed as it streams past and kept (to open later), never past
    // the size the package gives it. A file it does not name is not read at all: it cannot be
    // evidence, and the report names it by its path alone (verify.bundle_extra), so an extra
    // entry that inflates to a gigabyte costs nothing.
    const files = [];
    let notKept = 0;
    for (const e of entries) {
      if (e.name.endsWith('/') || e === pkgEntry) continue;
      let listed = Object.prototype.hasOwnProperty.call(expected, e.name);
      if (!listed) {
        files.push({ path: e.name, size: e.uncompressed, sha256: '', refused: '' });
        continue;
      }
      const h = page.wasm.sha();
      let size = 0;
      let refused = '';
      let data = null;
      let kept = null;      // an inflated file, as a Blob grown every 16 MB (the browser may spill it to disk)
      let pending = [];
      let pendingBytes = 0;
      try {
        data = entryData(file, e);
        for await (const chunk of entryChunks(data, e)) {
          size += chunk.length;
          h.update(chunk);
          // Past the size the package gives it, the file is not the one named (verify says so
          // from its size and digest): hashed to the end, as the CLI does, but no longer kept.
          if (listed && e.method !== 0 && size > expected[e.name]) {
            listed = false;
            kept = null;
            pending = [];
          }
          if (listed && e.method !== 0) {
            pending.push(chunk);
            pendingBytes += chunk.length;
            if (pendingBytes >= 16 << 20) {
              kept = new Blob(kept ? [kept, ...pending] : pending);
              pending = [];
              pendingBytes = 0;
            }
          }
        }
      } catch (err) {
        refused = '“' + e.name + '”无法读取（' + err.message + '），请向申报单位重新索取提交包';
      }
      const sha256 = h.end();
      if (!refused && listed && (e.method === 0 || size === expected[e.name])) {
        // Kept under its digest so it opens later: a stored entry as its slice of the zip (the
        // browser copies it into IndexedDB), an inflated one from its Blob.
        const keep = e.method === 0 ? data : new Blob(kept ? [kept, ...pending] : pending);
        if (await page.keepFile(sha256, keep, e.name.split('/').pop(), '')) notKept++;
      }
      files.push({ path: e.name, size, sha256, refused });
    }
    give(pkg, { files, not_kept: notKept });
  };
})();
