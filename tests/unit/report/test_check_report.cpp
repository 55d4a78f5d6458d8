#include "stalebase/report/check_report.hpp"

#include "unit/report/sample_check_report.hpp"

#include <catch2/catch.hpp>

using namespace stalebase;
using check::FindingKind;
using check::Level;

TEST_CASE("report::count_findings", "[report]") {
  const report::CheckReport sample = test::sample_check_report();
  const report::Summary &summary = sample.summary;
  CHECK(summary.by_kind ==
        std::map<FindingKind, std::size_t>{{FindingKind::digest_drift, 1},
                                           {FindingKind::patch_available, 1},
                                           {FindingKind::minor_available, 1},
                                           {FindingKind::unpinned, 1}});
  CHECK(summary.by_level == std::map<Level, std::size_t>{{Level::info, 1},
                                                         {Level::warn, 1},
                                                         {Level::fail, 2}});
  CHECK(summary.failing == 2);
  CHECK(summary.not_checked == 1);
  CHECK(summary.files == 3);
  CHECK(summary.exit_code == util::ExitCode::stale);
}

TEST_CASE("report::is_failing", "[report]") {
  report::CheckReport sample = test::sample_check_report();
  SECTION("from the policy") {
    sample.failing = {false, true, false, false};
    CHECK_FALSE(report::is_failing(sample, 0));
    CHECK(report::is_failing(sample, 1));
  }
  SECTION("without a policy: level fail fails") {
    sample.failing.clear();
    CHECK(report::is_failing(sample, 0));
    CHECK_FALSE(report::is_failing(sample, 1));
    CHECK(report::is_failing(sample, 2));
    CHECK_FALSE(report::is_failing(sample, 3));
  }
}

TEST_CASE("report::summary_line", "[report]") {
  report::CheckReport sample = test::sample_check_report();
  SECTION("findings and a reference not checked") {
    CHECK(report::summary_line(sample) ==
          "3 files, 5 references: 2 fail (1 digest-drift, 1 patch-available), "
          "1 warn, 1 info; 1 not checked (registry.example.com: "
          "unauthorized)");
  }
  SECTION("nothing found") {
    report::CheckReport empty;
    empty.summary.files = 1;
    empty.summary.references = 1;
    CHECK(report::summary_line(empty) == "1 file, 1 reference: no findings");
  }
  SECTION("a fail-level finding the policy does not fail counts as warn") {
    sample.failing = {false, false, true, false};
    CHECK(report::summary_line(sample) ==
          "3 files, 5 references: 1 fail (1 digest-drift), 2 warn, 1 info; "
          "1 not checked (registry.example.com: unauthorized)");
  }
  SECTION("a failing info finding counts as fail") {
    sample.failing = {true, false, true, true};
    CHECK(report::summary_line(sample) ==
          "3 files, 5 references: 3 fail (1 digest-drift, 1 patch-available, "
          "1 minor-available), 1 warn; 1 not checked (registry.example.com: "
          "unauthorized)");
  }
  SECTION("not checked grouped by registry and reason, file errors") {
    sample.errors.push_back(
        {"quay.example/a/b:1", "rate limited", "429 too many requests"});
    sample.errors.push_back(
        {"registry.example.com/team/other:2", "unauthorized", "denied"});
    sample.file_errors.push_back(
        {"bad/Dockerfile", {"unknown instruction", 2, 1}});
    sample.file_errors.push_back({"bad/Dockerfile", {"second error", 4, 1}});
    sample.findings.clear();
    CHECK(report::summary_line(sample) ==
          "3 files, 5 references: no findings; 3 not checked (quay.example: "
          "rate limited, registry.example.com: unauthorized); 1 file with "
          "errors");
  }
}
