#pragma once

#include <string>
#include <string_view>

namespace stalebase::util {

// `text` made safe to show on a terminal or in a CI log: every control
// character (C0, DEL and the C1 controls U+0080 to U+009F) is written as an
// escape — `\n`, `\r`, `\t`, `\e` (ESC) or `\xNN` — and so is every byte that
// is not part of valid UTF-8. Everything else, backslashes included, is kept.
// Text from registries, Dockerfiles and file names passes through it before it
// leaves the program, so that none can move the cursor, recolour the terminal
// or start a line of its own (a GitHub Actions `::error::` command).
std::string escape_control(std::string_view text);

// `text` with only its bytes that are not part of valid UTF-8 written as
// `\xNN`: a file name as JSON can carry it (JSON text is UTF-8).
std::string escape_invalid_utf8(std::string_view text);

} // namespace stalebase::util
