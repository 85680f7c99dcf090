// One function per screen; each lives in the file named after it.
#pragma once
#include <functional>
#include <string>

#include "rubric.h"
#include "scoring.h"

namespace qis::ui {

void draw_start_screen();      // screen_start.cpp: pick a rubric, continue a draft, open a package
void draw_profile_screen();    // screen_profile.cpp: station profile and eligibility conditions
void draw_materials_screen();  // screen_materials.cpp: the submission checklist
void draw_items_screen();      // screen_items.cpp: the item editor
void draw_dashboard_screen();  // screen_dashboard.cpp: score, outcome and gap analysis
void draw_evidence_list(const char* target);  // screen_items.cpp: attached files of one target
void message_banner();        // app.cpp: the message under the top bar, with 知道了 to dismiss it
void font_size_control();     // app.cpp: the 小/中/大 text size buttons, right-aligned on this line
void draw_review_screen();     // screen_review.cpp: evaluators open, verify and score packages
void draw_panel_screen();      // screen_panel.cpp: merge the experts' reviews of one package
struct ReviewPackage;
// screen_review.cpp, shared with the panel: what verification found, in view while scoring.
void verification_banner(const ReviewPackage& p);
// The banner line's width, 0 when there is none: whether it fits beside another line.
float verification_banner_width(const ReviewPackage& p);
void draw_reopen_dialog();     // dialog_reopen.cpp: a package of a station and rubric that already has a draft
void draw_ledger_screen();     // screen_ledger.cpp: the service ledger
void ledger_csv_arrived(const std::string& name, const std::string& bytes);  // screen_ledger.cpp: preview a CSV

// The pieces the item and review screens share are in criterion_editor.h.

}  // namespace qis::ui
