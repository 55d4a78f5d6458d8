#include "stalebase/config/policy.hpp"

#include <catch2/catch.hpp>

using namespace stalebase::config;
using stalebase::check::Finding;
using stalebase::check::FindingKind;
using stalebase::check::Level;

namespace {

Finding finding(FindingKind kind) {
  Finding result;
  result.kind = kind;
  result.level = stalebase::check::default_level(kind);
  return result;
}

std::string policy_text(std::string_view text) {
  return parse_fail_on(text).value().to_string();
}

} // namespace

TEST_CASE("config::FailPolicy default", "[config]") {
  const FailPolicy policy = FailPolicy::default_policy();
  CHECK(policy.to_string() == "digest-drift,patch-available,tag-missing,"
                              "invalid-reference,wrong-platform-pin,"
                              "base-drift,base-patch-available");
  CHECK(policy ==
        FailPolicy{FindingKind::digest_drift, FindingKind::patch_available,
                   FindingKind::tag_missing, FindingKind::invalid_reference,
                   FindingKind::wrong_platform_pin, FindingKind::base_drift,
                   FindingKind::base_patch_available});
  CHECK(policy_text("wrong-platform") == "wrong-platform-pin");
  CHECK(policy_text("invalid") == "invalid-reference");
  CHECK(policy.fails(finding(FindingKind::digest_drift)));
  CHECK(policy.fails(finding(FindingKind::patch_available)));
  CHECK(policy.fails(finding(FindingKind::tag_missing)));
  CHECK_FALSE(policy.fails(finding(FindingKind::minor_available)));
  CHECK_FALSE(policy.fails(finding(FindingKind::unpinned)));
  CHECK_FALSE(policy.fails(finding(FindingKind::check_error)));
  CHECK(FailPolicy().to_string() == "none");
  CHECK(FailPolicy().kinds().empty());
}

TEST_CASE("config::FailPolicy counts only the kind", "[config]") {
  Finding unpinned = finding(FindingKind::unpinned);
  unpinned.level = Level::fail;
  CHECK_FALSE(FailPolicy::default_policy().fails(unpinned));
  Finding drift = finding(FindingKind::digest_drift);
  drift.level = Level::info;
  CHECK(FailPolicy::default_policy().fails(drift));
}

TEST_CASE("config::parse_fail_on words", "[config]") {
  CHECK(policy_text("patch,digest") == "digest-drift,patch-available");
  CHECK(policy_text("patch-available, digest-drift") ==
        "digest-drift,patch-available");
  CHECK(policy_text(" digest ") == "digest-drift");
  CHECK(policy_text("index") == "index-drift");
  CHECK(policy_text("minor") == "minor-available");
  CHECK(policy_text("major") == "major-available");
  CHECK(policy_text("unpinned") == "unpinned");
  CHECK(policy_text("missing") == "tag-missing");
  CHECK(policy_text("tag-missing") == "tag-missing");
  CHECK(policy_text("unresolvable") == "unresolvable");
  CHECK(policy_text("single-platform") == "single-platform-pin");
  CHECK(policy_text("single-platform-pin") == "single-platform-pin");
  CHECK(policy_text("check-error") == "check-error");
  CHECK(policy_text("none") == "none");
  CHECK(policy_text("patch,patch") == "patch-available");
}

TEST_CASE("config::parse_fail_on levels", "[config]") {
  CHECK(policy_text("fail") == "digest-drift,patch-available,tag-missing,"
                               "invalid-reference,wrong-platform-pin,"
                               "base-drift,base-patch-available");
  CHECK(parse_fail_on("fail").value() == FailPolicy::default_policy());
  CHECK(policy_text("warn") ==
        "digest-drift,patch-available,variant-ended,unpinned,tag-missing,"
        "unresolvable,invalid-reference,single-platform-pin,wrong-platform-pin,"
        "base-drift,base-patch-available,base-unknown");
  CHECK(policy_text("info") ==
        "digest-drift,index-drift,digest-only,patch-available,minor-available,"
        "major-available,variant-ended,unpinned,tag-missing,unresolvable,"
        "invalid-reference,single-platform-pin,wrong-platform-pin,base-drift,"
        "base-patch-available,base-minor-available,base-major-available,"
        "base-unknown");
  CHECK(policy_text("all") == policy_text("info"));
  CHECK(policy_text("all,check-error") ==
        "digest-drift,index-drift,digest-only,patch-available,minor-available,"
        "major-available,variant-ended,unpinned,tag-missing,unresolvable,"
        "invalid-reference,single-platform-pin,wrong-platform-pin,check-error,"
        "base-drift,base-patch-available,base-minor-available,"
        "base-major-available,base-unknown");
  CHECK(policy_text("fail,minor") ==
        "digest-drift,patch-available,minor-available,tag-missing,"
        "invalid-reference,wrong-platform-pin,base-drift,"
        "base-patch-available");
}

TEST_CASE("config::parse_fail_on round-trips to_string", "[config]") {
  for (const char *text : {"none", "patch", "warn", "all,check-error",
                           "digest,missing,single-platform"}) {
    CAPTURE(text);
    const FailPolicy policy = parse_fail_on(text).value();
    CHECK(parse_fail_on(policy.to_string()).value() == policy);
  }
}

