#pragma once

#include "stalebase/report/check_report.hpp"

#include <nlohmann/json_fwd.hpp>

namespace stalebase::report {

// The JSON schema version check_to_json() writes (docs/json-check.md).
inline constexpr int k_check_json_schema_version = 1;

// The document of docs/json-check.md: {"schema_version", "summary", "findings",
// "references", "errors", "file_errors"}, every list in output order.
nlohmann::json check_to_json(const CheckReport &report);

} // namespace stalebase::report
