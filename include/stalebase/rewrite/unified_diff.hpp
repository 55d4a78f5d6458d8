#pragma once

#include <string>
#include <string_view>

namespace stalebase::rewrite {

// A unified diff (`diff -u` style, 3 lines of context) from `before` to
// `after`, both labelled `path`; empty when they are equal. Lines keep their
// own endings (a CRLF file shows `\r`); a last line without a line ending is
// followed by `\ No newline at end of file`. Made for rewrites that keep the
// number of lines; otherwise the whole file is one hunk.
std::string unified_diff(std::string_view before,
                         std::string_view after,
                         const std::string &path);

} // namespace stalebase::rewrite
