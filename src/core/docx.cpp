#include "docx.h"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <initializer_list>
#include <memory>
#include <vector>

#include "qr.h"
#include "safe_text.h"

namespace qis {
namespace {

// ---- a tree of report.cpp's HTML -------------------------------------------------------------

struct Element {
  std::string tag;    // "" for a text node
  std::string text;   // text nodes: decoded
  std::string cls;    // class attribute
  std::string qr;     // <svg class="qr" data-qr="…">
  int colspan = 1;
  int width = 0;      // <col data-w="…">: per mille of the line (report_page.cpp colgroup())
  std::vector<Element> children;
  bool has_class(const char* c) const {
    const std::string padded = " " + cls + " ";
    return padded.find(" " + std::string(c) + " ") != std::string::npos;
  }
};

std::string decode_entities(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '&') {
      out += s[i];
      continue;
    }
    const auto semi = s.find(';', i);
    if (semi == std::string_view::npos || semi - i > 8) {
      out += '&';
      continue;
    }
    const std::string_view name = s.substr(i + 1, semi - i - 1);
    if (name == "amp") out += '&';
    else if (name == "lt") out += '<';
    else if (name == "gt") out += '>';
    else if (name == "quot") out += '"';
    else if (name == "#39") out += '\'';
    else if (name == "nbsp") out += "\xC2\xA0";
    else if (name == "emsp") out += "\xE2\x80\x83";
    else {
      out += '&';
      continue;
    }
    i = semi;
  }
  return out;
}

std::string attribute(std::string_view tag, const char* name) {
  const std::string key = std::string(" ") + name + "=\"";
  const auto at = tag.find(key);
  if (at == std::string_view::npos) return "";
  const auto from = at + key.size();
  const auto to = tag.find('"', from);
  return to == std::string_view::npos ? "" : decode_entities(tag.substr(from, to - from));
}

bool is_void(const std::string& tag) { return tag == "br" || tag == "meta" || tag == "rect" || tag == "path" || tag == "col"; }

// Parses <body>…</body>; <head> (title, style) is skipped.
Element parse_body(std::string_view html) {
  Element root;
  root.tag = "body";
  const auto body = html.find("<body>");
  std::size_t i = body == std::string_view::npos ? 0 : body + 6;
  std::vector<Element*> stack{&root};
  while (i < html.size()) {
    if (html[i] != '<') {
      const auto next = html.find('<', i);
      const std::string_view raw = html.substr(i, (next == std::string_view::npos ? html.size() : next) - i);
      if (raw.find_first_not_of(" \n") != std::string_view::npos) {
        Element t;
        t.text = decode_entities(raw);
        stack.back()->children.push_back(std::move(t));
      }
      i = next == std::string_view::npos ? html.size() : next;
      continue;
    }
    const auto close = html.find('>', i);
    if (close == std::string_view::npos) break;
    const std::string_view tag = html.substr(i, close + 1 - i);
    i = close + 1;
    if (tag.size() > 1 && tag[1] == '/') {
      const std::string name(tag.substr(2, tag.size() - 3));
      if (name == "body") break;
      // Close up to the matching element (our HTML is well formed; this only guards the loop).
      for (std::size_t d = stack.size(); d-- > 1;)
        if (stack[d]->tag == name) {
          stack.resize(d);
          break;
        }
      continue;
    }
    auto end = tag.find_first_of(" />", 1);
    Element e;
    e.tag = std::string(tag.substr(1, end - 1));
    e.cls = attribute(tag, "class");
    const std::string span = attribute(tag, "colspan");
    if (!span.empty()) e.colspan = std::max(1, std::atoi(span.c_str()));
    const std::string w = attribute(tag, "data-w");
    if (!w.empty()) e.width = std::max(1, std::atoi(w.c_str()));
    if (e.tag == "svg") {
      e.qr = attribute(tag, "data-qr");
      const auto svg_end = html.find("</svg>", i);
      i = svg_end == std::string_view::npos ? html.size() : svg_end + 6;
      stack.back()->children.push_back(std::move(e));
      continue;
    }
    const bool self_closing = tag.size() > 2 && tag[tag.size() - 2] == '/';
    stack.back()->children.push_back(std::move(e));
    if (!is_void(stack.back()->children.back().tag) && !self_closing) stack.push_back(&stack.back()->children.back());
  }
  return root;
}

