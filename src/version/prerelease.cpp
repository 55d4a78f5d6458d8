#include "prerelease.hpp"

#include "stalebase/util/strings.hpp"

#include <array>

namespace stalebase::version::detail {

namespace {

struct Word {
  std::string_view text;
  int rank;
  bool glued;
  bool dashed;
};

// Kept in one table so the order is visible in one place (docs/versions.md
// repeats it).
constexpr std::array<Word, 14> k_words{{
    {"nightly", 1, false, true},
    {"dev", 2, true, true},
    {"ea", 3, true, true},
    {"alpha", 4, true, true},
    {"a", 4, true, false},
    {"m", 5, false, true},
    {"milestone", 5, false, true},
    {"beta", 6, true, true},
    {"b", 6, true, false},
    {"preview", 7, true, true},
    {"pre", 7, true, true},
    {"rc", 8, true, true},
    {"c", 8, true, false},
    {"snapshot", 1, false, true},
}};

} // namespace

int prerelease_rank(std::string_view word, PrereleasePlacement placement) {
  for (const Word &w : k_words) {
    const bool allowed =
        placement == PrereleasePlacement::glued ? w.glued : w.dashed;
    if (allowed && util::iequals(word, w.text)) {
      return w.rank;
    }
  }
  return 0;
}

} // namespace stalebase::version::detail
