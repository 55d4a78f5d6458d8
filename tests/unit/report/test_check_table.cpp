#include "stalebase/report/check_table.hpp"

#include "unit/report/sample_check_report.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <sstream>

using namespace stalebase;

namespace {

// Terminal columns of `line`: UTF-8 code points (the tests use no colour here).
std::size_t columns(const std::string &line) {
  return static_cast<std::size_t>(
      std::count_if(line.begin(), line.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
      }));
}

std::vector<std::string> lines_of(const std::string &text) {
  std::vector<std::string> lines;
  std::istringstream stream(text);
  for (std::string line; std::getline(stream, line);) {
    lines.push_back(line);
  }
  return lines;
}

const std::string k_sample_table =
    "examples/app/Dockerfile\n"
    "  1  fail  alpine:3.20@sha256:aaaaaaaa\u2026  digest-drift     "
    "sha256:dddddddd\u2026\n"
    "           pinned digest sha256:aaaaaaaa\u2026 is not what 3.20 points "
    "at now\n"
    "  5  info  node:20.1.0                   minor-available  20.1.0 \u2192 "
    "20.5.1\n"
    "           newer minor version 20.5.1 in the same track\n"
    "\n"
    "examples/python/Dockerfile\n"
    "  3  fail  python:3.12.1-slim  patch-available  3.12.1-slim \u2192 "
    "3.12.7-slim\n"
    "           newer patch build 3.12.7-slim in the same track\n"
    "  7  warn  alpine:latest       unpinned         sha256:cccccccc\u2026\n"
    "           \"latest\" has no digest: builds are not repeatable\n"
    "\n"
    "not checked\n"
    "  registry.example.com/team/app:1.0  unauthorized\n"
    "    authentication required\n"
    "\n"
    "3 files, 5 references: 2 fail (1 digest-drift, 1 patch-available), 1 "
    "warn,\n"
    "  1 info; 1 not checked (registry.example.com: unauthorized)\n";

} // namespace

TEST_CASE("render_check_table", "[report]") {
  report::CheckReport sample = test::sample_check_report();

  SECTION("grouped by file, one line per finding, message under it") {
    CHECK(report::render_check_table(sample, {}) == k_sample_table);
  }
  SECTION("deterministic whatever the input order") {
    std::reverse(sample.findings.begin(), sample.findings.end());
    std::reverse(sample.failing.begin(), sample.failing.end());
    CHECK(report::render_check_table(sample, {}) == k_sample_table);
  }
  SECTION("no colour codes unless asked") {
    CHECK(report::render_check_table(sample, {}).find('\x1b') ==
          std::string::npos);
  }
  SECTION("colour by level, bold file names, same layout") {
    const std::string text = report::render_check_table(sample, {true, 80});
    CHECK(text.rfind("\x1b[1mexamples/app/Dockerfile\x1b[0m\n"
                     "  1  \x1b[1;31mfail\x1b[0m  alpine:3.20@",
                     0) == 0);
    CHECK(text.find("  5  \x1b[36minfo\x1b[0m  node:20.1.0 ") !=
          std::string::npos);
    CHECK(text.find("  7  \x1b[33mwarn\x1b[0m  alpine:latest ") !=
          std::string::npos);
    CHECK(text.find("\x1b[1mnot checked\x1b[0m\n  "
                    "registry.example.com/team/app:1.0  "
                    "\x1b[1;31munauthorized\x1b[0m\n") != std::string::npos);
    std::string plain;
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '\x1b') {
        i = text.find('m', i);
        continue;
      }
      plain += text[i];
    }
    CHECK(plain == k_sample_table);
  }
  SECTION("narrow: fixes move to their own line, messages wrap") {
    const std::string text = report::render_check_table(sample, {false, 60});
    CHECK(text ==
          "examples/app/Dockerfile\n"
          "  1  fail  alpine:3.20@sha256:aaaaaaaa\u2026  digest-drift\n"
          "           fix: sha256:dddddddd\u2026\n"
          "           pinned digest sha256:aaaaaaaa\u2026 is not what 3.20\n"
          "           points at now\n"
          "  5  info  node:20.1.0                   minor-available\n"
          "           fix: 20.1.0 \u2192 20.5.1\n"
          "           newer minor version 20.5.1 in the same track\n"
          "\n"
          "examples/python/Dockerfile\n"
          "  3  fail  python:3.12.1-slim  patch-available\n"
          "           fix: 3.12.1-slim \u2192 3.12.7-slim\n"
          "           newer patch build 3.12.7-slim in the same track\n"
          "  7  warn  alpine:latest       unpinned  sha256:cccccccc\u2026\n"
          "           \"latest\" has no digest: builds are not repeatable\n"
          "\n"
          "not checked\n"
          "  registry.example.com/team/app:1.0  unauthorized\n"
          "    authentication required\n"
          "\n"
          "3 files, 5 references: 2 fail (1 digest-drift,\n"
          "  1 patch-available), 1 warn, 1 info;\n"
          "  1 not checked (registry.example.com: unauthorized)\n");
  }
  SECTION("nothing found") {
    report::CheckReport empty;
    empty.summary.files = 2;
    empty.summary.references = 3;
    CHECK(report::render_check_table(empty, {}) ==
          "2 files, 3 references: no findings\n");
  }
}

TEST_CASE("render_check_table shows the line a continued reference is on",
          "[report]") {
  const auto lines = lines_of(report::render_check_table(
      test::continuation_check_report(), report::TableStyle{}));
  REQUIRE(lines.size() >= 2);
  CHECK(lines[0] == "Dockerfile");
  CHECK(lines[1] == "  4  fail  python:3.12.1-slim  patch-available  "
                    "3.12.1-slim \u2192 3.12.7-slim");
}

