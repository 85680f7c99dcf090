// The application and declaration forms (湖南 附录B, 武汉 第十四条（一）, 崇明 附件2), laid out from
// their rows in the rubric file.
#include "report_parts.h"

#include <algorithm>

#include "profile.h"

namespace qis {
namespace doc {

// A form (application or declaration) from its rows in the rubric file.
std::string form_html(const DocumentInput& in, DocumentKind kind) {
  const Rubric& rb = *in.rubric;
  const Assessment& a = *in.assessment;
  const ScoreReport self = score(rb, a, in.today);
  const DocumentSpec& spec = spec_of(rb, kind);
  const std::string title = document_title(rb, kind);
  std::string s = page_open(station_title(a) + " " + title, false);
  if (!spec.cover_title.empty()) s += cover(lines_html(spec.cover_title), cover_fields(in, spec.cover, in.date, self));

  // The rubric names no form of this kind: every profile field it asks, and the self score.
  std::vector<std::vector<FormCell>> rows = spec.rows;
  if (rows.empty()) {
    for (auto& f : profile_fields()) {
      std::string label = f.label;
      bool asked = rb.procedure.profile.empty();
      for (auto& ask : rb.procedure.profile)
        if (ask.field == f.id) {
          asked = true;
          if (!ask.label.empty()) label = ask.label;
        }
      if (asked) rows.push_back({FormCell{label, f.id, "", "", "", f.kind == FieldKind::Multiline, ""}});
    }
    rows.push_back({FormCell{"自评得分", "", "self_score", "", "", false, ""}});
  }
  std::size_t width = 1;
  for (auto& row : rows) width = std::max(width, row.size());
  const std::size_t columns = 2 * width;

  s += "<h1>" + lines_html(spec.title.empty() ? title : spec.title) + "</h1>\n<table>\n";
  for (auto& row : rows) {
    s += "<tr>";
    if (row.size() == 1 && !row[0].seal.empty()) {
      s += "<td colspan=\"" + std::to_string(columns) + "\" class=\"tall\">" + esc(row[0].label) +
           "<br><br><br><br><br><br><div class=\"right\">" + esc(row[0].seal) +
           "&emsp;&emsp;&emsp;&emsp;&emsp;&emsp;年&emsp;&emsp;月&emsp;&emsp;日</div></td></tr>\n";
      continue;
    }
    for (std::size_t k = 0; k < row.size(); ++k) {
      const FormCell& c = row[k];
      const std::size_t span = k + 1 == row.size() ? columns - 2 * row.size() + 1 : 1;
      std::string attrs = span > 1 ? " colspan=\"" + std::to_string(span) + "\"" : "";
      if (c.tall) attrs += " class=\"pre tall\"";
      else if (c.field == "goals" || c.field == "summary") attrs += " class=\"pre\"";
      s += "<td class=\"label\">" + esc(c.label) + "</td><td" + attrs + ">" + cell_value(in, c, in.date, self) + "</td>";
    }
    s += "</tr>\n";
  }
  s += "</table>\n";
  if (!spec.notes.empty()) {
    s += "<div class=\"note\">";
    if (!spec.notes_title.empty()) s += "<b>" + esc(spec.notes_title) + "</b><br>";
    for (std::size_t i = 0; i < spec.notes.size(); ++i) s += (i ? "<br>" : "") + esc(spec.notes[i]);
    s += "</div>\n";
  }
  return s + page_close(in);
}

}  // namespace doc

using namespace doc;

std::string application_form_html(const DocumentInput& in) { return form_html(in, DocumentKind::Application); }

std::string declaration_form_html(const DocumentInput& in) { return form_html(in, DocumentKind::Declaration); }

}  // namespace qis
