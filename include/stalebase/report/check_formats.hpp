#pragma once

// The formats of `check`, by name, for --format and --output.

#include "stalebase/report/check_report.hpp"
#include "stalebase/report/check_table.hpp"

#include <string>
#include <vector>

namespace stalebase::report {

// table, json, sarif, github, markdown.
const std::vector<std::string> &check_formats();

// `report` rendered as `format` (one of check_formats(); anything else is the
// table), `style` for the table.
std::string render_check_report(const CheckReport &report,
                                const std::string &format,
                                const TableStyle &style);

} // namespace stalebase::report
