// Every example the version rules were specified with, through the
// engine: a registry holding the current tag and the listed tags, the current
// tag pinned at its own digest (so only proposals remain).

#include "stalebase/check/engine.hpp"

#include "history.hpp"

#include <catch2/catch.hpp>

using namespace stalebase;
using namespace stalebase::check;
using check::test::History;
using check::test::occurrence;
using registry::MemoryRegistry;

namespace {

struct Example {
  std::string repository; // registry/repository
  std::string current;
  std::vector<std::string> tags;
  std::vector<std::string> expected; // "kind: message"
};

std::vector<std::string> run_example(const Example &example,
                                     MemoryRegistry &memory) {
  History history(memory, example.repository);
  history.tags({example.current});
  history.tags(example.tags);
  const std::string text = example.repository + ":" + example.current + "@" +
                           history.digest(example.current);
  const CheckResult result = run_check(memory, {occurrence(text)}, {});
  std::vector<std::string> out;
  for (const Finding &finding : result.findings) {
    out.push_back(std::string(to_string(finding.kind)) + ": " +
                  finding.message);
  }
  return out;
}

} // namespace

TEST_CASE("run_check version rule examples", "[check]") {
  const std::vector<Example> examples = {
      {"docker.io/library/python",
       "3.12.1-slim",
       {"3.12.7-slim", "3.13.2-slim", "3.12.8rc1-slim", "3.12.7-slim-bookworm"},
       {"patch-available: newer patch build 3.12.7-slim in the same track",
        "minor-available: newer minor version 3.13.2-slim in the same track"}},
      {"mcr.microsoft.com/windows/servercore",
       "10.0.14393.321",
       {"10.0.14393.693", "10.0.17763.5458"},
       {"patch-available: newer patch build 10.0.14393.693 in the same track",
        "major-available: newer major version 10.0.17763.5458 in the same "
        "track: an OS change to Windows build 17763 (ltsc2019), needs a "
        "matching host"}},
      {"docker.io/library/python",
       "3.13.0rc1",
       {"3.13.0rc2", "3.13.0", "3.13.1"},
       {"patch-available: newer patch build 3.13.1 in the same track; its "
        "final release 3.13.0 exists too"}},
      {"ghcr.io/acme/tool",
       "v1.2.3",
       {"1.2.4", "v1.2.5"},
       {"patch-available: newer patch build v1.2.5 in the same track"}},
      {"docker.io/library/node",
       "3-alpine",
       {"3.20-alpine", "4-alpine", "20240606"},
       {"major-available: newer major version 4-alpine in the same track"}},
      {"docker.io/library/alpine",
       "latest",
       {"3.20.1", "3.21", "edge", "20240606"},
       {}},
      {"docker.io/library/debian",
       "bookworm-20240101-slim",
       {"bookworm-20241111-slim", "trixie-20241111-slim"},
       {"patch-available: newer patch build bookworm-20241111-slim in the same "
        "track"}},
  };
  for (const Example &example : examples) {
    CAPTURE(example.current);
    MemoryRegistry memory;
    CHECK(run_example(example, memory) == example.expected);
    if (example.current == "latest") {
      // A non-version tag pinned and current: its digest only.
      CHECK(memory.calls("list_tags") == 0);
      CHECK(memory.calls("resolve") == 1);
    }
    CHECK(memory.calls("manifest") == 0);
  }
}
