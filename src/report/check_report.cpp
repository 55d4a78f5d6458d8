#include "stalebase/report/check_report.hpp"

#include "report/check_common.hpp"

#include <set>
#include <utility>

namespace stalebase::report {

bool is_failing(const CheckReport &report, std::size_t index) {
  if (report.failing.size() == report.findings.size()) {
    return report.failing[index];
  }
  return report.findings[index].level == check::Level::fail;
}

const FixPlace *fix_place(const CheckReport &report, std::size_t index) {
  if (report.fixes.size() != report.findings.size() ||
      report.fixes[index].edits.empty()) {
    return nullptr;
  }
  return &report.fixes[index];
}

void count_findings(CheckReport &report) {
  Summary &summary = report.summary;
  summary.by_kind.clear();
  summary.by_level.clear();
  summary.failing = 0;
  for (std::size_t i = 0; i < report.findings.size(); ++i) {
    ++summary.by_kind[report.findings[i].kind];
    ++summary.by_level[report.findings[i].level];
    if (is_failing(report, i)) {
      ++summary.failing;
    }
  }
  summary.not_checked = report.errors.size();
}

std::string summary_line(const CheckReport &report) {
  return summary_line(report, "file", "reference");
}

std::string summary_line(const CheckReport &report,
                         std::string_view files_noun,
                         std::string_view references_noun) {
  using check::Level;
  std::string line =
      detail::plural(report.summary.files, files_noun) + ", " +
      detail::plural(report.summary.references, references_noun) + ": ";
  std::map<check::FindingKind, std::size_t> failing_kinds;
  std::map<Level, std::size_t> others;
  std::size_t failing = 0;
  for (std::size_t i = 0; i < report.findings.size(); ++i) {
    const Level level = detail::shown_level(report, i);
    if (level == Level::fail) {
      ++failing;
      ++failing_kinds[report.findings[i].kind];
    } else {
      ++others[level];
    }
  }
  if (report.findings.empty()) {
    line += "no findings";
  }
  std::string parts;
  if (failing > 0) {
    parts = std::to_string(failing) + " fail (";
    bool first = true;
    for (const auto &[kind, count] : failing_kinds) {
      parts += first ? "" : ", ";
      parts += std::to_string(count) + " ";
      parts += check::to_string(kind);
      first = false;
    }
    parts += ")";
  }
  for (const Level level : {Level::error, Level::warn, Level::info}) {
    const auto found = others.find(level);
    if (found != others.end()) {
      parts += parts.empty() ? "" : ", ";
      parts += std::to_string(found->second) + " ";
      parts += check::to_string(level);
    }
  }
  line += parts;
  if (!report.errors.empty()) {
    std::set<std::pair<std::string, std::string>> reasons;
    for (const ReferenceError &error : report.errors) {
      reasons.emplace(detail::registry_host(error.reference), error.kind);
    }
    line += "; " + std::to_string(report.errors.size()) + " not checked (";
    bool first = true;
    for (const auto &[host, kind] : reasons) {
      line += first ? "" : ", ";
      line += host + ": " + kind;
      first = false;
    }
    line += ")";
  }
  if (!report.file_errors.empty()) {
    std::set<std::string> files;
    for (const FileError &error : report.file_errors) {
      files.insert(error.file);
    }
    line += "; " + detail::plural(files.size(), "file") + " with errors";
  }
  return line;
}

} // namespace stalebase::report
