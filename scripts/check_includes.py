#!/usr/bin/env python3
"""The scoring core's floors: every file in src/core includes only headers on its own floor or
below, so the core reads bottom-up (text and numbers, then the rubric, the station's file, its
score, the evaluator's files, the documents). Exit 1 naming each include that runs back up.

A new header gets its floor in FLOORS; a .cpp file stands on its own header's floor."""
import pathlib
import re
import sys

FLOORS = {
    # 0: text, numbers, hashes, encodings, containers: no project header but error.h / points.h.
    0: ["error.h", "points.h", "sha256.h", "base64.h", "gb18030.h", "names.h", "safe_text.h",
        "text_encoding.h", "qr.h", "qr_build_web.h", "xlsx_write.h", "csv.h"],
    # 1: reading JSON, the fixed profile form (附件2 / 附录B).
    1: ["json_reader.h", "canonical_json.h", "profile.h"],
    # 2: a rubric's procedure as read from its file.
    2: ["procedure.h"],
    # 3: the rubric and its rules.
    3: ["rubric.h", "rules.h", "bundled.h"],
    # 4: the service ledger's model (it knows no rubric) and its CSV form.
    4: ["ledger.h", "ledger_csv.h", "ledger_csv_columns.h"],
    # 5: the station's file in memory.
    5: ["assessment.h"],
    # 6: what joins a rubric and a station's file: ledger counting, profile choices, procedure checks.
    6: ["ledger_count.h", "profile_choices.h", "procedure_checks.h", "evaluator_detail.h"],
    # 7: scoring, merging two edits of one draft.
    7: ["scoring.h", "merge.h"],
    # 8: the package file.
    8: ["package.h"],
    # 9: verifying packages and bundles.
    9: ["verify.h", "bundle.h"],
    # 10: one expert's review.
    10: ["review.h", "review_detail.h"],
    # 11: the panel.
    11: ["panel.h"],
    # 12: ranking.
    12: ["rank.h"],
    # 13: documents and workbooks made from all of the above.
    13: ["report.h", "report_parts.h", "evaluation_book.h"],
    14: ["docx.h"],
}


def main():
    root = pathlib.Path(__file__).resolve().parent.parent
    core = root / "src" / "core"
    floor = {name: f for f, names in FLOORS.items() for name in names}
    problems = []
    headers = {p.name for p in core.glob("*.h")}
    for h in sorted(headers - floor.keys()):
        problems.append(f"src/core/{h}: no floor; give it one in scripts/check_includes.py")
    include = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)
    for path in sorted(list(core.glob("*.h")) + list(core.glob("*.cpp"))):
        own = path.name if path.suffix == ".h" else path.stem + ".h"
        if own not in floor:
            # A .cpp without a header of its own (docx_zip.cpp): the highest floor it includes is its own.
            continue
        for name in include.findall(path.read_text(encoding="utf-8")):
            name = name.rsplit("/", 1)[-1]
            if name not in floor:
                continue  # generated or outside the core
            if floor[name] > floor[own]:
                problems.append(f"src/core/{path.name} (floor {floor[own]}) includes {name} (floor {floor[name]})")
    for p in problems:
        print(p)
    if problems:
        print(f"{len(problems)} include(s) run back up the core's floors", file=sys.stderr)
        return 1
    print(f"core includes: {len(floor)} headers on {len(FLOORS)} floors, none includes a higher one")
    return 0


if __name__ == "__main__":
    sys.exit(main())
