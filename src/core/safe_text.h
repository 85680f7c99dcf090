// Text from a station's or an expert's files on its way out (issue 16 item 7, issue 31 items 2
// and 3): onto one line (a terminal, a label on screen) or into a document (HTML, .docx). One
// rule for every output, so that a name cannot start a fake line, break a Word file or reorder
// the digest printed next to it.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace qis {

// The code point at `i` (advancing `i`), or -1 for a byte that does not start well-formed UTF-8
// (overlong forms and surrogates included; `i` then advances by one byte).
long next_code_point(std::string_view s, std::size_t& i);

// A bidirectional control: U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069.
bool is_bidi_control(long cp);

// A character that moves a terminal's cursor, changes its state or reorders text: C0 and C1
// controls, DEL, bidirectional controls, U+2028 and U+2029.
bool unsafe_on_one_line(long cp);

// Text for one line (a terminal, a file name on screen): every unsafe_on_one_line character and
// every byte of invalid UTF-8 replaced by U+FFFD, which shows that something was there.
std::string one_line_text(std::string_view text);

// Text for a document (HTML, .docx): valid XML 1.0 and inert on paper. Line breaks ("\r\n", "\r",
// U+000B vertical tab, U+000C, U+0085, U+2028, U+2029) become "\n"; tab is kept; other C0 and C1
// controls, DEL, bidirectional controls, noncharacters (U+FFFE, U+FFFF, …) and invalid UTF-8
// become U+FFFD.
std::string document_text(std::string_view text);

// document_text escaped for XML and HTML text and attribute values (& < > " '): what every
// document format writes (HTML, .docx, .xlsx).
std::string markup_text(std::string_view text);

// What document_text changes in `text`, beyond "\r\n" (the usual line break, not worth a word):
// how many characters, and the first one (its code point, -1 for invalid UTF-8).
struct TextChanges {
  std::size_t count = 0;
  long first = 0;
  bool first_is_line_break = false;  // the first became "\n" (else U+FFFD)
};
TextChanges document_text_changes(std::string_view text);

// "U+000B 垂直制表符，按换行处理", "U+202E 文字方向控制符，显示为“�”": the first change, for a message.
std::string describe_text_change(const TextChanges& c);

}  // namespace qis
