#include "stalebase/report/github.hpp"

#include "unit/report/sample_check_report.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace stalebase;

TEST_CASE("escape_github_data and escape_github_property", "[report]") {
  CHECK(report::escape_github_data("50% done\r\nnext: a, b") ==
        "50%25 done%0D%0Anext: a, b");
  CHECK(report::escape_github_property("50% done\r\nnext: a, b") ==
        "50%25 done%0D%0Anext%3A a%2C b");
  CHECK(report::escape_github_data("%0A") == "%250A");
  CHECK(report::escape_github_property("::error::") == "%3A%3Aerror%3A%3A");
  CHECK(report::escape_github_data("") == "");
}

TEST_CASE("render_github", "[report]") {
  report::CheckReport sample = test::sample_check_report();
  const std::string a64 = test::hex64('a');
  const std::string expected =
      "::error file=examples/app/Dockerfile,line=1,col=6,endLine=1,"
      "endColumn=89,title=digest-drift%3A alpine%3A3.20@sha256%3Aaaaaaaaa"
      "\u2026::pinned digest sha256:" +
      a64 +
      " is not what 3.20 points at now%0Afix: sha256:" + test::hex64('d') +
      "\n"
      "::notice file=examples/app/Dockerfile,line=5,col=6,endLine=5,"
      "endColumn=17,title=minor-available%3A node%3A20.1.0::newer minor "
      "version 20.5.1 in the same track%0Afix: 20.1.0 \u2192 20.5.1\n"
      "::error file=examples/python/Dockerfile,line=3,col=6,endLine=3,"
      "endColumn=24,title=patch-available%3A python%3A3.12.1-slim::newer "
      "patch build 3.12.7-slim in the same track%0Afix: 3.12.1-slim \u2192 "
      "3.12.7-slim\n"
      "::warning file=examples/python/Dockerfile,line=7,col=6,endLine=7,"
      "endColumn=13,title=unpinned%3A alpine%3Alatest::\"latest\" has no "
      "digest: builds are not repeatable%0Afix: sha256:" +
      test::hex64('c') +
      "\n"
      "::error title=1 reference not checked::"
      "registry.example.com/team/app:1.0: unauthorized: authentication "
      "required\n";

  SECTION("one command per reference by level, then the check errors") {
    CHECK(report::render_github(sample) == expected);
  }
  SECTION("deterministic whatever the input order") {
    std::reverse(sample.findings.begin(), sample.findings.end());
    std::reverse(sample.failing.begin(), sample.failing.end());
    CHECK(report::render_github(sample) == expected);
  }
  SECTION("a fail-level finding the policy does not fail is a warning") {
    sample.failing = {false, false, false, false};
    const std::string text = report::render_github(sample);
    CHECK(text.rfind("::warning file=examples/app/Dockerfile,line=1,", 0) == 0);
    CHECK(text.find("::error file=") == std::string::npos);
  }
}

TEST_CASE("render_github escaping and missing positions", "[report]") {
  report::CheckReport report;
  check::Finding finding;
  finding.kind = check::FindingKind::check_error;
  finding.level = check::Level::error;
  finding.location.file = "dir,1/a:b.Dockerfile";
  finding.location.line = 4;
  finding.location.reference = "reg.example:5000/x:1";
  finding.location.expanded = "reg.example:5000/x:1";
  finding.message = "100% failed\nretry, later";
  report.findings = {finding};
  report.file_errors = {{"bad\\Dockerfile", {"unterminated heredoc", 3, 0}},
                        {"gone", {"cannot read file", 0, 0}}};
  report.errors = {
      {"reg.example:5000/x:1", "rate limited", "429: retry after 30s\r\n"}};
  finding.kind = check::FindingKind::unpinned;
  finding.level = check::Level::warn;
  report.findings.push_back(finding);
  CHECK(report::render_github(report) ==
        "::warning file=dir%2C1/a%3Ab.Dockerfile,line=4,title=unpinned%3A "
        "reg.example%3A5000/x%3A1::100%25 failed\\nretry, later\n"
        "::error file=bad/Dockerfile,line=3,title=Dockerfile error::"
        "unterminated heredoc\n"
        "::error file=gone,title=Dockerfile error::cannot read file\n"
        "::error title=1 reference not checked::reg.example:5000/x:1: rate "
        "limited: 429: retry after 30s\\r\\n\n");
}

TEST_CASE("render_github position of a reference on a continuation line",
          "[report]") {
  CHECK(report::render_github(test::continuation_check_report()) ==
        "::error file=Dockerfile,line=4,col=5,endLine=4,endColumn=23,"
        "title=patch-available%3A python%3A3.12.1-slim::newer patch build "
        "3.12.7-slim in the same track%0Afix: 3.12.1-slim \u2192 "
        "3.12.7-slim\n");
}

TEST_CASE("render_github gives one annotation per reference", "[report]") {
  report::CheckReport report = test::continuation_check_report();
  check::Finding minor = report.findings.front();
  minor.kind = check::FindingKind::minor_available;
  minor.level = check::Level::info;
  minor.message = "newer minor version 3.13.0-slim in the same track";
  minor.suggested = check::TagDigest{"3.13.0-slim", ""};
  report.findings.push_back(minor);
  report.failing.push_back(false);
  report.errors = {{"a.example/x:1", "unauthorized", "denied"},
                   {"b.example/y:2", "rate limited", "429"}};
  CHECK(report::render_github(report) ==
        "::error file=Dockerfile,line=4,col=5,endLine=4,endColumn=23,"
        "title=patch-available%2C minor-available%3A python%3A3.12.1-slim::"
        "patch-available: newer patch build 3.12.7-slim in the same track%0A"
        "fix: 3.12.1-slim \u2192 3.12.7-slim%0Aminor-available: newer minor "
        "version 3.13.0-slim in the same track%0Afix: 3.12.1-slim \u2192 "
        "3.13.0-slim\n"
        "::error title=2 references not checked::a.example/x:1: unauthorized: "
        "denied%0Ab.example/y:2: rate limited: 429\n");
}

TEST_CASE("render_github puts the annotation on the ARG line to edit",
          "[report]") {
  CHECK(report::render_github(test::arg_fix_check_report()) ==
        "::error file=Dockerfile,line=1,title=patch-available%3A "
        "python%3A3.12.1-slim::newer patch build 3.12.7-slim in the same "
        "track%0Afix: 3.12.1-slim \u2192 3.12.7-slim%0Athe fix is in the ARG "
        "default on line 1; the reference is on line 2\n");
}

TEST_CASE("render_github of nothing is empty", "[report]") {
  CHECK(report::render_github(report::CheckReport{}) == "");
}