// ---- WordprocessingML ------------------------------------------------------------------------

constexpr long kQrEmu = static_cast<long>(kQrSideMm) * 36000;  // as the HTML draws it

// Appends the pieces in one call: no chain of temporaries (each one costs code in the web app).
void put(std::string& out, std::initializer_list<std::string_view> pieces) {
  for (std::string_view p : pieces) out.append(p.data(), p.size());
}

struct RunStyle {
  bool bold = false;
  int half_points = 0;  // 0: the document default (10.5 pt)
  bool pre = false;     // inside class="pre" (white-space: pre-wrap): "\n" breaks the line, else a space
  const char* font = nullptr;  // titles: 黑体 (SimHei); nullptr: the paragraph's style
};

// Width of text on paper in half-ideographs: a hanzi or a full-width mark 2, ASCII 1.
int text_width(std::string_view s) {
  int w = 0;
  for (unsigned char c : s) {
    if (c < 0x80) w += 1;
    else if (c >= 0xE0) w += 2;  // lead byte of a three- or four-byte sequence: CJK and full-width
  }
  return w;
}

int element_text_width(const Element& e) {
  int w = text_width(e.text);
  for (auto& c : e.children) w += element_text_width(c);
  return w;
}

struct Writer {
  std::string body;
  int line_twips = 8844;  // text width: A4 portrait less 28 + 26 mm (landscape: 225 mm)
  int table_depth = 0;    // paragraphs inside a table take the table style (宋体)
  bool has_qr = false;
  std::string qr_text;

  std::string run(const std::string& text, const RunStyle& st) const {
    std::string r = "<w:r>";
    if (st.bold || st.half_points || st.font) {
      r += "<w:rPr>";
      if (st.font) put(r, {"<w:rFonts w:ascii=\"", st.font, "\" w:hAnsi=\"", st.font, "\" w:eastAsia=\"", st.font, "\"/>"});
      if (st.bold) r += "<w:b/>";
      if (st.half_points) {
        const std::string hp = std::to_string(st.half_points);
        put(r, {"<w:sz w:val=\"", hp, "\"/><w:szCs w:val=\"", hp, "\"/>"});
      }
      r += "</w:rPr>";
    }
    // A line break inside text is a <w:br/> between pieces of text (a "\n" in <w:t> is a space to Word).
    std::string escaped = html_escape(text);  // valid XML 1.0 whatever the HTML held (safe_text.h)
    if (!st.pre) std::replace(escaped.begin(), escaped.end(), '\n', ' ');  // as HTML shows it outside pre
    const std::string_view t = escaped;
    std::size_t from = 0;
    for (std::size_t nl; (nl = t.find('\n', from)) != std::string_view::npos; from = nl + 1)
      put(r, {"<w:t xml:space=\"preserve\">", t.substr(from, nl - from), "</w:t><w:br/>"});
    put(r, {"<w:t xml:space=\"preserve\">", t.substr(from), "</w:t></w:r>"});
    return r;
  }

  std::string image_run() {
    has_qr = true;
    const std::string e = std::to_string(kQrEmu);
    std::string r;
    put(r, {"<w:r><w:drawing><wp:inline distT=\"0\" distB=\"0\" distL=\"0\" distR=\"0\"><wp:extent cx=\"", e, "\" cy=\"", e,
            "\"/><wp:docPr id=\"1\" name=\"QR\" descr=\"数据包 SHA-256 二维码\"/><a:graphic><a:graphicData "
            "uri=\"http://schemas.openxmlformats.org/drawingml/2006/picture\"><pic:pic><pic:nvPicPr><pic:cNvPr id=\"1\" "
            "name=\"qr.png\"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed=\"rIdQr\"/><a:stretch><a:fillRect/>"
            "</a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"", e, "\" cy=\"", e,
            "\"/></a:xfrm><a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic>"
            "</wp:inline></w:drawing></w:r>"});
    return r;
  }

