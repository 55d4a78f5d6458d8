// libFuzzer target for stalebase::sources::parse_yaml and the extractors that
// read its tree. Besides crashes, sanitizer reports and time-outs (a billion
// laughs or a long merge chain must stay cheap), it checks the tree's promises
// (fuzz_sources.hpp) and aborts when one is broken.

#include "fuzz_sources.hpp"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data,
                                      std::size_t size) {
  const std::string_view text(reinterpret_cast<const char *>(data), size);
  const auto stream = stalebase::sources::parse_yaml(text);
  if (stream) {
    stalebase::fuzz::check_stream(*stream, text);
  } else {
    stalebase::fuzz::check_error(stream.error(), text);
  }
  return 0;
}
