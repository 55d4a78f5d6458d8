#pragma once

#include <optional>
#include <regex>
#include <string>
#include <utility>
#include <vector>

namespace stalebase::testkit {

// One --fault rule of the proxy: which requests it selects and what it does
// to them. Written as comma-separated items, e.g.
//   "path=/manifests/,method=HEAD,status=429,retry-after=2,times=1".
// The grammar is documented in tests/integration/README.md.
struct FaultRule {
  std::string text;
  // selection
  std::optional<std::regex> path; // searched in the request target
  std::string method;             // empty = any
  long skip = 0;                  // let this many matching requests pass
  long times = -1;                // then act on this many (-1 = all)
  long every = 1;                 // act on every N-th of those only
  // actions
  int status = 0; // answer this status without asking upstream
  long retry_after = -1;
  bool retry_after_date = false;
  int delay_ms = 0;
  std::string garbage; // truncated, html, binary, wrong-shape, empty
  std::vector<std::string> drop_headers;
  std::vector<std::pair<std::string, std::string>> set_headers;
  bool bad_digest = false;
  std::string link; // relative, absolute, cross-host, cross-scheme, loop, drop
  int redirect = 0; // status of a redirect to the other (or cross) listener
  std::string redirect_to = "other";
  bool unauthorized = false;
  // state, guarded by the proxy's mutex
  long seen = 0;
};

// Parses a rule; throws Failure naming the item that is wrong.
FaultRule parse_fault_rule(const std::string &text);

} // namespace stalebase::testkit