  // Runs of an element's inline content.
  void inline_runs(const Element& e, RunStyle st, std::string& out) {
    if (e.tag.empty()) {
      out += run(e.text, st);
      return;
    }
    if (e.tag == "br") {
      out += "<w:r><w:br/></w:r>";
      return;
    }
    if (e.tag == "svg") {
      if (!e.qr.empty()) {
        qr_text = e.qr;
        out += image_run();
      }
      return;
    }
    if (e.tag == "b" || e.tag == "th" || e.has_class("flag") || e.has_class("label")) st.bold = true;
    if (e.has_class("pre")) st.pre = true;
    if (e.has_class("note") || e.has_class("hint") || e.has_class("rule") || e.has_class("comments")) st.half_points = 18;
    bool after_block = false;
    for (auto& c : e.children) {
      // A block inside inline content (a <div class="hint"> in a cell) stands on its own line.
      const bool block_child = c.tag == "div" || c.tag == "p";
      if ((block_child || after_block) && !out.empty()) out += "<w:r><w:br/></w:r>";
      inline_runs(c, st, out);
      after_block = block_child;
    }
  }

  static bool is_block(const Element& e) {
    return e.tag == "h1" || e.tag == "h2" || e.tag == "p" || e.tag == "div" || e.tag == "table" || e.tag == "ul" || e.tag == "ol";
  }

  static bool has_block_child(const Element& e) {
    for (auto& c : e.children)
      if (is_block(c) && c.tag != "div") return true;
    return false;
  }

  std::string paragraph(const std::string& runs, const char* jc, bool page_break_before = false, int space_after = 60,
                        bool keep_next = false) {
    std::string p = "<w:p><w:pPr>";
    if (table_depth > 0) p += "<w:pStyle w:val=\"TableText\"/>";
    if (keep_next) p += "<w:keepNext/>";
    if (page_break_before) p += "<w:pageBreakBefore/>";
    put(p, {"<w:spacing w:after=\"", std::to_string(space_after), "\"/>"});
    if (*jc) put(p, {"<w:jc w:val=\"", jc, "\"/>"});
    put(p, {"</w:pPr>", runs, "</w:p>"});
    return p;
  }

