// What the evaluator's desk files share: the storage keys the desk is kept under and the lookups
// both the package list and the panel use. Internal to review_desk.cpp, review_panel.cpp and
// review_expert.cpp.
#pragma once
#include <cstddef>
#include <optional>

#include "review_desk.h"

namespace qis::platform {
class Platform;
}

namespace qis::ui::detail {

inline constexpr const char* kReviewPackagePrefix = "qis.reviewpkg.";  // packages opened for review
inline constexpr const char* kReviewPrefix = "qis.review.";            // this browser's expert's review per package hash
inline constexpr const char* kPanelPrefix = "qis.panel.";              // panel work per package hash
inline constexpr const char* kReviewPositionPrefix = "qis.reviewpos.";  // the criterion the expert saw last, per package hash
inline constexpr std::size_t kMaxStoredPackage = 2u << 20;  // larger packages are opened again by hand

platform::Platform& P();  // state.cpp

// The panel this workspace keeps for the package, merged again; none while its reviews do not merge.
std::optional<Panel> stored_panel(const ReviewPackage& p);
// The package whose panel is shown (state().reviews.panel).
ReviewPackage& panel_package();

}  // namespace qis::ui::detail
