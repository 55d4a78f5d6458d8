// The text formats escape what a file name, a Dockerfile or a registry put in
// a report (issue 12): no terminal escape, no line of its own.

#include "stalebase/report/check_table.hpp"
#include "stalebase/report/diagnostic.hpp"
#include "stalebase/report/github.hpp"
#include "stalebase/report/markdown.hpp"

#include <catch2/catch.hpp>

#include <sstream>
#include <string>

using namespace stalebase;

namespace {

report::CheckReport hostile_report() {
  report::CheckReport report;
  check::Finding finding;
  finding.kind = check::FindingKind::check_error;
  finding.level = check::Level::error;
  finding.location.file = "Dockerfile.x\n::error::pwned";
  finding.location.line = 1;
  finding.location.reference = "reg.example/x:1";
  finding.location.expanded = "reg.example/x:1";
  finding.message = "unknown error code \"\x1b[2J\r\n::warning::fake\"";
  // github gives check errors in one summary: an unpinned finding carries the
  // hostile file name into an annotation's properties.
  check::Finding unpinned = finding;
  unpinned.kind = check::FindingKind::unpinned;
  unpinned.level = check::Level::warn;
  report.findings = {finding, unpinned};
  report.errors = {{"reg.example/x:1", "registry error",
                    "\x1b]0;title\x07\n::error::pwned"}};
  report::count_findings(report);
  return report;
}

// Whether a line of `text` is a workflow command the report did not mean, or
// `text` holds a raw escape or carriage return.
bool is_tampered(const std::string &text) {
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.rfind("::error::pwned", 0) == 0 ||
        line.rfind("::warning::fake", 0) == 0) {
      return true;
    }
  }
  return text.find_first_of("\x1b\r\x07") != std::string::npos;
}

} // namespace

TEST_CASE("text formats escape control characters from their input",
          "[report]") {
  const report::CheckReport report = hostile_report();
  const std::string table = report::render_check_table(report, {false, 200});
  CHECK_FALSE(is_tampered(table));
  CHECK(table.find("Dockerfile.x\\n::error::pwned\n") != std::string::npos);
  CHECK(table.find("unknown error code \"\\e[2J\\r\\n::warning::fake\"") !=
        std::string::npos);
  CHECK_FALSE(is_tampered(report::render_markdown(report)));
  const std::string github = report::render_github(report);
  INFO(github);
  CHECK_FALSE(is_tampered(github));
  CHECK(github.find("::warning file=Dockerfile.x/n%3A%3Aerror%3A%3Apwned,") !=
        std::string::npos);
}

TEST_CASE("diagnostics escape the file name and the message", "[report]") {
  CHECK(report::format_diagnostic("a\x1b[2Jb", "",
                                  {"bad \"\n::error::x\"", 0, 0}) ==
        "a\\e[2Jb: error: bad \"\\n::error::x\"\n");
}
