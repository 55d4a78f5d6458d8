// libFuzzer target: the Dockerfile parser and reference extraction on arbitrary
// bytes must never crash, and every span they report must lie inside the input.
#include "stalebase/dockerfile/parser.hpp"
#include "stalebase/dockerfile/references.hpp"

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data,
                                      std::size_t size) {
  const std::string_view source(reinterpret_cast<const char *>(data), size);
  auto document = stalebase::dockerfile::parse_dockerfile(source);
  if (!document) {
    return 0;
  }
  stalebase::dockerfile::ExtractOptions options;
  options.build_args["TAG"] = "1.0";
  auto extraction =
      stalebase::dockerfile::extract_references(*document, options);
  if (!extraction) {
    return 0;
  }
  for (const auto &ref : extraction->references) {
    if (ref.span.end() > size) {
      std::abort();
    }
    for (const auto &span : ref.value.spans()) {
      if (span.end() > size) {
        std::abort();
      }
    }
  }
  return 0;
}
