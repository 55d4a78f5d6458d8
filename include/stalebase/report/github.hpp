#pragma once

#include "stalebase/report/check_report.hpp"

#include <string>
#include <string_view>

namespace stalebase::report {

// GitHub Actions workflow commands, one line per finding:
// `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message` (`error`
// for a failing finding or a check error, `warning` for warn, `notice` for
// info), then `::error` lines for the file errors and the references not
// checked. Values are escaped by escape_github_data() and
// escape_github_property().
std::string render_github(const CheckReport &report);

// A workflow command's message: `%` → `%25`, CR → `%0D`, LF → `%0A`.
std::string escape_github_data(std::string_view text);

// A workflow command's property value: escape_github_data() plus `:` → `%3A`,
// `,` → `%2C`.
std::string escape_github_property(std::string_view text);

} // namespace stalebase::report