  void table(const Element& t, std::string& out) {
    ++table_depth;
    std::vector<const Element*> rows;
    for (auto& c : t.children) {
      if (c.tag == "tr") rows.push_back(&c);
      if (c.tag == "thead" || c.tag == "tbody")
        for (auto& r : c.children)
          if (r.tag == "tr") rows.push_back(&r);
    }
    int columns = 1;
    for (auto* r : rows) {
      int n = 0;
      for (auto& cell : r->children) n += cell.colspan;
      columns = std::max(columns, n);
    }
    const bool borderless = t.has_class("fields") || t.has_class("header");
    const char* border = borderless ? "none" : "single";
    put(out, {"<w:tbl><w:tblPr><w:tblW w:w=\"5000\" w:type=\"pct\"/><w:tblLayout w:type=\"fixed\"/>", t.has_class("fields") ? "<w:jc w:val=\"center\"/>" : "",
              "<w:tblBorders>"});
    for (const char* side : {"top", "left", "bottom", "right", "insideH", "insideV"})
      put(out, {"<w:", side, " w:val=\"", border, "\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>"});
    out += "</w:tblBorders><w:tblCellMar><w:left w:w=\"80\" w:type=\"dxa\"/><w:right w:w=\"80\" w:type=\"dxa\"/></w:tblCellMar>"
           "</w:tblPr><w:tblGrid>";
    // Column widths: the document's own (<col data-w>), else from the widest text of each column, so a
    // number, a date or a 文号 never breaks inside for want of room.
    std::vector<int> weight(static_cast<std::size_t>(columns), 0);
    for (auto& c : t.children)
      if (c.tag == "colgroup") {
        std::size_t i = 0;
        for (auto& col : c.children)
          if (col.tag == "col" && i < weight.size()) weight[i++] = col.width;
      }
    if (std::find(weight.begin(), weight.end(), 0) != weight.end()) {
      std::fill(weight.begin(), weight.end(), 4);
      for (auto* r : rows) {
        std::size_t i = 0;
        for (auto& cell : r->children) {
          if (cell.tag != "td" && cell.tag != "th") continue;
          if (cell.colspan == 1 && i < weight.size()) weight[i] = std::max(weight[i], std::min(40, element_text_width(cell) + 2));
          i += static_cast<std::size_t>(cell.colspan);
        }
      }
    }
    int weight_sum = 0;
    for (int w : weight) weight_sum += w;
    std::vector<int> twips;
    for (int w : weight) twips.push_back(line_twips * w / std::max(1, weight_sum));
    for (int w : twips) put(out, {"<w:gridCol w:w=\"", std::to_string(w), "\"/>"});
    out += "</w:tblGrid>";
    for (auto* r : rows) {
      const bool header_row = [&] {
        for (auto& c : t.children)
          if (c.tag == "thead")
            for (auto& x : c.children)
              if (&x == r) return true;
        return false;
      }();
      const bool group = r->has_class("group");
      const bool short_row = r->has_class("short");
      // A row never splits over two pages; header rows repeat on every page the table reaches.
      put(out, {"<w:tr><w:trPr><w:cantSplit/>", header_row ? "<w:tblHeader/>" : "", short_row ? "<w:trHeight w:val=\"680\"/>" : "",
                "</w:trPr>"});
      std::size_t column = 0;
      for (auto& cell : r->children) {
        if (cell.tag != "td" && cell.tag != "th") continue;
        const bool shade = !borderless && (cell.tag == "th" || cell.has_class("label") || group);
        int cell_twips = 0;
        for (int k = 0; k < cell.colspan && column < twips.size(); ++k) cell_twips += twips[column++];
        put(out, {"<w:tc><w:tcPr><w:tcW w:w=\"", std::to_string(cell_twips), "\" w:type=\"dxa\"/>"});
        if (cell.colspan > 1) put(out, {"<w:gridSpan w:val=\"", std::to_string(cell.colspan), "\"/>"});
        put(out, {shade ? "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"F2F2F2\"/>" : "",
                  borderless && cell.tag == "td" ? "<w:tcBorders><w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/></w:tcBorders>" : "",
                  "</w:tcPr>"});
        const char* jc = cell.has_class("num") ? "right" : cell.has_class("center") ? "center" : "";
        RunStyle st;
        st.bold = group || cell.tag == "th" || cell.has_class("label");
        if (borderless) st.half_points = t.has_class("fields") ? 28 : 0;
        std::string content;
        if (cell.has_class("tall")) {
          // An opinion box or a tall answer: the room to write in by hand.
          std::string runs;
          inline_runs(cell, st, runs);
          put(content, {"<w:p><w:pPr><w:spacing w:after=\"0\"/></w:pPr>", runs,
                         "</w:p><w:p><w:pPr><w:spacing w:before=\"1200\" w:after=\"0\"/></w:pPr></w:p>"});
        } else if (has_block_child(cell)) {
          if (cell.has_class("comments")) st.half_points = 18;
          for (auto& c : cell.children) block(c, st, content);
        } else {
          std::string runs;
          inline_runs(cell, st, runs);
          content = paragraph(runs, jc, false, 0);
        }
        if (content.empty()) content = "<w:p/>";
        put(out, {content, "</w:tc>"});
      }
      out += "</w:tr>";
    }
    --table_depth;
    put(out, {"</w:tbl>", paragraph("", "", false, 0)});
  }

