// Checks of a station's file against its rubric's procedure: the panel's size, the required
// materials. Apart from procedure.h, which reads the procedure and sits below the rubric.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "assessment.h"
#include "error.h"
#include "rubric.h"

namespace qis {

// The panel warning for `experts` reviews, citing the rubric's own clause; none when the rubric
// names no minimum or the panel is large enough.
std::optional<Error> panel_size_warning(const Rubric& rubric, int experts);

// Required materials (rubric.materials) with no evidence attached ("material:<id>" among an
// evidence item's criteria), in rubric order.
std::vector<std::string> missing_materials(const Rubric& rubric, const Assessment& a);

// One verify.material_missing finding per missing required material (Error.where = material id);
// the verify code turns each into its finding.
std::vector<Error> material_missing_findings(const Rubric& rubric, const Assessment& a);

}  // namespace qis
