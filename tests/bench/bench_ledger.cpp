// Benchmark (not a test): generates a service ledger of 10,000 records (1,000 enterprises, every
// record type), saves it as Excel on Chinese Windows would (GB18030 CSV, CRLF), then imports it
// and rescores the Chongming rubric from the ledger. Prints the median of N runs as
//   ledger_import_10k: <ms> ms
// and the parts (UTF-8 import, GB18030 import, rescore) on stderr.
// Usage: qis_bench_ledger [N]   (default 5)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <unordered_map>
#include <vector>

#include "bundled.h"
#include "csv.h"
#include "gb18030.h"
#include "ledger_csv.h"
#include "scoring.h"

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// 10,000 records in the export layout, deterministic.
std::string generate_csv() {
  const char* sizes[] = {"大", "中", "小", "微", ""};
  const char* categories[] = {"集中宣贯和培训", "质量提升咨询或技术服务", "产学研合作、仪器设备共享、科技成果转化", "其他服务"};
  const char* modes[] = {"集中培训", "上门指导、专家指导", "专家授课", "其他（线上直播）"};
  std::vector<qis::CsvRow> rows;
  rows.push_back({"序号", "记录类型", "企业名称", "企业地址", "联系人", "联系电话", "企业规模", "日期", "服务需求", "类别",
                  "服务方式", "服务次数", "单次投入费用（万元）", "服务成效", "名称", "编号", "机构", "级别"});
  for (int i = 0; i < 10000; ++i) {
    const int e = i % 1000;
    const bool first = i < 1000;
    const std::string name = "上海测试" + std::to_string(e) + "号精密制造有限公司";
    char date[32];
    std::snprintf(date, sizeof date, "%04d-%02d-%02d", 2023 + (i / 7) % 2, 1 + i % 12, 1 + i % 28);
    qis::CsvRow row = {std::to_string(i + 1), "", name, first ? "上海市松江区九亭镇测试路" + std::to_string(e) + "号" : "",
                       first ? "张三" : "", first ? "021-5700" + std::to_string(1000 + e) : "", first ? sizes[e % 5] : "",
                       date, "", "", "", "", "", "", "", "", "", ""};
    const int kind = i % 20;
    if (kind < 14) {  // 70 % services
      row[1] = "服务记录";
      row[8] = "质量技术服务需求第" + std::to_string(i) + "项";
      row[9] = categories[i % 4];
      row[10] = modes[i % 4];
      row[11] = std::to_string(1 + i % 3);
      row[12] = "0.5";
      row[13] = "提高质量管理水平、其他（缩短交期）";
    } else if (kind < 16) {
      row[1] = "证书报告";
      row[9] = "检验检测报告";
      row[15] = "JC-" + std::to_string(i);
      row[16] = "上海市质量监督检验技术研究院";
    } else if (kind < 18) {
      row[1] = "技术创新成果";
      row[9] = "标准化成果";
      row[14] = "团体标准" + std::to_string(i);
    } else if (kind < 19) {
      row[1] = "荣誉称号";
      row[9] = "专精特新";
      row[17] = "市级";
    } else {
      row[1] = "典型案例";
      row[14] = "典型案例" + std::to_string(i);
    }
    rows.push_back(std::move(row));
  }
  return qis::write_csv(rows);
}

// UTF-8 to GB18030 for the characters the generator uses (all in the two-byte table).
std::string to_gb18030(const std::string& utf8) {
  std::unordered_map<std::uint32_t, std::string> reverse;
  for (unsigned lead = 0x81; lead <= 0xFE; ++lead)
    for (unsigned trail = 0x40; trail <= 0xFE; ++trail)
      if (std::uint32_t cp = qis::gb18030_two_byte(lead, trail))
        reverse.emplace(cp, std::string{static_cast<char>(lead), static_cast<char>(trail)});
  std::string out;
  for (std::size_t i = 0; i < utf8.size();) {
    const unsigned char c = static_cast<unsigned char>(utf8[i]);
    if (c < 0x80) {
      out += utf8[i++];
      continue;
    }
    const std::size_t len = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    std::uint32_t cp = c & (len == 2 ? 0x1Fu : len == 3 ? 0x0Fu : 0x07u);
    for (std::size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(utf8[i + k]) & 0x3Fu);
    auto it = reverse.find(cp);
    if (it == reverse.end()) {
      std::fprintf(stderr, "bench: U+%04X has no two-byte GB18030 code\n", static_cast<unsigned>(cp));
      std::exit(1);
    }
    out += it->second;
    i += len;
  }
  return out;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  const int runs = argc > 1 ? std::max(1, std::atoi(argv[1])) : 5;
  std::vector<qis::Error> errors;
  const auto rubrics = qis::load_bundled_rubrics(&errors);
  const qis::Rubric* rubric = nullptr;
  for (auto& r : rubrics)
    if (r.id == "chongming-2024") rubric = &r;
  if (!rubric) {
    std::fprintf(stderr, "bench: the chongming-2024 rubric is not bundled\n");
    return 1;
  }
  const std::string utf8 = "\xEF\xBB\xBF" + generate_csv();
  const std::string gb = to_gb18030(utf8.substr(3));

  std::vector<double> total, utf8_import, gb_import, rescore;
  qis::Milli points = 0;
  for (int run = 0; run < runs; ++run) {
    auto t0 = Clock::now();
    auto u = qis::import_ledger_csv(utf8);
    utf8_import.push_back(ms_since(t0));

    t0 = Clock::now();
    auto g = qis::import_ledger_csv(gb);
    gb_import.push_back(ms_since(t0));
    if (!u.ok() || !g.ok() || !u.value().ok() || !g.value().ok() || g.value().ledger.records.size() != 10000) {
      std::fprintf(stderr, "bench: the generated ledger did not import cleanly\n");
      return 1;
    }
    qis::Assessment a;
    a.ledger = std::move(g.value().ledger);
    const auto t1 = Clock::now();
    const qis::ScoreReport rep = qis::score(*rubric, a);
    rescore.push_back(ms_since(t1));
    total.push_back(gb_import.back() + rescore.back());
    points = rep.total;
  }
  std::fprintf(stderr, "csv: %zu bytes UTF-8, %zu bytes GB18030; runs: %d; score from the ledger: %s\n", utf8.size(),
               gb.size(), runs, qis::format_milli(points).c_str());
  std::fprintf(stderr, "import UTF-8: %.1f ms, import GB18030: %.1f ms, rescore: %.2f ms (medians)\n", median(utf8_import),
               median(gb_import), median(rescore));
  std::printf("ledger_import_10k: %.1f ms\n", median(total));
  return 0;
}