  void block(const Element& e, RunStyle st, std::string& out) {
    if (e.tag.empty() || e.tag == "b" || e.tag == "span" || e.tag == "br" || e.tag == "svg") {
      std::string runs;
      inline_runs(e, st, runs);
      out += paragraph(runs, "");
      return;
    }
    if (e.tag == "h1") {
      std::string runs;
      inline_runs(e, RunStyle{false, 36, false, "SimHei"}, runs);
      out += paragraph(runs, "center", false, 240, true);
    } else if (e.tag == "h2") {
      std::string runs;
      inline_runs(e, RunStyle{false, 28, false, "SimHei"}, runs);
      put(out, {"<w:p><w:pPr><w:keepNext/><w:spacing w:before=\"240\" w:after=\"120\"/></w:pPr>", runs, "</w:p>"});
    } else if (e.tag == "p") {
      std::string runs;
      inline_runs(e, st, runs);
      out += paragraph(runs, e.has_class("center") ? "center" : e.has_class("right") ? "right" : "");
    } else if (e.tag == "table") {
      table(e, out);
    } else if (e.tag == "ul" || e.tag == "ol") {
      int n = 0;
      for (auto& li : e.children) {
        if (li.tag != "li") continue;
        std::string runs = run(e.tag == "ol" ? std::to_string(++n) + ". " : "• ", st);
        inline_runs(li, st, runs);
        out += paragraph(runs, "");
      }
    } else if (e.tag == "div" && e.has_class("cover")) {
      // The cover page: the title low on the page, the fields, then a page break.
      out += "<w:p><w:pPr><w:spacing w:before=\"2400\" w:after=\"1600\"/><w:jc w:val=\"center\"/></w:pPr>";
      for (auto& c : e.children)
        if (c.has_class("title")) inline_runs(c, RunStyle{false, 48, false, "SimHei"}, out);
      out += "</w:p>";
      for (auto& c : e.children)
        if (c.tag == "table") table(c, out);
      out += "<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>";
    } else if (e.tag == "div" && e.has_class("binding")) {
      // The QR code and the hash stay together, on the page of the signatures before them.
      for (std::size_t i = 0; i < e.children.size(); ++i) {
        const Element& c = e.children[i];
        const bool last = i + 1 == e.children.size();
        std::string runs;
        inline_runs(c, c.tag == "svg" ? st : RunStyle{false, 18}, runs);
        put(out, {"<w:p><w:pPr>", last ? "" : "<w:keepNext/>", "<w:keepLines/><w:spacing w:before=\"", c.tag == "svg" ? "240" : "0",
                  "\" w:after=\"60\"/></w:pPr>", runs, "</w:p>"});
      }
    } else if (e.tag == "div") {
      if (e.has_class("note") || e.has_class("hint") || e.has_class("rule")) st.half_points = 18;
      if (has_block_child(e)) {
        for (auto& c : e.children) block(c, st, out);
      } else {
        std::string runs;
        inline_runs(e, st, runs);
        // The signature block keeps with the QR block after it and with the paragraph before it: never a
        // page of signatures alone.
        if (e.has_class("sign")) {
          const auto last = out.rfind("<w:p><w:pPr>");
          if (last != std::string::npos && out.compare(last, 25, "<w:p><w:pPr><w:keepNext/>") != 0 &&
              out.find("</w:tbl>", last) == std::string::npos)
            out.insert(last + 12, "<w:keepNext/>");
        }
        out += paragraph(runs, e.has_class("right") ? "right" : e.has_class("center") ? "center" : "",
                         false, e.has_class("sign") ? 120 : 60, e.has_class("sign"));
      }
    } else {
      for (auto& c : e.children) block(c, st, out);
    }
  }
};

// ---- PNG without zlib: a 1-bit image in stored (uncompressed) deflate blocks -------------------
// The web app has no zlib; a QR code at 1 bit per pixel is small enough stored (about 17 KB),
// and the .docx zip deflates it again where the container is compressed (natively).

std::uint32_t crc32_of(std::string_view bytes) {  // ISO 3309 / PNG CRC, polynomial 0xEDB88320
  std::uint32_t c = 0xFFFFFFFFu;
  for (unsigned char b : bytes) {
    c ^= b;
    for (int k = 0; k < 8; ++k) c = (c & 1u) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
  }
  return c ^ 0xFFFFFFFFu;
}

void put_be32(std::string& out, std::uint32_t v) {
  for (int s = 24; s >= 0; s -= 8) out += static_cast<char>((v >> s) & 0xFFu);
}

