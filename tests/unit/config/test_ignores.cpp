#include "stalebase/config/ignores.hpp"

#include <catch2/catch.hpp>

using namespace stalebase::config;
using stalebase::check::Finding;
using stalebase::check::FindingKind;

namespace {

Finding make(FindingKind kind,
             std::string canonical,
             std::string tag,
             std::size_t line = 1,
             std::string file = "Dockerfile") {
  Finding finding;
  finding.kind = kind;
  finding.level = stalebase::check::default_level(kind);
  finding.location.file = std::move(file);
  finding.location.line = line;
  finding.location.canonical = std::move(canonical);
  finding.current.tag = std::move(tag);
  return finding;
}

Config config_of(std::string_view text) {
  auto config = parse_config(text, ".stalebase.yaml");
  if (!config) {
    FAIL(config.error().to_string());
  }
  return *config;
}

std::vector<std::string> canonicals(const std::vector<Finding> &findings) {
  std::vector<std::string> result;
  for (const Finding &finding : findings) {
    result.push_back(finding.location.canonical + " " +
                     std::string(stalebase::check::to_string(finding.kind)));
  }
  return result;
}

const Date k_today{2026, 1, 15};

} // namespace

TEST_CASE("config::apply_ignores by image, tag and kind", "[config]") {
  const Config config = config_of(R"(ignore:
  - image: python
    tag: "3.12*"
    kinds: [patch]
    reason: waiting for the 3.13 migration
  - image: ghcr.io/org/*
    reason: built by us
  - image: redis
    kinds: unpinned
    reason: the cache follows upstream
)");
  std::vector<Finding> findings = {
      make(FindingKind::patch_available, "docker.io/library/python:3.12.1-slim",
           "3.12.1-slim"),
      make(FindingKind::digest_drift, "docker.io/library/python:3.12.1-slim",
           "3.12.1-slim"),
      make(FindingKind::patch_available, "docker.io/library/python:3.11.2",
           "3.11.2"),
      make(FindingKind::unpinned, "ghcr.io/org/app:latest", "latest"),
      make(FindingKind::check_error, "ghcr.io/org/team/tool:v1", "v1"),
      make(FindingKind::unpinned, "ghcr.io/other/app:latest", "latest"),
      make(FindingKind::unpinned, "docker.io/library/redis:latest", ""),
      make(FindingKind::tag_missing, "docker.io/library/redis:7.0.0", "7.0.0"),
      make(FindingKind::unresolvable, "", ""),
  };
  const IgnoreOutcome outcome =
      apply_ignores(findings, config, k_today, InlineIgnoresByFile{});
  CHECK(outcome.warnings.empty());
  CHECK(canonicals(findings) ==
        std::vector<std::string>{
            "docker.io/library/python:3.12.1-slim digest-drift",
            "docker.io/library/python:3.11.2 patch-available",
            "ghcr.io/other/app:latest unpinned",
            "docker.io/library/redis:7.0.0 tag-missing", " unresolvable"});
  CHECK(canonicals(outcome.ignored) ==
        std::vector<std::string>{
            "docker.io/library/python:3.12.1-slim patch-available",
            "ghcr.io/org/app:latest unpinned",
            "ghcr.io/org/team/tool:v1 check-error",
            "docker.io/library/redis:latest unpinned"});
}

TEST_CASE("config::apply_ignores tag globs", "[config]") {
  const Config config = config_of(R"(ignore:
  - image: alpine
    tag: latest
    reason: r
  - image: node
    tag: "*-alpine"
    reason: r
)");
  std::vector<Finding> findings = {
      // No tag written: the canonical form's `latest` is the tag.
      make(FindingKind::unpinned, "docker.io/library/alpine:latest", ""),
      make(FindingKind::unpinned, "docker.io/library/alpine:3", "3"),
      make(FindingKind::patch_available, "docker.io/library/node:20.1-alpine",
           "20.1-alpine"),
      make(FindingKind::patch_available, "docker.io/library/node:20.1", "20.1"),
      // Digest only: no tag, so a tag pattern other than `*` does not match.
      make(FindingKind::single_platform_pin,
           "docker.io/library/node@sha256:" + std::string(64, 'a'), ""),
  };
  const IgnoreOutcome outcome =
      apply_ignores(findings, config, k_today, InlineIgnoresByFile{});
  CHECK(canonicals(outcome.ignored) ==
        std::vector<std::string>{
            "docker.io/library/alpine:latest unpinned",
            "docker.io/library/node:20.1-alpine patch-available"});
  CHECK(findings.size() == 3);
}

TEST_CASE("config::apply_ignores lapsed ignores", "[config]") {
  const Config config = config_of(R"(ignore:
  - image: python
    reason: waiting for the 3.13 migration
    until: 2026-01-14
  - image: node
    tag: "20*"
    reason: LTS only
    until: 2026-01-15
  - image: redis
    reason: no expiry
)");
  std::vector<Finding> findings = {
      make(FindingKind::patch_available, "docker.io/library/python:3.12.1",
           "3.12.1"),
      make(FindingKind::patch_available, "docker.io/library/node:20.1", "20.1"),
      make(FindingKind::patch_available, "docker.io/library/redis:7.0.1",
           "7.0.1"),
  };
  SECTION("on the last day the ignore still applies") {
    const IgnoreOutcome outcome =
        apply_ignores(findings, config, k_today, InlineIgnoresByFile{});
    CHECK(canonicals(findings) ==
          std::vector<std::string>{
              "docker.io/library/python:3.12.1 patch-available"});
    CHECK(outcome.warnings ==
          std::vector<std::string>{
              ".stalebase.yaml:2: ignore for \"python\" (\"waiting for the "
              "3.13 migration\") lapsed on 2026-01-14; its findings are "
              "reported again"});
  }
  SECTION("the day after, it lapses too") {
    const IgnoreOutcome outcome = apply_ignores(
        findings, config, Date{2026, 1, 16}, InlineIgnoresByFile{});
    CHECK(findings.size() == 2);
    CHECK(outcome.warnings ==
          std::vector<std::string>{
              ".stalebase.yaml:2: ignore for \"python\" (\"waiting for the "
              "3.13 migration\") lapsed on 2026-01-14; its findings are "
              "reported again",
              ".stalebase.yaml:5: ignore for \"node\" tag \"20*\" (\"LTS "
              "only\") lapsed on 2026-01-15; its findings are reported "
              "again"});
  }
  SECTION("before any expiry nothing lapses") {
    const IgnoreOutcome outcome = apply_ignores(
        findings, config, Date{2025, 12, 31}, InlineIgnoresByFile{});
    CHECK(findings.empty());
    CHECK(outcome.warnings.empty());
    CHECK(outcome.ignored.size() == 3);
  }
}

TEST_CASE("config::apply_ignores inline ignores", "[config]") {
  const auto dockerfile = inline_ignores("FROM python:3.12.1\n"
                                         "# stalebase:ignore=patch reason\n"
                                         "FROM node:20.1\n"
                                         "# stalebase:ignore\n"
                                         "FROM ${BASE}\n",
                                         "app/Dockerfile");
  REQUIRE(dockerfile.has_value());
  const InlineIgnoresByFile inline_by_file = {{"app/Dockerfile", *dockerfile}};
  std::vector<Finding> findings = {
      make(FindingKind::patch_available, "docker.io/library/python:3.12.1",
           "3.12.1", 1, "app/Dockerfile"),
      make(FindingKind::patch_available, "docker.io/library/node:20.1", "20.1",
           3, "app/Dockerfile"),
      make(FindingKind::digest_drift, "docker.io/library/node:20.1", "20.1", 3,
           "app/Dockerfile"),
      make(FindingKind::unresolvable, "", "", 5, "app/Dockerfile"),
      // Same line in another file: not covered.
      make(FindingKind::patch_available, "docker.io/library/node:20.1", "20.1",
           3, "other/Dockerfile"),
  };
  const IgnoreOutcome outcome =
      apply_ignores(findings, Config{}, k_today, inline_by_file);
  CHECK(outcome.warnings.empty());
  CHECK(canonicals(outcome.ignored) ==
        std::vector<std::string>{"docker.io/library/node:20.1 patch-available",
                                 " unresolvable"});
  REQUIRE(findings.size() == 3);
  CHECK(findings[0].location.line == 1);
  CHECK(findings[1].kind == FindingKind::digest_drift);
  CHECK(findings[2].location.file == "other/Dockerfile");
}

TEST_CASE("config::reference_ignores", "[config]") {
  const Config config = config_of(R"(ignore:
  - image: python
    tag: "3.12*"
    kinds: [patch, digest]
    reason: waiting for the 3.13 migration
  - image: redis
    reason: the cache follows upstream
  - image: node
    reason: lapsed
    until: 2026-01-14
)");
  const auto comments = inline_ignores("FROM alpine:3.20\n"
                                       "# stalebase:ignore=unpinned pinned "
                                       "by the base team\n"
                                       "FROM alpine:3.20\n"
                                       "# stalebase:ignore\n"
                                       "FROM python:3.12.1\n",
                                       "Dockerfile");
  REQUIRE(comments.has_value());
  const InlineIgnoresByFile inline_by_file = {{"Dockerfile", *comments}};
  const auto at = [](std::size_t line, std::string canonical) {
    return make(FindingKind::unpinned, std::move(canonical), "", line).location;
  };

  SECTION("configuration entries, by kind") {
    const ReferenceIgnores python =
        reference_ignores(at(7, "docker.io/library/python:3.12.1"), "3.12.1",
                          config, k_today, inline_by_file);
    CHECK(python.kinds ==
          std::vector<FindingKind>{FindingKind::digest_drift,
                                   FindingKind::patch_available});
    CHECK(python.has(FindingKind::patch_available));
    CHECK_FALSE(python.has(FindingKind::unpinned));
    CHECK_FALSE(python.all());
    CHECK(python.sources ==
          std::vector<std::string>{
              ".stalebase.yaml:2 (\"waiting for the 3.13 migration\")"});
    // The tag glob decides.
    CHECK(reference_ignores(at(7, "docker.io/library/python:3.13.0"), "3.13.0",
                            config, k_today, inline_by_file)
              .kinds.empty());
    const ReferenceIgnores redis =
        reference_ignores(at(9, "docker.io/library/redis:7"), "7", config,
                          k_today, inline_by_file);
    CHECK(redis.all());
    CHECK(redis.sources ==
          std::vector<std::string>{".stalebase.yaml:6 (\"the cache follows "
                                   "upstream\")"});
  }
  SECTION("a lapsed entry covers nothing") {
    CHECK(reference_ignores(at(9, "docker.io/library/node:20"), "20", config,
                            k_today, inline_by_file)
              .kinds.empty());
    CHECK(reference_ignores(at(9, "docker.io/library/node:20"), "20", config,
                            Date{2026, 1, 14}, inline_by_file)
              .all());
  }
  SECTION("inline comments, joined with the configuration's") {
    const ReferenceIgnores alpine =
        reference_ignores(at(3, "docker.io/library/alpine:3.20"), "3.20",
                          config, k_today, inline_by_file);
    CHECK(alpine.kinds == std::vector<FindingKind>{FindingKind::unpinned});
    CHECK(alpine.sources == std::vector<std::string>{
                                "Dockerfile:2 (\"pinned by the base team\")"});
    const ReferenceIgnores python =
        reference_ignores(at(5, "docker.io/library/python:3.12.1"), "3.12.1",
                          config, k_today, inline_by_file);
    CHECK(python.all());
    CHECK(python.sources ==
          std::vector<std::string>{
              "Dockerfile:4",
              ".stalebase.yaml:2 (\"waiting for the 3.13 migration\")"});
    CHECK(reference_ignores(at(1, "docker.io/library/alpine:3.20"), "3.20",
                            config, k_today, inline_by_file)
              .kinds.empty());
  }
}
