#pragma once

// The manual page stalebase(1), in roff: the commands and flags rendered from
// the CLI's own definition (cli/command_model.hpp), between hand-written
// sections (src/cli/manpage_prose.cpp). `stalebase manpage` prints it; the
// build writes it to stalebase.1 and installs that.

#include "stalebase/cli/command_model.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace stalebase::cli {

// The whole page for program version `version`. `models` as command_models()
// gives them: the program's own flags first.
std::string render_manpage(const std::vector<CommandModel> &models,
                           std::string_view version);

// `text` as roff running text: backslashes and hyphens escaped (so that
// `--format` is typed, not hyphenated, when copied from the page), and a
// leading `.` or `'` made literal.
std::string roff_escaped(std::string_view text);

} // namespace stalebase::cli