TEST_CASE("render_check_table says which line to edit", "[report]") {
  const auto lines = lines_of(report::render_check_table(
      test::arg_fix_check_report(), report::TableStyle{false, 100}));
  REQUIRE(lines.size() >= 2);
  CHECK(lines[1] == "  2  fail  python:3.12.1-slim  patch-available  "
                    "3.12.1-slim \u2192 3.12.7-slim (fix at line 1)");
}

TEST_CASE("render_check_table says the fix once, and what is wrong under it",
          "[report]") {
  // Proposals as the engine words them: what is newer, without the move.
  auto patch = test::sample_finding(check::FindingKind::patch_available,
                                    "Dockerfile", 1, "python:3.12.1-slim");
  patch.message = "newer patch build 3.12.7-slim in the same track";
  patch.current = {"3.12.1-slim", ""};
  patch.suggested = check::TagDigest{"3.12.7-slim", ""};
  auto release = test::sample_finding(check::FindingKind::patch_available,
                                      "Dockerfile", 2, "python:3.13.0rc1");
  release.message = "newer patch build 3.13.0rc2 in the same track; its final "
                    "release 3.13.0 exists too";
  release.current = {"3.13.0rc1", ""};
  release.suggested = check::TagDigest{"3.13.0rc2", ""};
  auto windows = test::sample_finding(
      check::FindingKind::major_available, "Dockerfile", 3,
      "mcr.microsoft.com/windows/servercore:10.0.14393.321");
  windows.message = "newer major version 10.0.17763.5458 in the same track: "
                    "an OS change to Windows build 17763 (ltsc2019), needs a "
                    "matching host";
  windows.current = {"10.0.14393.321", ""};
  windows.suggested = check::TagDigest{"10.0.17763.5458", ""};
  report::CheckReport report;
  report.findings = {patch, release, windows};
  report.failing = {true, true, false};
  report::count_findings(report);

  const std::string text = report::render_check_table(report, {});
  CHECK(
      text.substr(0, text.find("\n\n") + 1) ==
      "Dockerfile\n"
      "  1  fail  python:3.12.1-slim  patch-available  3.12.1-slim \u2192 "
      "3.12.7-slim\n"
      "           newer patch build 3.12.7-slim in the same track\n"
      "  2  fail  python:3.13.0rc1    patch-available  3.13.0rc1 \u2192 "
      "3.13.0rc2\n"
      "           newer patch build 3.13.0rc2 in the same track; its final "
      "release\n"
      "           3.13.0 exists too\n"
      "  3  info  mcr.microsoft.com/windows/servercore:10.0.14393.321  "
      "major-available\n"
      "           fix: 10.0.14393.321 \u2192 10.0.17763.5458\n"
      "           newer major version 10.0.17763.5458 in the same track: an "
      "OS change\n"
      "           to Windows build 17763 (ltsc2019), needs a matching host\n");
  // The move is said once, in the fix.
  CHECK(text.find("3.12.1-slim \u2192", text.find("3.12.1-slim \u2192") + 1) ==
        std::string::npos);
  for (const std::string &line : lines_of(text)) {
    INFO(line);
    CHECK(columns(line) <= 80);
  }
}

TEST_CASE("render_check_table fits 80 columns", "[report]") {
  report::CheckReport sample = test::sample_check_report();
  // A long reference (allowed to overflow), a long message, ARGs, a pinned tag
  // update.
  const std::string long_reference =
      "registry.example.com/platform/base-images/python-runtime:3.12.1-slim";
  auto finding =
      test::sample_finding(check::FindingKind::patch_available,
                           "examples/python/Dockerfile", 12, long_reference);
  finding.message =
      "newer patch build 3.12.7-slim in the same version track; the tag "
      "3.12.1-slim was last rebuilt long ago and has known fixes since";
  finding.current = {"3.12.1-slim", "sha256:" + test::hex64('1')};
  finding.suggested =
      check::TagDigest{"3.12.7-slim", "sha256:" + test::hex64('2')};
  sample.findings.push_back(finding);
  sample.failing.push_back(true);
  auto via_arg = test::sample_finding(check::FindingKind::single_platform_pin,
                                      "examples/python/Dockerfile", 14,
                                      "${RUNTIME}:${VERSION}");
  via_arg.location.expanded = "debian:bookworm-slim@sha256:" + test::hex64('3');
  via_arg.message = "the digest pins linux/amd64 of a multi-platform image";
  sample.findings.push_back(via_arg);
  sample.failing.push_back(false);
  sample.errors.push_back({"quay.example/team/builder:2024.01", "rate limited",
                           "too many requests; retry after 120 seconds, then "
                           "run again or raise the registry's limits"});
  report::count_findings(sample);

  for (const int width : {80}) {
    const std::string text = report::render_check_table(sample, {false, width});
    for (const std::string &line : lines_of(text)) {
      INFO(width << ": " << line);
      if (line.find(long_reference) == std::string::npos) {
        CHECK(columns(line) <= static_cast<std::size_t>(width));
      }
    }
  }
  const std::string text = report::render_check_table(sample, {});
  CHECK(text.find("  12  fail  " + long_reference +
                  "  patch-available\n"
                  "            fix: 3.12.1-slim \u2192 "
                  "3.12.7-slim@sha256:22222222\u2026\n") != std::string::npos);
  CHECK(text.find("  14  warn  debian:bookworm-slim@sha256:33333333\u2026  "
                  "single-platform-pin\n") != std::string::npos);
}
