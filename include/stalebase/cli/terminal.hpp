#pragma once

#include <cstdio>
#include <string>

namespace stalebase::cli {

// Whether `stream` (stdout or stderr) is a terminal.
bool is_terminal(std::FILE *stream);

// The terminal's width in columns: $COLUMNS, else the window size of stdout,
// else 80.
int terminal_width();

// Whether to colour stdout: `always`, `never`, or `auto` (a terminal, and
// NO_COLOR unset or empty).
bool use_color(const std::string &mode);

} // namespace stalebase::cli
