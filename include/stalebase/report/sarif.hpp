#pragma once

#include "stalebase/report/check_report.hpp"

#include <string>
#include <string_view>

namespace stalebase::report {

// A SARIF 2.1.0 log of the report, pretty-printed with a final newline: one run
// whose driver `stalebase` (`tool_version`) has one rule per finding kind (id =
// kind name, in check::all_finding_kinds() order), one result per finding with
// its region, and the references not checked and file errors as tool execution
// notifications.
std::string render_sarif(const CheckReport &report,
                         std::string_view tool_version);

} // namespace stalebase::report
