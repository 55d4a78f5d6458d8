#include "stalebase/workflow/check.hpp"

#include "../check/history.hpp"
#include "files.hpp"

#include <catch2/catch.hpp>

#include <sstream>

using namespace stalebase;
using namespace stalebase::workflow;
using check::test::History;
using registry::MemoryRegistry;
using stalebase::test::TempDir;
using workflow::test::load_texts;

namespace {

CheckSettings settings() {
  CheckSettings result;
  result.policy = config::FailPolicy::default_policy();
  result.options.jobs = 1;
  return result;
}

} // namespace

TEST_CASE("check_files reports findings with their fixes and exit code",
          "[workflow]") {
  MemoryRegistry memory;
  History alpine(memory, "docker.io/library/alpine");
  alpine.tag("3.19.0", alpine.index({{"linux/amd64", "0"}}));
  alpine.tag("3.19.1", alpine.index({{"linux/amd64", "1"}}));
  TempDir dir;
  const auto files =
      load_texts(dir, {{"a/Dockerfile", "FROM\n"},
                       {"b/Dockerfile",
                        "ARG V=3.19.0\nFROM alpine:${V}\n"
                        "# stalebase:ignore later\nFROM alpine:3.19.0\n"}});
  bool opened = false;
  std::ostringstream diagnostics;
  const report::CheckReport report = check_files(
      files, settings(),
      [&]() -> registry::Registry & {
        opened = true;
        return memory;
      },
      diagnostics);
  CHECK(opened);
  CHECK(diagnostics.str().find("a/Dockerfile") != std::string::npos);
  REQUIRE(report.file_errors.size() == 1);
  CHECK(report.file_errors.front().file == "a/Dockerfile");
  CHECK(report.summary.files == 2);
  CHECK(report.summary.references == 2);
  CHECK(report.summary.distinct_references == 1);
  CHECK(report.summary.exit_code == util::ExitCode::usage_error);

  // Only the reference through the ARG was looked up; its patch fix edits
  // the ARG's default, found through the finding's occurrence.
  const auto patch =
      std::find_if(report.findings.begin(), report.findings.end(),
                   [](const check::Finding &finding) {
                     return finding.kind == check::FindingKind::patch_available;
                   });
  REQUIRE(patch != report.findings.end());
  CHECK(patch->location.line == 2);
  const std::size_t index =
      static_cast<std::size_t>(patch - report.findings.begin());
  REQUIRE(report.fixes.size() == report.findings.size());
  CHECK(report.fixes[index].line == 1);
  REQUIRE(report.fixes[index].edits.size() == 1);
  CHECK(report.fixes[index].edits.front().line == 1);
  CHECK(report.failing[index]);
  for (const check::Finding &finding : report.findings) {
    CHECK(finding.location.line == 2);
  }
}
