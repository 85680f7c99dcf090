// Evidence files read back: opened in a new tab with the browser's own viewer (PDF, images) or
// saved under their original name, after their SHA-256 is checked against the manifest entry.
// Used by the station's materials and item editor, the review editor and the panel.
#pragma once
#include <string>
#include <string_view>

#include "assessment.h"
#include "bundle.h"
#include "rubric.h"

namespace qis::ui {

// The content type the browser's own viewer can show safely, from the file's first bytes (not
// its name or declared type): "application/pdf", "image/png", "image/jpeg", "image/gif",
// "image/webp", "image/bmp"; "" for anything else (Word, Excel, SVG, HTML…), which is saved.
std::string viewable_type(std::string_view bytes);

enum class EvidenceAction { View, Save };

// Opens or saves `e`. The bytes are the embedded ones (a package under review) or those kept in
// this browser (the station's draft). A file whose size or SHA-256 differs from the entry is not
// opened: the message says so. A file the browser cannot show is saved instead of viewed.
void open_evidence(const EvidenceItem& e, EvidenceAction action);

// Why the file of `e` cannot be opened here, or "" when it can. With `check` (the entry of a
// package opened from a bundle, bundle_entry_checks) that bundle's own file decides: present but
// altered, missing from the bundle, unreadable; never a copy kept from another bundle.
std::string evidence_unavailable(const EvidenceItem& e, const BundleEntryCheck* check = nullptr);

// The 打开 and 保存 buttons of one entry, on the current line; disabled with the reason when the
// file itself is not at hand (evidence_unavailable).
void evidence_buttons(const EvidenceItem& e, const BundleEntryCheck* check = nullptr);
// Width of evidence_buttons(): whether they fit beside the file's line.
float evidence_buttons_width();

// One line per file: name, size, the start of its SHA-256, and the buttons; under it, in red, why
// a bundle's file is not opened (altered, missing, unreadable).
void evidence_row(const EvidenceItem& e, const BundleEntryCheck* check = nullptr);

// A 附件 button with the count that opens every file of the package in a popup, each with what it
// supports (criterion, condition or required material) and its 打开 / 保存 buttons. `checks`:
// bundle_entry_checks of the bundle the package came in, index-aligned with a.evidence.
void evidence_overview(const Assessment& a, const Rubric& rubric, const std::vector<BundleEntryCheck>* checks = nullptr);

}  // namespace qis::ui
