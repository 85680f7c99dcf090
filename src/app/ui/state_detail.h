// What the station side's files share: the storage keys a draft is kept under and the helpers
// every action on the draft uses. Internal to state*.cpp, draft*.cpp and host_events.cpp.
#pragma once
#include <cstddef>
#include <string>

namespace qis::platform {
class Platform;
}

namespace qis::ui::detail {

inline constexpr const char* kDraftPrefix = "qis.draft.";
inline constexpr const char* kExportedPrefix = "qis.exported.";
inline constexpr const char* kBlobPrefix = "qis.blob.";
inline constexpr const char* kEmbedSetting = "qis.setting.embed_evidence";
inline constexpr std::size_t kMaxStoredBlob = 1u << 20;  // files up to 1 MB are kept as base64, for embedding
// Every change is written at the end of the frame that made it, and the page commits it to disk
// at once (web/store.js), so a killed browser loses nothing that was on screen.
inline constexpr double kSaveDelay = 0.0;
inline constexpr double kRetryAfterFailure = 5.0;  // seconds before a failed write is tried again

platform::Platform& P();

inline double g_now = 0;  // the frame time autosave_tick last saw

std::string new_id();
// Scores the open draft again (after its answers changed).
void rescore();

}  // namespace qis::ui::detail
