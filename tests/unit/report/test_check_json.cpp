#include "stalebase/report/check_json.hpp"

#include "unit/report/sample_check_report.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>

using namespace stalebase;
using nlohmann::json;

TEST_CASE("check_to_json top level and summary", "[report]") {
  report::CheckReport sample = test::sample_check_report();
  sample.file_errors.push_back(
      {"z/Dockerfile", {"unknown instruction: FORM", 2, 1}});
  sample.file_errors.push_back({"a/Dockerfile", {"cannot read file", 0, 0}});
  const json doc = report::check_to_json(sample);

  std::vector<std::string> keys;
  for (const auto &item : doc.items()) {
    keys.push_back(item.key());
  }
  CHECK(keys == std::vector<std::string>{"errors", "file_errors", "findings",
                                         "references", "schema_version",
                                         "summary"});
  CHECK(doc["schema_version"] == 1);
  CHECK(doc["summary"] == json::parse(R"({
    "files": 3, "references": 5, "distinct_references": 5, "findings": 4,
    "by_kind": {"digest-drift": 1, "index-drift": 0, "digest-only": 0,
                "patch-available": 1, "minor-available": 1,
                "major-available": 0, "variant-ended": 0, "unpinned": 1,
                "tag-missing": 0,
                "unresolvable": 0, "invalid-reference": 0,
                "single-platform-pin": 0, "wrong-platform-pin": 0,
                "check-error": 0},
    "by_level": {"info": 1, "warn": 1, "fail": 2, "error": 0},
    "failing": 2, "not_checked": 1, "file_errors": 2, "exit_code": 1})"));
  CHECK(doc["references"] == json::parse(R"([
    "docker.io/library/alpine:3.20@sha256:)" +
                                         test::hex64('a') + R"(",
    "docker.io/library/alpine:latest",
    "docker.io/library/node:20.1.0",
    "docker.io/library/python:3.12.1-slim"])"));
  CHECK(doc["errors"] == json::parse(R"([
    {"reference": "registry.example.com/team/app:1.0",
     "registry": "registry.example.com", "kind": "unauthorized",
     "message": "authentication required"}])"));
  CHECK(doc["file_errors"] == json::parse(R"([
    {"file": "a/Dockerfile", "line": 0, "column": 0, "message": "cannot read file"},
    {"file": "z/Dockerfile", "line": 2, "column": 1,
     "message": "unknown instruction: FORM"}])"));
}

TEST_CASE("check_to_json findings", "[report]") {
  const json doc = report::check_to_json(test::sample_check_report());
  const json &findings = doc["findings"];
  REQUIRE(findings.size() == 4);

  SECTION("every finding has every field") {
    const std::vector<std::string> fields = {
        "kind",       "level",          "failing",     "file",
        "line",       "reference_line", "column",      "end_line",
        "end_column", "reference",      "expanded",    "canonical",
        "stage",      "platform",       "instruction", "message",
        "current",    "suggested",      "equals",      "equalled_at_pin",
        "fix_line",   "fix_edits"};
    for (const json &finding : findings) {
      for (const std::string &field : fields) {
        INFO(field);
        CHECK(finding.contains(field));
      }
      CHECK(finding.size() == fields.size());
      CHECK(finding["current"].contains("tag"));
      CHECK(finding["current"].contains("digest"));
    }
  }
  SECTION("sorted by file, line, column, kind") {
    std::vector<std::string> order;
    for (const json &finding : findings) {
      order.push_back(finding["file"].get<std::string>() + ":" +
                      std::to_string(finding["line"].get<int>()));
    }
    CHECK(order == std::vector<std::string>{"examples/app/Dockerfile:1",
                                            "examples/app/Dockerfile:5",
                                            "examples/python/Dockerfile:3",
                                            "examples/python/Dockerfile:7"});
  }
  SECTION("a finding with a fix, exactly") {
    CHECK(findings[2] == json::parse(R"({
      "kind": "patch-available", "level": "fail", "failing": true,
      "file": "examples/python/Dockerfile", "line": 3, "reference_line": 3,
      "column": 6, "end_line": 3, "end_column": 24,
      "reference": "python:3.12.1-slim", "expanded": "python:3.12.1-slim",
      "canonical": "docker.io/library/python:3.12.1-slim",
      "stage": "build", "platform": "linux/amd64", "instruction": "from",
      "message": "newer patch build 3.12.7-slim in the same track",
      "current": {"tag": "3.12.1-slim", "digest": null},
      "suggested": {"tag": "3.12.7-slim", "digest": "sha256:)" +
                                     test::hex64('b') + R"("},
      "equals": [], "equalled_at_pin": [], "fix_line": null,
      "fix_edits": []})"));
  }
  SECTION("a fix in an ARG default: its line and edits") {
    const json doc_arg = report::check_to_json(test::arg_fix_check_report());
    CHECK(doc_arg["findings"][0]["fix_line"] == 1);
    CHECK(doc_arg["findings"][0]["fix_edits"] == json::parse(R"([
      {"line": 1, "column": 13, "end_line": 1, "end_column": 14,
       "replacement": "7"}])"));
  }
  SECTION("through ARGs, not failing, equalled at pin") {
    CHECK(findings[3]["reference"] == "${BASE}");
    CHECK(findings[3]["expanded"] == "alpine:latest");
    CHECK(findings[3]["failing"] == false);
    CHECK(findings[3]["level"] == "warn");
    CHECK(findings[0]["equalled_at_pin"] == json::parse(R"(["3.20.1"])"));
  }
}

TEST_CASE("check_to_json without a fix or a canonical name", "[report]") {
  report::CheckReport report;
  check::Finding finding;
  finding.kind = check::FindingKind::unresolvable;
  finding.level = check::Level::warn;
  finding.location.file = "Dockerfile";
  finding.location.line = 2;
  finding.location.reference = "${IMAGE}";
  finding.message =
      "\"${IMAGE}\" expands to an empty name: ARG IMAGE has no value";
  finding.equals = {"3.12.7"};
  report.findings = {finding};
  report::count_findings(report);
  const json doc = report::check_to_json(report);
  const json &entry = doc["findings"][0];
  CHECK(entry["suggested"].is_null());
  CHECK(entry["canonical"].is_null());
  CHECK(entry["expanded"] == "");
  CHECK(entry["current"] == json::parse(R"({"tag": null, "digest": null})"));
  CHECK(entry["failing"] == false);
  CHECK(entry["equals"] == json::parse(R"(["3.12.7"])"));
  CHECK(doc["references"] == json::array());
  CHECK(doc["errors"] == json::array());
  CHECK(doc["file_errors"] == json::array());
}

TEST_CASE("check_to_json of a reference on a continuation line", "[report]") {
  const json finding =
      report::check_to_json(test::continuation_check_report())["findings"][0];
  CHECK(finding["line"] == 3);
  CHECK(finding["reference_line"] == 4);
  CHECK(finding["column"] == 5);
  CHECK(finding["end_line"] == 4);
  CHECK(finding["end_column"] == 23);
}

TEST_CASE("check_to_json is deterministic", "[report]") {
  report::CheckReport sample = test::sample_check_report();
  const std::string first = report::check_to_json(sample).dump(2);
  std::reverse(sample.findings.begin(), sample.findings.end());
  std::reverse(sample.failing.begin(), sample.failing.end());
  std::reverse(sample.checked.begin(), sample.checked.end());
  CHECK(report::check_to_json(sample).dump(2) == first);
}
