// libFuzzer target for ShellLexer: the input is one word, expanded with both
// escape characters against a small fixed environment. Checks that every output
// byte has an origin in the word or in a variable value, and that nothing
// crashes or hangs.

#include "stalebase/dockerfile/shell_lexer.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

using namespace stalebase::dockerfile;

namespace {

constexpr std::int64_t k_env_base = 1 << 20;

const Environment &fuzz_env() {
  static const Environment env = [] {
    Environment e;
    std::int64_t offset = k_env_base;
    const auto add = [&](const char *name, std::string_view value) {
      e[name] =
          TrackedString::from_source(value, static_cast<std::size_t>(offset));
      offset += static_cast<std::int64_t>(value.size()) + 1;
    };
    add("A", "alpine");
    add("T", "3.19.1");
    add("E", "");
    add("S", " a  b ");
    add("P", "*.?\\}/$0");
    add("K", "\xED\x95\x9C\xEA\xB5\xAD\xFF");
    return e;
  }();
  return env;
}

bool origin_ok(std::int64_t origin, std::size_t size) {
  if (origin == TrackedString::k_no_origin) {
    return true;
  }
  if (origin >= 0 && origin < static_cast<std::int64_t>(size)) {
    return true;
  }
  return origin >= k_env_base && origin < k_env_base + 64;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data,
                                      std::size_t size) {
  const std::string_view input(reinterpret_cast<const char *>(data), size);
  const TrackedString word = TrackedString::from_source(input, 0);
  for (const char escape : {'\\', '`'}) {
    const ShellLexer lexer(escape);
    const auto result = lexer.expand(word, fuzz_env());
    if (result) {
      const auto &value = result->value;
      if (value.origins.size() != value.text.size()) {
        __builtin_trap();
      }
      for (const std::int64_t origin : value.origins) {
        if (!origin_ok(origin, size)) {
          __builtin_trap();
        }
      }
    } else if (result.error().empty()) {
      __builtin_trap();
    }
    const auto words = lexer.expand_words(input, fuzz_env());
    if (words.has_value() != result.has_value()) {
      __builtin_trap(); // both walk the same grammar
    }
  }
  return 0;
}
