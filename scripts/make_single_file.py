#!/usr/bin/python3
"""Writes the single-file build: one HTML file with the whole app inside, for evaluators who get the
tool on a USB stick and open it from disk (file://), with no web host.

Usage: make_single_file.py WEB_DIR OUT_HTML

It takes compat.html and the compat build (compat.js + compat.wasm, JS-emulated exceptions) from
WEB_DIR, because an intranet PC is the likeliest to run an old engine, and inlines:
  - page.js, store.js, bundle.js, ime.js, semantics.js, glyphs.js and boot.js as inline scripts,
  - the wasm as base64 in a <script type="application/octet-stream"> block that boot.js decodes,
  - compat.js as the last inline script (boot.js has set window.Module by then).
The Content-Security-Policy stays strict: inline scripts are allowed by their SHA-256 only, never
by 'unsafe-inline'. The bundled fonts are not inlined: the system's fonts draw the text.
"""
import base64
import hashlib
import re
import sys
from pathlib import Path


def script_hash(text):
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    web, out = Path(sys.argv[1]), Path(sys.argv[2])
    for name in ("compat.html", "compat.js", "compat.wasm", "page.js", "store.js", "bundle.js", "ime.js", "semantics.js", "glyphs.js", "boot.js"):
        if not (web / name).is_file():
            sys.exit(f"make_single_file.py: {web / name} is missing: build the wasm and wasm-compat presets first")
    page = (web / "compat.html").read_text(encoding="utf-8")
    wasm_b64 = base64.b64encode((web / "compat.wasm").read_bytes()).decode()

    scripts = []
    # The marker boot.js looks for: where the app comes from when there is no server.
    scripts.append("window.qisEmbedded = { app: 'compat' };")
    for name in ("page.js", "store.js", "bundle.js", "ime.js", "semantics.js", "glyphs.js", "boot.js"):
        scripts.append((web / name).read_text(encoding="utf-8"))
    app_js = (web / "compat.js").read_text(encoding="utf-8")
    scripts.append(app_js)
    hashes = " ".join(script_hash(s) for s in scripts)

    tags = []
    for text in scripts[:-1]:
        tags.append("<script>" + text.replace("</script", "<\\/script") + "</script>")
    tags.append('<script type="application/octet-stream" id="qis-wasm">' + wasm_b64 + "</script>")
    tags.append("<script>" + scripts[-1].replace("</script", "<\\/script") + "</script>")

    # The page's own <script src> lines are replaced by the inline ones.
    page, n = re.subn(r'<script src="[^"]+"></script>\n?', "", page)
    if n != 7:
        sys.exit(f"make_single_file.py: expected 7 <script src> in compat.html, found {n}")
    page = page.replace("</body>", "\n".join(tags) + "\n</body>")
    policy = re.search(r'(<meta http-equiv="Content-Security-Policy" content=")([^"]*)(")', page)
    if not policy:
        sys.exit("make_single_file.py: compat.html has no Content-Security-Policy <meta>")
    csp = policy.group(2).replace("script-src 'self'", "script-src 'self' " + hashes)
    if csp == policy.group(2):
        sys.exit("make_single_file.py: the policy has no \"script-src 'self'\" to extend")
    page = page[:policy.start(2)] + csp + page[policy.end(2):]
    page = page.replace("首次打开需要下载约 1 MB，之后可离线使用。", "正在启动（单文件版，无需联网）……")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".tmp")
    tmp.write_text(page, encoding="utf-8")
    tmp.replace(out)
    print(f"make_single_file.py: {out} ({out.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()
