#!/usr/bin/python3
"""Builds the web app's bundled fonts: a CJK subset and a small Latin subset, plus the glyph list.

Run by CMake at build time (src/app/CMakeLists.txt) with Debian's /usr/bin/python3, which has
python3-fonttools. DroidSansFallbackFull has CJK but no Latin letters or digits, so DejaVu Sans
supplies ASCII, Latin-1 and general punctuation; ImGui merges the two at load time (fonts.cpp).
The page fetches these files only where the system has no Chinese font (web/boot.js); elsewhere
the system's own fonts draw every character.

Characters covered (charset.txt, one line of text):
  - every character of rubrics/*.json,
  - every character inside C++ string literals of src/app/*.{cpp,h}, src/app/ui/*.{cpp,h} and
    src/core/*.{cpp,h}
    (the core's Chinese error messages are shown by the UI),
  - GB2312 level-1 hanzi (3755, decoded from the GB2312 code table 0xB0A1-0xD7F9),
  - optionally GB2312 level-2 hanzi (--gb2312-level2; 3008 rarer ones, about +250 KB gzip),
  - ASCII, Latin-1, general punctuation, CJK symbols and punctuation, full-width forms and a few
    symbols common in Chinese forms (①, ≤, ℃, ✓ ...).

Outputs:
  <out>/font-cjk.ttf, <out>/font-latin.ttf      shipped in build/web/
  <gen>/charset.txt                              the list above, for review (not shipped)
Nothing is rewritten when the inputs are unchanged (only touched), so incremental builds are fast.
"""

import argparse
import hashlib
import json
import os
import re
import sys
import unicodedata
from pathlib import Path

SCRIPT_VERSION = "5"  # bump when the output format or subsetting options change

# Blocks always included, as inclusive (first, last) code point pairs.
ALWAYS_RANGES = [
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x00FF),  # Latin-1 supplement (×, ÷, ·, °, ±)
    (0x2010, 0x205E),  # general punctuation (—, …, “”, ‘’, ‰, ※)
    (0x3000, 0x303F),  # CJK symbols and punctuation (、。《》「」【】〔〕)
    (0xFF01, 0xFF5E),  # full-width ASCII forms (（）：；，！？０-９)
    (0xFFE0, 0xFFE6),  # full-width currency signs (￥)
    (0xFFFD, 0xFFFD),  # replacement character
]
EXTRA_SYMBOLS = (
    "①②③④⑤⑥⑦⑧⑨⑩≤≥≠≈±√∞∑→←↑↓↔℃№ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ★☆○●◎□■△▲▽▼◇◆✓✔✗✘"
)

# Latin code points are always taken from the Latin font, whatever the CJK font has.
def is_latin_block(cp):
    return cp <= 0x00FF


def gb2312_hanzi(level2):
    """GB2312 hanzi in code-table order: level 1 is rows 0xB0-0xD7, level 2 rows 0xD8-0xF7."""
    last_row = 0xF7 if level2 else 0xD7
    chars = []
    for row in range(0xB0, last_row + 1):
        for col in range(0xA1, 0xFF):
            try:
                chars.append(bytes([row, col]).decode("gb2312"))
            except UnicodeDecodeError:
                pass  # 0xD7FA-0xD7FE are unassigned
    return chars


STRING_LITERAL = re.compile(
    r'//[^\n]*'                                  # line comment
    r'|/\*.*?\*/'                                # block comment
    r'|(?:u8|u|U|L)?R"([^()\\\s]{0,16})\((.*?)\)\1"'  # raw string literal
    r'|(?:u8|u|U|L)?"((?:[^"\\\n]|\\.)*)"'       # ordinary string literal
    r"|'(?:[^'\\\n]|\\.)*'",                     # character literal (skipped)
    re.S,
)


def cpp_string_chars(text):
    """Characters inside the string literals of a C++ source (comments are skipped)."""
    out = []
    for m in STRING_LITERAL.finditer(text):
        if m.group(2) is not None:
            out.append(m.group(2))
        elif m.group(3) is not None:
            out.append(m.group(3))
    return "".join(out)


def json_chars(text):
    """Every character of a JSON document's keys and strings (escapes decoded)."""
    try:
        doc = json.loads(text)
    except ValueError:
        return text
    out = []

    def walk(v):
        if isinstance(v, str):
            out.append(v)
        elif isinstance(v, dict):
            for k, x in v.items():
                out.append(k)
                walk(x)
        elif isinstance(v, list):
            for x in v:
                walk(x)
        else:
            out.append(json.dumps(v))

    walk(doc)
    return "".join(out)


