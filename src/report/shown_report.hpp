#pragma once

#include "stalebase/report/check_report.hpp"

// The report as the text formats (table, markdown, github) show it.

namespace stalebase::report::detail {

// `report` with util::escape_control() applied to every text that comes from a
// file name, a Dockerfile or a registry: what the text formats print. JSON and
// SARIF escape through the JSON library instead.
CheckReport shown_report(const CheckReport &report);

} // namespace stalebase::report::detail
