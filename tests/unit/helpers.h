// Shared test helpers: load a bundled rubric, build an assessment from JSON answers, score it.
#pragma once
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "rubric.h"
#include "scoring.h"

namespace qis_test {

// `needle` occurs in `haystack`: what most tests ask of a message or a document.
inline bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Loads rubrics/<id>.json; fails the test with the loader's message if it does not load.
inline qis::Rubric rubric(const std::string& id) {
  auto r = qis::load_rubric(read_file(std::string(QIS_RUBRIC_DIR) + "/" + id + ".json"), id + ".json");
  if (!r) throw std::runtime_error(r.error().message);
  return std::move(r).value();
}

// An assessment of `rb` whose answers are the given JSON object {criterion id: answer}.
inline qis::Assessment assessment(const qis::Rubric& rb, const char* answers_json) {
  qis::Assessment a;
  a.rubric_id = rb.id;
  a.rubric_version = rb.version;
  const qis::Json parsed = qis::Json::parse(answers_json);  // must outlive the items() range
  for (auto& [k, v] : parsed.items()) a.answers[k] = v;
  return a;
}

// Ids of the nodes whose title the document does not print (title_by_tool), in document order.
inline std::vector<std::string> tool_titled(const qis::Rubric& rb) {
  std::vector<std::string> out;
  struct Walk {
    std::vector<std::string>& out;
    void operator()(const qis::Node& n) {
      if (n.title_by_tool) out.push_back(n.id);
      for (auto& c : n.children) (*this)(c);
    }
  } walk{out};
  for (auto& n : rb.indicators) walk(n);
  return out;
}

inline qis::Milli pts(double p) { return static_cast<qis::Milli>(p * 1000.0 + (p >= 0 ? 0.5 : -0.5)); }

}  // namespace qis_test
