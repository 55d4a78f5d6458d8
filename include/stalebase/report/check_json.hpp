#pragma once

#include "stalebase/report/check_report.hpp"

#include <nlohmann/json_fwd.hpp>

#include <vector>

namespace stalebase::report {

// The JSON schema version check_to_json() writes (docs/json-check.md).
inline constexpr int k_check_json_schema_version = 1;

// The document of docs/json-check.md: {"schema_version", "summary", "findings",
// "references", "errors", "file_errors"}, every list in output order.
nlohmann::json check_to_json(const CheckReport &report);

// The summary's counts by kind, for each of `kinds` (zeros included), and by
// level, all four: the `by_kind` and `by_level` objects of check's and image's
// JSON.
nlohmann::json by_kind_json(const Summary &summary,
                            const std::vector<check::FindingKind> &kinds);
nlohmann::json by_level_json(const Summary &summary);

} // namespace stalebase::report
