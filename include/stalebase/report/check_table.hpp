#pragma once

#include "stalebase/report/check_report.hpp"

#include <string>

namespace stalebase::report {

struct TableStyle {
  bool color = false; // ANSI colours for levels and file names
  int width = 80;     // terminal columns; below 40 counts as 40
};

// The `check` table: grouped by file, one line per finding (the reference's
// line, level, reference, kind, fix) with its message, which says what is
// wrong, wrapped on the lines under it; then the references not checked, then
// summary_line(). Lines fit in `style.width` columns unless a single reference
// or word is longer; a fix that does not fit on its finding's line goes on its
// own line (`fix: …`).
std::string render_check_table(const CheckReport &report,
                               const TableStyle &style);

} // namespace stalebase::report
