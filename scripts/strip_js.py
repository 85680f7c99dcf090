#!/usr/bin/env python3
"""Copies one of the page's scripts (web/*.js) into the build without its comment lines and indentation.

The sources keep their explanations; a first visit does not need to download them (issue 12: about
8 KB gzip over the seven scripts). Only whole-line `//` comments and leading whitespace go: line
breaks stay, so automatic semicolon insertion and line numbers in errors keep their meaning. A file
whose code holds a template literal (a backtick) could carry either inside a string and is copied
unchanged.

Usage: strip_js.py IN OUT
"""
import re
import sys


def strip(text: str) -> str:
    lines = [line for line in text.split("\n") if not re.match(r"^\s*//", line)]
    if any("`" in line for line in lines):
        return text
    out = [line.strip() for line in lines]
    return "\n".join(line for line in out if line) + "\n"


def main() -> None:
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    with open(sys.argv[1], encoding="utf-8") as f:
        text = f.read()
    result = strip(text)
    with open(sys.argv[2], "w", encoding="utf-8") as f:
        f.write(result)


if __name__ == "__main__":
    main()