// A zlib stream (RFC 1950) of `raw` in stored deflate blocks (RFC 1951 3.2.4).
std::string zlib_stored(std::string_view raw) {
  std::string out = "\x78\x01";
  std::size_t at = 0;
  do {
    const std::size_t n = std::min<std::size_t>(raw.size() - at, 65535);
    const bool last = at + n == raw.size();
    out += static_cast<char>(last ? 1 : 0);
    const auto len = static_cast<std::uint16_t>(n), nlen = static_cast<std::uint16_t>(~n & 0xFFFFu);
    out += static_cast<char>(len & 0xFF);
    out += static_cast<char>(len >> 8);
    out += static_cast<char>(nlen & 0xFF);
    out += static_cast<char>(nlen >> 8);
    out.append(raw.substr(at, n));
    at += n;
  } while (at < raw.size());
  std::uint32_t a = 1, b = 0;  // Adler-32
  for (unsigned char c : raw) {
    a = (a + c) % 65521u;
    b = (b + a) % 65521u;
  }
  put_be32(out, (b << 16) | a);
  return out;
}

void png_chunk(std::string& out, const char* type, const std::string& data) {
  put_be32(out, static_cast<std::uint32_t>(data.size()));
  const std::string typed = std::string(type) + data;
  out += typed;
  put_be32(out, crc32_of(typed));
}

const char* kStyles =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<w:styles xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
    // 仿宋 body (FangSong: the name Windows and WPS give it), 宋体 tables, 黑体 titles (GB/T 9704).
    "<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii=\"FangSong\" w:hAnsi=\"FangSong\" w:eastAsia=\"FangSong\" w:cs=\"FangSong\"/>"
    "<w:sz w:val=\"24\"/><w:szCs w:val=\"24\"/><w:lang w:val=\"zh-CN\" w:eastAsia=\"zh-CN\"/></w:rPr></w:rPrDefault>"
    "<w:pPrDefault><w:pPr><w:spacing w:after=\"60\" w:line=\"300\" w:lineRule=\"auto\"/></w:pPr></w:pPrDefault></w:docDefaults>"
    "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/></w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"TableText\"><w:name w:val=\"Table Text\"/><w:basedOn w:val=\"Normal\"/>"
    "<w:rPr><w:rFonts w:ascii=\"SimSun\" w:hAnsi=\"SimSun\" w:eastAsia=\"SimSun\" w:cs=\"SimSun\"/><w:sz w:val=\"21\"/>"
    "<w:szCs w:val=\"21\"/></w:rPr></w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"Footer\"><w:name w:val=\"footer\"/><w:basedOn w:val=\"Normal\"/>"
    "<w:pPr><w:jc w:val=\"center\"/></w:pPr><w:rPr><w:sz w:val=\"24\"/></w:rPr></w:style>"
    "<w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\"><w:name w:val=\"Normal Table\"/><w:tblPr>"
    "<w:tblCellMar><w:left w:w=\"80\" w:type=\"dxa\"/><w:right w:w=\"80\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style>"
    "</w:styles>";

// "— N —" under every page: Word, WPS and LibreOffice fill the PAGE field as they lay the pages out.
const char* kFooter =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<w:ftr xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:p><w:pPr><w:pStyle w:val=\"Footer\"/>"
    "<w:jc w:val=\"center\"/></w:pPr><w:r><w:t xml:space=\"preserve\">— </w:t></w:r><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>"
    "<w:r><w:instrText xml:space=\"preserve\"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>"
    "<w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r><w:r><w:t xml:space=\"preserve\"> —</w:t></w:r></w:p></w:ftr>";

}  // namespace

