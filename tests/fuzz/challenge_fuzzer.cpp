// libFuzzer target for the WWW-Authenticate parser: it must never crash, hang
// or read out of bounds, whatever a registry (or something pretending to be
// one) sends.
#include "stalebase/registry/challenge.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data,
                                      std::size_t size) {
  const std::string_view text(reinterpret_cast<const char *>(data), size);
  const auto challenges = stalebase::registry::parse_challenges(text);
  for (const auto &challenge : challenges) {
    // Parameter names are lower-case and the scheme is never empty.
    if (challenge.scheme.empty()) {
      __builtin_trap();
    }
  }
  (void)stalebase::registry::pick_challenge(challenges);
  return 0;
}
