#pragma once

#include "stalebase/report/check_report.hpp"

#include <string>
#include <string_view>

namespace stalebase::report {

// GitHub Actions workflow commands, one line per reference (GitHub shows only
// 10 error and 10 warning annotations per step):
// `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=KINDS: REF::…`, the
// most severe of its findings deciding the command (`error` for a failing
// finding, `warning` for warn, `notice` for info), each finding's message and
// fix (with full digests) on its own lines; then `::error` lines for the file
// errors, and one `::error` for every reference not checked together (their
// check-error findings are not repeated per reference). Values are escaped by
// escape_github_data() and escape_github_property().
std::string render_github(const CheckReport &report);

// A workflow command's message: `%` → `%25`, CR → `%0D`, LF → `%0A`.
std::string escape_github_data(std::string_view text);

// A workflow command's property value: escape_github_data() plus `:` → `%3A`,
// `,` → `%2C`.
std::string escape_github_property(std::string_view text);

} // namespace stalebase::report
