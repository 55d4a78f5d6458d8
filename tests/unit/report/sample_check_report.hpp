#pragma once

// A small `check` report shared by the renderer tests: two files, four findings
// given out of order, one reference not checked.

#include "stalebase/report/check_report.hpp"

#include <string>

namespace stalebase::test {

inline std::string hex64(char c) {
  return std::string(64, c);
}

inline check::Finding sample_finding(check::FindingKind kind,
                                     std::string file,
                                     std::size_t line,
                                     std::string reference) {
  check::Finding finding;
  finding.kind = kind;
  finding.level = check::default_level(kind);
  finding.location.file = std::move(file);
  finding.location.line = line;
  finding.location.reference_line = line;
  finding.location.column = 6;
  finding.location.end_line = line;
  finding.location.end_column = 6 + reference.size();
  finding.location.reference = reference;
  finding.location.expanded = reference;
  finding.location.stage = "0";
  finding.location.platform = "linux/amd64";
  finding.location.instruction = "from";
  return finding;
}

inline report::CheckReport sample_check_report() {
  using check::FindingKind;
  report::CheckReport result;

  auto patch =
      sample_finding(FindingKind::patch_available, "examples/python/Dockerfile",
                     3, "python:3.12.1-slim");
  patch.location.canonical = "docker.io/library/python:3.12.1-slim";
  patch.location.stage = "build";
  patch.message = "newer patch build 3.12.7-slim in the same track";
  patch.current = {"3.12.1-slim", ""};
  patch.suggested = check::TagDigest{"3.12.7-slim", "sha256:" + hex64('b')};

  auto unpinned = sample_finding(FindingKind::unpinned,
                                 "examples/python/Dockerfile", 7, "${BASE}");
  unpinned.location.expanded = "alpine:latest";
  unpinned.location.canonical = "docker.io/library/alpine:latest";
  unpinned.location.stage = "1";
  unpinned.message = "\"latest\" has no digest: builds are not repeatable";
  unpinned.current = {"latest", ""};
  unpinned.suggested = check::TagDigest{"latest", "sha256:" + hex64('c')};

  const std::string pinned = "alpine:3.20@sha256:" + hex64('a');
  auto drift = sample_finding(FindingKind::digest_drift,
                              "examples/app/Dockerfile", 1, pinned);
  drift.location.canonical = "docker.io/library/" + pinned;
  drift.message =
      "pinned digest sha256:" + hex64('a') + " is not what 3.20 points at now";
  drift.current = {"3.20", "sha256:" + hex64('a')};
  drift.suggested = check::TagDigest{"3.20", "sha256:" + hex64('d')};
  drift.equalled_at_pin = {"3.20.1"};

  auto minor = sample_finding(FindingKind::minor_available,
                              "examples/app/Dockerfile", 5, "node:20.1.0");
  minor.location.canonical = "docker.io/library/node:20.1.0";
  minor.location.stage = "web";
  minor.message = "newer minor version 20.5.1 in the same track";
  minor.current = {"20.1.0", ""};
  minor.suggested = check::TagDigest{"20.5.1", ""};

  // Out of order on purpose: the renderers sort.
  result.findings = {patch, unpinned, drift, minor};
  result.failing = {true, false, true, false};
  result.checked = {
      "docker.io/library/python:3.12.1-slim", "docker.io/library/alpine:latest",
      "docker.io/library/" + pinned, "docker.io/library/node:20.1.0",
      "docker.io/library/alpine:latest"};
  result.errors = {{"registry.example.com/team/app:1.0", "unauthorized",
                    "authentication required"}};
  result.summary.files = 3;
  result.summary.references = 5;
  result.summary.distinct_references = 5;
  result.summary.exit_code = util::ExitCode::stale;
  report::count_findings(result);
  return result;
}

// A report with one finding whose reference is on a continuation line: line
// 3 is `FROM --platform=linux/amd64 \` and line 4 `    python:3.12.1-slim AS
// build`.
inline report::CheckReport continuation_check_report() {
  auto patch = sample_finding(check::FindingKind::patch_available, "Dockerfile",
                              3, "python:3.12.1-slim");
  patch.location.reference_line = 4;
  patch.location.column = 5;
  patch.location.end_line = 4;
  patch.location.end_column = 23;
  patch.location.canonical = "docker.io/library/python:3.12.1-slim";
  patch.message = "newer patch build 3.12.7-slim in the same track";
  patch.current = {"3.12.1-slim", ""};
  patch.suggested = check::TagDigest{"3.12.7-slim", ""};
  report::CheckReport result;
  result.findings = {patch};
  result.failing = {true};
  result.checked = {"docker.io/library/python:3.12.1-slim"};
  result.summary.files = 1;
  result.summary.references = 1;
  result.summary.distinct_references = 1;
  result.summary.exit_code = util::ExitCode::stale;
  report::count_findings(result);
  return result;
}

// A report with one finding whose fix is in an ARG default: line 1 is
// `ARG PY=3.12.1-slim` and line 2 `FROM python:${PY}`.
inline report::CheckReport arg_fix_check_report() {
  report::CheckReport result = continuation_check_report();
  check::Location &at = result.findings.front().location;
  at.line = 2;
  at.reference_line = 2;
  at.column = 6;
  at.end_line = 2;
  at.end_column = 18;
  at.reference = "python:${PY}";
  at.expanded = "python:3.12.1-slim";
  result.fixes = {report::FixPlace{1, {report::FixEdit{1, 13, 1, 14, "7"}}}};
  return result;
}

} // namespace stalebase::test
