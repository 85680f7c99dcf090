// How documents name criteria: numbers a title carries itself, row labels, screen labels.
#include "report_parts.h"

#include <cstring>

namespace qis {
namespace doc {

// A title that carries the document's own number: "1. 运营情况", "12）服务数量", "一、运营情况".
bool title_numbered(const std::string& t) {
  if (t.empty()) return false;
  if (t[0] >= '0' && t[0] <= '9') return true;
  if (t[0] == '(') return true;
  for (const char* p : {"（", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"}) {
    const std::string prefix = p;
    if (t.compare(0, prefix.size(), prefix) != 0) continue;
    if (prefix == "（") return true;
    // A Chinese numeral is a number only when "、" follows it (一、二、…十、).
    const auto mark = t.find("、");
    return mark != std::string::npos && mark <= 3 * 2;
  }
  return false;
}

// The rubric numbers its rows in the titles themselves: no separate 编号 column.
bool rubric_titles_numbered(const Rubric& rb) {
  if (rb.indicators.empty()) return false;
  for (auto& n : rb.indicators)
    if (!title_numbered(n.title)) return false;
  return true;
}

// A row's label: the title where it carries its number, else "id title".
std::string row_label(const Node& n) { return title_numbered(n.title) ? n.title : n.id + " " + n.title; }

}  // namespace doc

using namespace doc;

std::string title_without_number(const std::string& title) {
  if (!title_numbered(title)) return title;
  std::size_t i = 0;
  const auto skip = [&](const char* s) {
    const std::size_t n = std::strlen(s);
    if (title.compare(i, n, s) != 0) return false;
    i += n;
    return true;
  };
  if (title[0] >= '0' && title[0] <= '9') {
    while (i < title.size() && title[i] >= '0' && title[i] <= '9') ++i;
    for (const char* mark : {")", "）", ".", "．", "、"})
      if (skip(mark)) break;
  } else {
    for (const auto& [open, close] : {std::pair<const char*, const char*>{"(", ")"}, {"（", "）"}, {"", "、"}}) {
      if (!skip(open)) continue;
      const auto end = title.find(close, i);
      if (end == std::string::npos) return title;
      i = end + std::strlen(close);
      break;
    }
  }
  while (skip(" ") || skip("\xE3\x80\x80")) {}  // spaces, ideographic spaces
  return i < title.size() ? title.substr(i) : title;
}

std::string screen_label(const Node& n) { return n.id + " " + title_without_number(n.title); }

std::string node_label(const Node& n) {
  return title_numbered(n.title) ? "“" + n.title + "”" : "“" + n.title + "”（" + n.id + "）";
}

}  // namespace qis
