#pragma once

// Git's wildmatch for path patterns (as in .gitignore): `*` and `?` never
// match `/`, `**` between slashes (or at either end) matches any number of
// folders, `[...]` is a bracket expression, `\` quotes the next character.

#include <string_view>

namespace stalebase::util {

// Whether the `/`-separated `path` matches `pattern` as a whole: `*` is any
// run of characters but `/`, `?` one character but `/`, `[a-z]`, `[!a-z]`,
// `[^a-z]` and `[[:alpha:]]`-style classes one character but `/`; `**/` at the
// start or after a `/` matches zero or more folders, a final `/**` everything
// below, and any other `**` is `*`. A malformed bracket expression never
// matches (as in git).
bool wildmatch(std::string_view pattern, std::string_view path);

} // namespace stalebase::util
