#pragma once

// The prerelease vocabulary (private to src/version).

#include <string_view>

namespace stalebase::version::detail {

// Whether the word stands glued to the core (`3.13.0rc1`) or after a dash
// (`7.0.0-rc.2`).
enum class PrereleasePlacement { glued, dashed };

// The rank of prerelease `word` (case-insensitive) written with `placement`, or
// 0 when it is not a prerelease word there. Ranks: nightly/snapshot 1, dev 2,
// ea 3, alpha/a 4, m/milestone 5, beta/b 6, preview/pre 7, rc/c 8. Single
// letters count only glued (`b2`), since a dashed
// `-b08` is a build number (`8u212-b04`); `m` and `nightly` only dashed.
int prerelease_rank(std::string_view word, PrereleasePlacement placement);

} // namespace stalebase::version::detail