TEST_CASE("config::parse_fail_on errors", "[config]") {
  CHECK(parse_fail_on("pach").error() ==
        "unknown kind or level \"pach\", did you mean \"patch\"?");
  CHECK(parse_fail_on("patch,digets").error() ==
        "unknown kind or level \"digets\", did you mean \"digest\"?");
  CHECK(parse_fail_on("digest_drift").error() ==
        "unknown kind or level \"digest_drift\", did you mean "
        "\"digest-drift\"?");
  CHECK(parse_fail_on("nnoe").error() ==
        "unknown kind or level \"nnoe\", did you mean \"none\"?");
  CHECK(parse_fail_on("error").error() ==
        "unknown kind or level \"error\": expected kinds (digest-drift, "
        "index-drift, digest-only, patch-available, minor-available, "
        "major-available, variant-ended, unpinned, tag-missing, unresolvable, "
        "invalid-reference, single-platform-pin, wrong-platform-pin, "
        "check-error, base-drift, base-patch-available, base-minor-available, "
        "base-major-available, base-unknown), short names (digest, index, "
        "patch, minor, major, variant, missing, single-platform, "
        "wrong-platform, invalid), levels (fail, "
        "warn, info), \"all\" or \"none\"");
  CHECK(parse_fail_on("").error() ==
        "expected a comma list of kinds or levels, found nothing");
  CHECK(parse_fail_on("  ").error() ==
        "expected a comma list of kinds or levels, found nothing");
  CHECK(parse_fail_on("patch,,digest").error() ==
        "empty word in \"patch,,digest\"");
  CHECK(parse_fail_on("patch,").error() == "empty word in \"patch,\"");
  CHECK(parse_fail_on(",patch").error() == "empty word in \",patch\"");
  CHECK(parse_fail_on("none,patch").error() ==
        "\"none\" cannot be combined with other words in \"none,patch\"");
  CHECK(parse_fail_on("patch,none").error() ==
        "\"none\" cannot be combined with other words in \"patch,none\"");
  CHECK(parse_fail_on("PATCH").error() ==
        "unknown kind or level \"PATCH\", did you mean \"patch\"?");
}

TEST_CASE("config::parse_kind_word", "[config]") {
  CHECK(parse_kind_word("digest").value() == FindingKind::digest_drift);
  CHECK(parse_kind_word("digest-drift").value() == FindingKind::digest_drift);
  CHECK(parse_kind_word("check-error").value() == FindingKind::check_error);
  for (FindingKind kind : stalebase::check::all_finding_kinds()) {
    CHECK(parse_kind_word(stalebase::check::to_string(kind)).value() == kind);
  }
  CHECK(parse_kind_word("warn").error() ==
        "unknown finding kind \"warn\": expected one of digest-drift, "
        "index-drift, digest-only, patch-available, minor-available, "
        "major-available, variant-ended, unpinned, tag-missing, unresolvable, "
        "invalid-reference, single-platform-pin, wrong-platform-pin, "
        "check-error, base-drift, base-patch-available, base-minor-available, "
        "base-major-available, base-unknown (or the short names digest, index, "
        "patch, minor, major, variant, missing, single-platform, "
        "wrong-platform, invalid)");
  CHECK(parse_kind_word("unpined").error() ==
        "unknown finding kind \"unpined\", did you mean \"unpinned\"?");
}

TEST_CASE("config::apply_policy_levels", "[config]") {
  std::vector<Finding> findings = {
      finding(FindingKind::digest_drift), finding(FindingKind::patch_available),
      finding(FindingKind::unpinned), finding(FindingKind::minor_available),
      finding(FindingKind::check_error)};
  apply_policy_levels(findings, parse_fail_on("digest,unpinned").value());
  CHECK(findings[0].level == Level::fail);
  CHECK(findings[1].level == Level::warn); // fail by default, not by policy
  CHECK(findings[2].level == Level::fail);
  CHECK(findings[3].level == Level::info);
  CHECK(findings[4].level == Level::error);
  apply_policy_levels(findings, parse_fail_on("check-error").value());
  CHECK(findings[4].level == Level::fail);
  CHECK(findings[0].level == Level::warn);
}

TEST_CASE("config::exit_code precedence", "[config]") {
  const FailPolicy policy = FailPolicy::default_policy();
  const std::vector<Finding> none;
  const std::vector<Finding> failing = {finding(FindingKind::unpinned),
                                        finding(FindingKind::patch_available)};
  const std::vector<Finding> below = {finding(FindingKind::unpinned),
                                      finding(FindingKind::minor_available)};
  const std::vector<Finding> unchecked = {finding(FindingKind::unpinned),
                                          finding(FindingKind::check_error)};
  const std::vector<Finding> both = {finding(FindingKind::check_error),
                                     finding(FindingKind::digest_drift)};

  struct Row {
    const std::vector<Finding> *findings;
    bool file_errors;
    bool check_errors;
    int expected;
  };
  const Row table[] = {
      {&none, false, false, 0},     {&below, false, false, 0},
      {&failing, false, false, 1},  {&unchecked, false, false, 3},
      {&none, false, true, 3},      {&below, false, true, 3},
      {&both, false, false, 1},     {&failing, false, true, 1},
      {&none, true, false, 2},      {&failing, true, false, 2},
      {&unchecked, true, false, 2}, {&both, true, true, 2},
  };
  for (const Row &row : table) {
    CAPTURE(row.findings->size(), row.file_errors, row.check_errors);
    CHECK(stalebase::util::to_int(exit_code(*row.findings, policy,
                                            row.file_errors,
                                            row.check_errors)) == row.expected);
  }
  SECTION("naming check-error turns unchecked references into failures") {
    CHECK(stalebase::util::to_int(exit_code(
              unchecked, parse_fail_on("check-error").value(), false, false)) ==
          1);
    CHECK(stalebase::util::to_int(exit_code(
              none, parse_fail_on("check-error").value(), false, true)) == 3);
  }
  SECTION("none never fails, but still reports unchecked references") {
    CHECK(stalebase::util::to_int(
              exit_code(failing, FailPolicy(), false, false)) == 0);
    CHECK(stalebase::util::to_int(
              exit_code(unchecked, FailPolicy(), false, false)) == 3);
  }
}
