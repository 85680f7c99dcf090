// What the item screen (the station's self-assessment) and the review screen (an expert's
// scoring) share to show one criterion: the answer widget, the indicator tree with its pager,
// and the official wording.
#pragma once
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "rubric.h"
#include "scoring.h"

namespace qis::ui {

// answer_widget.cpp
using AnswerSink = std::function<void(const Json&)>;
// The input a criterion's rule kind needs; a valid answer goes to `sink`, an invalid one is
// refused with the reason shown under the widget, the field keeping what was typed. `clear`
// removes the answer: a value typed into an unanswered criterion on the way to a refused one
// (“6” of “6.3”) is taken back with it.
void answer_widget(const Node& n, const Json* answer, const AnswerSink& sink, const std::function<void()>& clear = {});
// Shows `message` under criterion `id`'s widget as the reason something was not accepted.
void show_widget_error(const std::string& id, const std::string& message);
void forget_widget_error(const std::string& id);
// After an undo or redo: every shown refusal belongs to an answer that may be gone.
void forget_all_widget_errors();

// criterion_tree.cpp
void draw_criterion_tree(const ScoreReport& report, std::string& selected);
// The tree beside the editor: always when wide, unless hidden when medium, never when narrow;
// call before the editor's child window.
void tree_beside_editor(const std::function<void()>& draw_tree);
// In the editor's header: 隐藏目录/显示目录 (medium), 目录 opening the tree as a drawer (narrow).
void tree_button(const std::function<void()>& draw_tree);
// The editor's header line: ← 上一项, 下一项 →, the tree's button and “第 i / n 项”; a click
// sets `selected` to the neighbour's id.
void editor_pager(const std::vector<const Node*>& criteria, std::size_t index, std::string& selected,
                  const std::function<void()>& draw_tree);

// official_text.cpp
void draw_official_text(const Node& n);

}  // namespace qis::ui
