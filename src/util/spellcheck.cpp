#include "stalebase/util/spellcheck.hpp"

#include "stalebase/util/strings.hpp"

#include <algorithm>

namespace stalebase::util {

namespace {} // namespace

std::size_t edit_distance(std::string_view a, std::string_view b) {
  // Optimal string alignment distance, kept in three rows.
  const std::size_t n = b.size();
  std::vector<std::size_t> before(n + 1);
  std::vector<std::size_t> previous(n + 1);
  std::vector<std::size_t> current(n + 1);
  for (std::size_t j = 0; j <= n; ++j) {
    previous[j] = j;
  }
  for (std::size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (std::size_t j = 1; j <= n; ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      current[j] = std::min(
          {previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        current[j] = std::min(current[j], before[j - 2] + 1);
      }
    }
    before.swap(previous);
    previous.swap(current);
  }
  return previous[n];
}

std::optional<std::string>
closest_match(std::string_view word,
              const std::vector<std::string> &candidates) {
  if (word.empty()) {
    return std::nullopt;
  }
  const std::string lowered = ascii_lower(word);
  std::optional<std::string> best;
  std::size_t best_distance = 0;
  for (const std::string &candidate : candidates) {
    const std::size_t distance = edit_distance(lowered, ascii_lower(candidate));
    const std::size_t limit = std::max<std::size_t>(2, candidate.size() / 3);
    if (distance > limit || distance >= candidate.size()) {
      continue;
    }
    if (!best || distance < best_distance) {
      best = candidate;
      best_distance = distance;
    }
  }
  return best;
}

} // namespace stalebase::util
