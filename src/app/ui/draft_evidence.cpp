// The draft's evidence: files attached to criteria, kept in the browser's storage (or by the
// page) so an export can embed them, and what storage space is left for them.
#include "state.h"

#include <algorithm>

#include "base64.h"
#include "package.h"
#include "platform.h"
#include "sha256.h"
#include "widgets.h"
#include "state_detail.h"

namespace qis::ui {

using namespace detail;

std::optional<std::string> stored_evidence_base64(const std::string& sha256) { return P().storage_get(kBlobPrefix + sha256); }

std::string storage_space_text(bool* low) {
  const platform::StorageSpace space = P().storage_space();
  if (low) *low = false;
  if (!space.files_kept) return "此浏览器只能在本机保存 1 MB 以内的附件；较大的文件只记录摘要，提交时需另行提供原文件。";
  if (!space.known) return "";
  const long long free_bytes = std::max<long long>(0, space.quota - space.usage);
  if (low) *low = free_bytes < (200ll << 20);
  return "本浏览器还可保存约 " + human_size(free_bytes) + " 的附件（已用 " + human_size(space.usage) + "）。";
}

bool evidence_at_hand(const EvidenceItem& e) {
  if (!e.data_base64.empty() || P().file_kept(e.sha256)) return true;
  return !P().storage_keys(kBlobPrefix + e.sha256).empty();
}

void attach_evidence(const std::string& target, const platform::OpenedFile& file) {
  auto& s = state();
  if (!s.draft) return;
  Draft& d = *s.draft;
  // A large file arrives without its bytes: the page hashed it and keeps it itself.
  const bool by_host = file.bytes.empty() && !file.sha256.empty();
  const std::string hash = by_host ? file.sha256 : sha256_hex(file.bytes);
  for (auto& e : d.a.evidence)
    if (e.sha256 == hash) {  // the same file again: cite it rather than store it twice
      if (std::find(e.criteria.begin(), e.criteria.end(), target) == e.criteria.end()) e.criteria.push_back(target);
      mark_changed();
      show_message("“" + file.name + "”已在附件中，已关联到本项。");
      return;
    }
  if (d.a.evidence.size() >= kMaxEvidenceItems) {  // what a package may carry (package.h)
    show_message("附件已有 " + std::to_string(d.a.evidence.size()) + " 个，达到上限，未添加“" + file.name +
                     "”。请把同类材料合并为一个文件（如多页扫描合成一个 PDF）后再添加。",
                 true);
    return;
  }
  EvidenceItem e;
  e.id = "ev-" + hash.substr(0, 12);
  e.name = file.name;
  e.type = file.type;
  e.size = static_cast<std::int64_t>(by_host ? file.size : file.bytes.size());
  e.sha256 = hash;
  e.criteria.push_back(target);
  std::string kept_note;
  if (by_host) {
    if (!file.kept) kept_note = file.keep_error;
  } else if (file.bytes.size() <= kMaxStoredBlob) {
    if (!P().storage_set(kBlobPrefix + hash, base64_encode(file.bytes))) kept_note = "浏览器存储空间不足";
  } else {
    kept_note = "此浏览器不能在本机保存较大的文件";
  }
  if (!kept_note.empty()) e.note = kept_note + "：仅记录了文件摘要，提交时请随数据包另行提供原文件";
  d.a.evidence.push_back(std::move(e));
  mark_changed();
  if (!kept_note.empty())
    show_message("已添加附件“" + file.name + "”的摘要（SHA-256 " + hash.substr(0, 16) + "…），但文件本身未能保存在本浏览器：" +
                     kept_note + "。草稿中其他内容不受影响。",
                 true);
  else
    show_message("已添加附件“" + file.name + "”（" + human_size(e.size) + "，已保存在本浏览器），SHA-256：" + hash.substr(0, 16) + "…");
}

void detach_evidence(const std::string& evidence_id, const std::string& target) {
  Draft& d = *state().draft;
  for (auto it = d.a.evidence.begin(); it != d.a.evidence.end(); ++it) {
    if (it->id != evidence_id) continue;
    it->criteria.erase(std::remove(it->criteria.begin(), it->criteria.end(), target), it->criteria.end());
    if (it->criteria.empty()) d.a.evidence.erase(it);  // the stored bytes may be shared: leave them
    mark_changed();
    return;
  }
}

void cite_evidence(const std::string& evidence_id, const std::string& target) {
  Draft& d = *state().draft;
  for (auto& e : d.a.evidence)
    if (e.id == evidence_id && std::find(e.criteria.begin(), e.criteria.end(), target) == e.criteria.end()) {
      e.criteria.push_back(target);
      mark_changed();
    }
}

std::size_t package_size_estimate() {
  auto& s = state();
  if (!s.draft) return 0;
  std::size_t size = export_package(*s.draft->rubric, s.draft->a).size();
  if (s.embed_evidence)
    for (auto& e : s.draft->a.evidence)
      if (e.size <= static_cast<std::int64_t>(kMaxStoredBlob)) size += static_cast<std::size_t>(e.size) * 4 / 3 + 20;
  return size;
}

}  // namespace qis::ui
