// One function per screen; each lives in the file named after it.
#pragma once

namespace qis::ui {

void draw_start_screen();      // screen_start.cpp: pick a rubric, continue a draft, open a package
void draw_profile_screen();    // screen_profile.cpp: station profile and eligibility conditions
void draw_materials_screen();  // screen_materials.cpp: the submission checklist
void draw_items_screen();      // screen_items.cpp: the item editor
void draw_dashboard_screen();  // screen_dashboard.cpp: score, outcome and gap analysis
void draw_evidence_list(const char* target);  // screen_items.cpp: attached files of one target
void font_size_control();  // app.cpp: the 小/中/大 text size buttons, right-aligned on this line

}  // namespace qis::ui
