// libFuzzer target for stalebase::sources::parse_jsonc (dev container files:
// JSON with comments and trailing commas) and the extractors on its tree. It
// checks the tree's promises (fuzz_sources.hpp) and aborts when one is broken.

#include "stalebase/sources/jsonc.hpp"

#include "fuzz_sources.hpp"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data,
                                      std::size_t size) {
  const std::string_view text(reinterpret_cast<const char *>(data), size);
  const auto stream = stalebase::sources::parse_jsonc(text);
  if (stream) {
    stalebase::fuzz::require(stream->documents().size() == 1,
                             "a JSON file is one document");
    stalebase::fuzz::check_stream(*stream, text);
  } else {
    stalebase::fuzz::check_error(stream.error(), text);
  }
  return 0;
}