std::string qr_png(std::string_view text, int scale) {
  const QrMatrix m = qr_encode(text);
  if (m.size == 0 || scale < 1) return "";
  const int side = (m.size + 2 * kQrQuietZone) * scale;
  const std::size_t row_bytes = (static_cast<std::size_t>(side) + 7) / 8;
  std::string raw;
  raw.reserve(static_cast<std::size_t>(side) * (row_bytes + 1));
  for (int y = 0; y < side; ++y) {
    raw += '\0';  // filter type 0 (none) for every scanline
    std::string row(row_bytes, '\0');
    for (int x = 0; x < side; ++x) {
      const int mx = x / scale - kQrQuietZone, my = y / scale - kQrQuietZone;
      const bool dark = mx >= 0 && my >= 0 && mx < m.size && my < m.size && m.at(mx, my);
      if (!dark) row[static_cast<std::size_t>(x / 8)] = static_cast<char>(row[static_cast<std::size_t>(x / 8)] | (0x80 >> (x % 8)));  // 1 = white
    }
    raw += row;
  }
  std::string png = "\x89PNG\r\n\x1a\n";
  std::string ihdr;
  put_be32(ihdr, static_cast<std::uint32_t>(side));
  put_be32(ihdr, static_cast<std::uint32_t>(side));
  ihdr += std::string("\x01\x00\x00\x00\x00", 5);  // 1-bit greyscale, deflate, no filter, no interlace
  png_chunk(png, "IHDR", ihdr);
  png_chunk(png, "IDAT", zlib_stored(raw));
  png_chunk(png, "IEND", "");
  return png;
}

DocxParts docx_parts_from_html(std::string_view html) {
  const Element body = parse_body(html);
  Writer w;
  const bool landscape = html.find("@page { size: A4 landscape;") != std::string_view::npos;
  if (landscape) w.line_twips = 12756;  // 297 − 37 − 35 mm
  for (auto& c : body.children) w.block(c, RunStyle{}, w.body);
  // A4 in twentieths of a point; margins as the HTML's @page (GB/T 9704: 37 top, 35 bottom, 28 left,
  // 26 right; landscape 26/26 and 37/35 at the sides); the page number in the footer.
  const char* page = landscape ? "<w:pgSz w:w=\"16838\" w:h=\"11906\" w:orient=\"landscape\"/>" : "<w:pgSz w:w=\"11906\" w:h=\"16838\"/>";
  std::string document;
  put(document, {"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                 "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" "
                 "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\" "
                 "xmlns:wp=\"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing\" "
                 "xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" "
                 "xmlns:pic=\"http://schemas.openxmlformats.org/drawingml/2006/picture\"><w:body>",
                 w.body, "<w:sectPr><w:footerReference w:type=\"default\" r:id=\"rIdFooter\"/>", page,
                 landscape ? "<w:pgMar w:top=\"1474\" w:right=\"1984\" w:bottom=\"1474\" w:left=\"2098\" w:header=\"851\" w:footer=\"794\" w:gutter=\"0\"/>"
                           : "<w:pgMar w:top=\"2098\" w:right=\"1474\" w:bottom=\"1984\" w:left=\"1587\" w:header=\"851\" w:footer=\"1134\" w:gutter=\"0\"/>",
                 "</w:sectPr></w:body></w:document>"});
  std::string rels =
      "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
      "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
      "<Relationship Id=\"rIdStyles\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>"
      "<Relationship Id=\"rIdFooter\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer\" Target=\"footer1.xml\"/>";
  if (w.has_qr)
    rels += "<Relationship Id=\"rIdQr\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/image\" Target=\"media/qr.png\"/>";
  rels += "</Relationships>";
  DocxParts parts = {
      {"[Content_Types].xml",
       "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
       "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
       "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
       "<Default Extension=\"xml\" ContentType=\"application/xml\"/><Default Extension=\"png\" ContentType=\"image/png\"/>"
       "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
       "<Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>"
       "<Override PartName=\"/word/footer1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml\"/>"
       "</Types>"},
      {"_rels/.rels",
       "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
       "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
       "<Relationship Id=\"rIdDoc\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" "
       "Target=\"word/document.xml\"/></Relationships>"},
      {"word/document.xml", document},
      {"word/styles.xml", kStyles},
      {"word/footer1.xml", kFooter},
      {"word/_rels/document.xml.rels", rels},
  };
  if (w.has_qr) parts.push_back({"word/media/qr.png", qr_png(w.qr_text, 8)});
  return parts;
}

DocxParts render_document_docx_parts(DocumentKind kind, const DocumentInput& in) {
  return docx_parts_from_html(render_document(kind, in));
}

}  // namespace qis
