#pragma once

#include "stalebase/report/check_report.hpp"

#include <string>
#include <string_view>

namespace stalebase::report {

// A Markdown report for an issue, a pull-request comment or a cron mail: a
// title, the summary_line(), a summary table (kind, level, count), a table of
// findings per file (line, reference, finding, fix), then the references not
// checked and the files with errors, each with its reason. Cells are escaped by
// escape_markdown_cell().
std::string render_markdown(const CheckReport &report);

// `text` made safe for a GitHub-flavoured Markdown table cell: `\`, `|`,
// backtick and `<` escaped, line breaks as spaces.
std::string escape_markdown_cell(std::string_view text);

} // namespace stalebase::report