def source_files(root):
    files = sorted((root / "rubrics").glob("*.json"))
    # The same files src/app/CMakeLists.txt lists as dependencies of the font.
    for pattern in ("src/app/*.cpp", "src/app/*.h", "src/app/ui/*.cpp", "src/app/ui/*.h",
                    "src/core/*.cpp", "src/core/*.h"):
        files += sorted(root.glob(pattern))
    return files


def drawable(c):
    # ImWchar is 16-bit; control, format (bidi marks) and surrogate code points draw nothing.
    return ord(c) <= 0xFFFF and unicodedata.category(c) not in ("Cc", "Cf", "Cs")


def collect_charset(root, level2):
    """(all characters to cover, the subset that the sources use)."""
    used = set()
    for path in source_files(root):
        text = path.read_text(encoding="utf-8", errors="replace")
        used.update(json_chars(text) if path.suffix == ".json" else cpp_string_chars(text))
    wanted = set(used)
    wanted.update(gb2312_hanzi(level2))
    for first, last in ALWAYS_RANGES:
        wanted.update(chr(c) for c in range(first, last + 1))
    wanted.update(EXTRA_SYMBOLS)
    return sorted(c for c in wanted if drawable(c)), {c for c in used if drawable(c)}


def cmap_of(path):
    from fontTools.ttLib import TTFont
    return set(TTFont(str(path), lazy=True).getBestCmap().keys())


def subset(src, dst, codepoints):
    import logging
    from fontTools import subset as ftsubset
    from fontTools.ttLib import TTFont
    logging.getLogger("fontTools").setLevel(logging.ERROR)  # "FFTM NOT subset; dropped" is expected
    opts = ftsubset.Options()
    opts.hinting = False          # stb_truetype ignores hinting
    opts.layout_features = []     # ImGui does no shaping: GSUB/GPOS are dead weight
    opts.name_IDs = [0, 1, 2, 3, 4, 5, 6]  # keep copyright/licence-relevant names
    opts.notdef_outline = True
    font = TTFont(str(src))
    sub = ftsubset.Subsetter(opts)
    sub.populate(unicodes=sorted(codepoints))
    sub.subset(font)
    tmp = dst.with_suffix(".tmp")
    font.save(str(tmp))
    os.replace(tmp, dst)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", required=True, type=Path, help="project root")
    ap.add_argument("--out", required=True, type=Path, help="directory for the .ttf files (build/web)")
    ap.add_argument("--gen", required=True, type=Path, help="directory for charset.txt")
    ap.add_argument("--cjk-font", type=Path, default=Path("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"))
    ap.add_argument("--latin-font", type=Path, default=Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"))
    ap.add_argument("--gb2312-level2", action="store_true", help="also include the 3008 level-2 hanzi")
    args = ap.parse_args()

    for font in (args.cjk_font, args.latin_font):
        if not font.is_file():
            sys.exit(f"build_font.py: {font} is missing (scripts/deps.sh native installs it)")
    args.out.mkdir(parents=True, exist_ok=True)
    args.gen.mkdir(parents=True, exist_ok=True)

    charset, used = collect_charset(args.root, args.gb2312_level2)
    outputs = [args.out / "font-cjk.ttf", args.out / "font-latin.ttf", args.gen / "charset.txt"]
    key = hashlib.sha256("".join([SCRIPT_VERSION, str(args.cjk_font), str(args.latin_font),
                                  str(args.cjk_font.stat().st_size), str(args.latin_font.stat().st_size),
                                  "".join(charset)]).encode()).hexdigest()
    stamp = args.gen / "font.stamp"
    if stamp.is_file() and stamp.read_text() == key and all(p.is_file() for p in outputs):
        for p in outputs:
            p.touch()  # inputs changed but not the character set: nothing to redo
        return

    cjk_cmap, latin_cmap = cmap_of(args.cjk_font), cmap_of(args.latin_font)
    cjk, latin, missing = [], [], []
    for ch in charset:
        cp = ord(ch)
        if cp in latin_cmap and (is_latin_block(cp) or cp not in cjk_cmap):
            latin.append(cp)
        elif cp in cjk_cmap and not is_latin_block(cp):
            cjk.append(cp)
        elif ch in used:  # blocks included "just in case" may have holes; the sources may not
            missing.append(ch)
    if missing:
        print(f"build_font.py: warning: {len(missing)} characters used by rubrics or code have no glyph "
              "and will show as '?': " + "".join(missing[:80]), file=sys.stderr)

    subset(args.cjk_font, outputs[0], cjk)
    subset(args.latin_font, outputs[1], latin)
    outputs[2].write_text("".join(chr(c) for c in sorted(cjk + latin)) + "\n", encoding="utf-8")
    stamp.write_text(key)
    print(f"build_font.py: {len(cjk)} CJK + {len(latin)} Latin glyphs; "
          f"font-cjk.ttf {outputs[0].stat().st_size // 1024} KB, "
          f"font-latin.ttf {outputs[1].stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
