#pragma once

#include "stalebase/dockerfile/ast.hpp"

#include <string>
#include <string_view>

namespace stalebase::report {

// Formats an error about a file the way compilers do:
//   path:line:column: error: message
//     the source line
//     ^
// The source line and caret are left out when the error has no line or the line
// is not printable text (a binary file). Without a line: `path: error:
// message`.
std::string format_diagnostic(std::string_view path,
                              std::string_view source,
                              const dockerfile::ParseError &error,
                              std::string_view severity = "error");

} // namespace stalebase::report
