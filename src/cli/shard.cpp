#include "stalebase/cli/shard.hpp"

#include <charconv>
#include <limits>

namespace stalebase::cli {

namespace {

// A positive decimal number, digits only: std::from_chars alone would accept a
// leading '-' and stop early at other characters.
bool parse_count(std::string_view text, std::size_t &value) {
  if (text.empty() || text.size() > 9) {
    return false;
  }
  for (const char c : text) {
    if (c < '0' || c > '9') {
      return false;
    }
  }
  const auto [end, error] =
      std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc() && end == text.data() + text.size();
}

} // namespace

Expected<Shard, std::string> parse_shard(std::string_view text) {
  const auto fail = [text] {
    return Unexpected("invalid --shard \"" + std::string(text) +
                      "\": expected I/N with 1 <= I <= N, such as 2/4");
  };
  const std::size_t slash = text.find('/');
  if (slash == std::string_view::npos) {
    return fail();
  }
  Shard shard;
  if (!parse_count(text.substr(0, slash), shard.index) ||
      !parse_count(text.substr(slash + 1), shard.count) || shard.index == 0 ||
      shard.index > shard.count) {
    return fail();
  }
  return shard;
}

bool in_shard(const Shard &shard, std::size_t position) {
  return shard.count <= 1 || position % shard.count == shard.index - 1;
}

} // namespace stalebase::cli
