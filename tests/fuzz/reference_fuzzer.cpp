// libFuzzer target for stalebase::reference::parse_reference. Besides crashes
// and sanitizer reports, it checks the parser's promises and aborts when one is
// broken:
// - an accepted reference is normalised (Docker Hub is `docker.io`, the path
//   fits in 255 characters) and canonical() and familiar() parse back to it;
// - a refusal is one line of printable ASCII, lower-case first, with no final
//   period, so it can be shown on a terminal as is.

#include "stalebase/reference/image_reference.hpp"
#include "stalebase/reference/registry_host.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

using stalebase::reference::ImageReference;
using stalebase::reference::parse_reference;

// libFuzzer prints the input itself when the process aborts.
void require(bool ok, const char *promise) {
  if (!ok) {
    std::fprintf(stderr, "broken promise: %s\n", promise);
    std::abort();
  }
}

bool is_printable(std::string_view text) {
  for (const char c : text) {
    if (c < 0x20 || c > 0x7e) {
      return false;
    }
  }
  return true;
}

void check_accepted(const ImageReference &ref) {
  require(!ref.registry.empty() && !ref.repository.empty(),
          "registry and repository are set");
  require(ref.repository.size() <= 255, "the path has at most 255 characters");
  require(!stalebase::reference::is_docker_hub_host(ref.registry) ||
              ref.is_docker_hub(),
          "Docker Hub is named docker.io");
  require(!stalebase::reference::api_host(ref).empty(), "api_host is set");

  const auto canonical = parse_reference(ref.canonical());
  require(canonical.has_value(), "canonical() parses");
  ImageReference again = *canonical;
  if (!ref.tag && !ref.digest) {
    require(again.tag == "latest", "canonical() adds :latest");
    again.tag.reset();
  }
  require(again == ref, "canonical() parses back to the same reference");

  const auto familiar = parse_reference(ref.familiar());
  require(familiar.has_value() && *familiar == ref,
          "familiar() parses back to the same reference");
}

void check_refused(const std::string &reason) {
  require(!reason.empty(), "a refusal has a reason");
  require(is_printable(reason), "the reason is printable ASCII");
  require(reason.front() >= 'a' && reason.front() <= 'z',
          "the reason starts lower-case");
  require(reason.back() != '.', "the reason has no final period");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data,
                                      std::size_t size) {
  const std::string_view input(reinterpret_cast<const char *>(data), size);
  const auto result = parse_reference(input);
  if (result) {
    check_accepted(*result);
  } else {
    check_refused(result.error());
  }
  return 0;
}
