#pragma once
// What GET /v2/ tells about an endpoint: the scheme that answered and how it
// challenges.

#include "stalebase/registry/challenge.hpp"
#include "stalebase/registry/url.hpp"

#include <vector>

namespace stalebase::registry {

struct PingResult {
  Url base; // the scheme that answered
  std::vector<Challenge> challenges;
  // False when the answer came through a redirect to another origin: such a
  // challenge never gets credentials.
  bool from_registry = true;
};

} // namespace stalebase::registry
