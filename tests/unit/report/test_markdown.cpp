#include "stalebase/report/markdown.hpp"

#include "unit/report/sample_check_report.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace stalebase;

TEST_CASE("escape_markdown_cell", "[report]") {
  CHECK(report::escape_markdown_cell("a|b `c` d\\e <f>") ==
        "a\\|b \\`c\\` d\\\\e &lt;f>");
  CHECK(report::escape_markdown_cell("two\r\nlines") == "two lines");
  CHECK(report::escape_markdown_cell("") == "");
}

TEST_CASE("render_markdown", "[report]") {
  report::CheckReport sample = test::sample_check_report();
  const std::string expected =
      "# stalebase check\n"
      "\n"
      "3 files, 5 references: 2 fail (1 digest-drift, 1 patch-available), 1 "
      "warn, 1 info; 1 not checked (registry.example.com: unauthorized)\n"
      "\n"
      "## Summary\n"
      "\n"
      "| kind | level | count |\n"
      "| --- | --- | ---: |\n"
      "| `digest-drift` | fail | 1 |\n"
      "| `patch-available` | fail | 1 |\n"
      "| `minor-available` | info | 1 |\n"
      "| `unpinned` | warn | 1 |\n"
      "\n"
      "## `examples/app/Dockerfile`\n"
      "\n"
      "| line | reference | finding | fix |\n"
      "| ---: | --- | --- | --- |\n"
      "| 1 | `alpine:3.20@sha256:aaaaaaaa\u2026` | **fail** digest-drift: "
      "pinned "
      "digest sha256:aaaaaaaa\u2026 is not what 3.20 points at now | "
      "`sha256:" +
      test::hex64('d') +
      "` |\n"
      "| 5 | `node:20.1.0` | **info** minor-available: newer minor version "
      "20.5.1 in the same track | `20.1.0` \u2192 `20.5.1` |\n"
      "\n"
      "## `examples/python/Dockerfile`\n"
      "\n"
      "| line | reference | finding | fix |\n"
      "| ---: | --- | --- | --- |\n"
      "| 3 | `python:3.12.1-slim` | **fail** patch-available: newer patch "
      "build 3.12.7-slim in the same track | `3.12.1-slim` \u2192 "
      "`3.12.7-slim` |\n"
      "| 7 | `alpine:latest` | **warn** unpinned: \"latest\" has no digest: "
      "builds are not repeatable | `sha256:" +
      test::hex64('c') +
      "` |\n"
      "\n"
      "## Not checked\n"
      "\n"
      "| reference | reason |\n"
      "| --- | --- |\n"
      "| `registry.example.com/team/app:1.0` | unauthorized: authentication "
      "required |\n";
  SECTION("summary, then per file, then not checked") {
    CHECK(report::render_markdown(sample) == expected);
  }
  SECTION("deterministic whatever the input order") {
    std::reverse(sample.findings.begin(), sample.findings.end());
    std::reverse(sample.failing.begin(), sample.failing.end());
    CHECK(report::render_markdown(sample) == expected);
  }
}

TEST_CASE("render_markdown shows the line a continued reference is on",
          "[report]") {
  const std::string text =
      report::render_markdown(test::continuation_check_report());
  CHECK(text.find("| 4 | `python:3.12.1-slim` |") != std::string::npos);
  CHECK(text.find("| 3 |") == std::string::npos);
}

TEST_CASE("render_markdown says which line to edit", "[report]") {
  const std::string text =
      report::render_markdown(test::arg_fix_check_report());
  CHECK(text.find("| 2 | `python:3.12.1-slim` | **fail** patch-available: "
                  "newer patch build 3.12.7-slim in the same track | "
                  "`3.12.1-slim` \u2192 `3.12.7-slim` (fix at line 1) |") !=
        std::string::npos);
}

TEST_CASE("render_markdown escaping, file errors, nothing found", "[report]") {
  report::CheckReport report;
  report.summary.files = 2;
  report.summary.references = 1;
  check::Finding finding;
  finding.kind = check::FindingKind::unresolvable;
  finding.level = check::Level::warn;
  finding.location.file = "odd|dir/Dockerfile";
  finding.location.line = 2;
  finding.location.reference = "${A}|`b`";
  finding.message =
      "\"${A}|`b`\" is not a valid reference: use --build-arg A=…";
  report.findings = {finding};
  report.file_errors = {{"bad/Dockerfile", {"unknown instruction: FORM", 3, 1}},
                        {"gone", {"cannot read file", 0, 0}}};
  report::count_findings(report);
  CHECK(report::render_markdown(report) ==
        "# stalebase check\n"
        "\n"
        "2 files, 1 reference: 1 warn; 2 files with errors\n"
        "\n"
        "## Summary\n"
        "\n"
        "| kind | level | count |\n"
        "| --- | --- | ---: |\n"
        "| `unresolvable` | warn | 1 |\n"
        "\n"
        "## `odd|dir/Dockerfile`\n"
        "\n"
        "| line | reference | finding | fix |\n"
        "| ---: | --- | --- | --- |\n"
        "| 2 | ${A}\\|\\`b\\` | **warn** unresolvable: \"${A}\\|\\`b\\`\" is "
        "not a valid reference: use --build-arg A=\u2026 |  |\n"
        "\n"
        "## Files with errors\n"
        "\n"
        "| file | line | error |\n"
        "| --- | ---: | --- |\n"
        "| `bad/Dockerfile` | 3 | unknown instruction: FORM |\n"
        "| `gone` |  | cannot read file |\n");

  report.findings.clear();
  report.file_errors.clear();
  report::count_findings(report);
  CHECK(report::render_markdown(report) ==
        "# stalebase check\n\n2 files, 1 reference: no findings\n");
}
