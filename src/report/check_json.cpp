#include "stalebase/report/check_json.hpp"

#include "report/check_common.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace stalebase::report {

namespace {

// null for an empty string, so that "none" reads the same everywhere.
nlohmann::json text_or_null(const std::string &text) {
  return text.empty() ? nlohmann::json(nullptr) : nlohmann::json(text);
}

nlohmann::json tag_digest_json(const check::TagDigest &value) {
  return {{"tag", text_or_null(value.tag)},
          {"digest", text_or_null(value.digest)}};
}

nlohmann::json finding_json(const CheckReport &report, std::size_t index) {
  const check::Finding &finding = report.findings[index];
  const check::Location &at = finding.location;
  const FixPlace *place = fix_place(report, index);
  nlohmann::json edits = nlohmann::json::array();
  if (place != nullptr) {
    for (const FixEdit &edit : place->edits) {
      edits.push_back({{"line", edit.line},
                       {"column", edit.column},
                       {"end_line", edit.end_line},
                       {"end_column", edit.end_column},
                       {"replacement", edit.replacement}});
    }
  }
  nlohmann::json entry = {
      {"kind", check::to_string(finding.kind)},
      {"level", check::to_string(finding.level)},
      {"failing", is_failing(report, index)},
      {"file", at.file},
      {"line", at.line},
      {"reference_line", check::reference_start_line(at)},
      {"column", at.column},
      {"end_line", at.end_line},
      {"end_column", at.end_column},
      {"reference", at.reference},
      {"expanded", at.expanded},
      {"canonical", text_or_null(at.canonical)},
      {"stage", at.stage},
      {"platform", at.platform},
      {"instruction", at.instruction},
      {"message", finding.message},
      {"current", tag_digest_json(finding.current)},
      {"suggested", finding.suggested ? tag_digest_json(*finding.suggested)
                                      : nlohmann::json(nullptr)},
      {"equals", finding.equals},
      {"equalled_at_pin", finding.equalled_at_pin},
      {"fix_line", place != nullptr && place->line != 0
                       ? nlohmann::json(place->line)
                       : nlohmann::json(nullptr)},
      {"fix_edits", std::move(edits)},
  };
  if (!at.source.empty()) {
    // Only for image sources (issue 16): a Dockerfile's findings keep their
    // bytes.
    entry["source"] = at.source;
    entry["yaml_path"] = at.yaml_path;
  }
  return entry;
}

nlohmann::json summary_json(const CheckReport &report) {
  const Summary &summary = report.summary;
  nlohmann::json by_kind =
      by_kind_json(summary, check::dockerfile_finding_kinds());
  nlohmann::json by_level = by_level_json(summary);
  return {{"files", summary.files},
          {"references", summary.references},
          {"distinct_references", summary.distinct_references},
          {"findings", report.findings.size()},
          {"by_kind", std::move(by_kind)},
          {"by_level", std::move(by_level)},
          {"failing", summary.failing},
          {"not_checked", summary.not_checked},
          {"file_errors", report.file_errors.size()},
          {"exit_code", util::to_int(summary.exit_code)}};
}

} // namespace

// Every kind and level, zeros included, so that the keys never depend on the
// run.
nlohmann::json by_kind_json(const Summary &summary,
                            const std::vector<check::FindingKind> &kinds) {
  nlohmann::json by_kind = nlohmann::json::object();
  for (const check::FindingKind kind : kinds) {
    const auto found = summary.by_kind.find(kind);
    by_kind[std::string(check::to_string(kind))] =
        found == summary.by_kind.end() ? 0 : found->second;
  }
  return by_kind;
}

nlohmann::json by_level_json(const Summary &summary) {
  nlohmann::json by_level = nlohmann::json::object();
  for (const check::Level level : {check::Level::info, check::Level::warn,
                                   check::Level::fail, check::Level::error}) {
    const auto found = summary.by_level.find(level);
    by_level[std::string(check::to_string(level))] =
        found == summary.by_level.end() ? 0 : found->second;
  }
  return by_level;
}

nlohmann::json check_to_json(const CheckReport &report) {
  nlohmann::json findings = nlohmann::json::array();
  for (const std::size_t index : detail::sorted_findings(report)) {
    findings.push_back(finding_json(report, index));
  }
  std::vector<std::string> checked = report.checked;
  std::sort(checked.begin(), checked.end());
  checked.erase(std::unique(checked.begin(), checked.end()), checked.end());
  nlohmann::json errors = nlohmann::json::array();
  for (const ReferenceError &error : detail::sorted_errors(report)) {
    errors.push_back({{"reference", error.reference},
                      {"registry", detail::registry_host(error.reference)},
                      {"kind", error.kind},
                      {"message", error.message}});
  }
  nlohmann::json file_errors = nlohmann::json::array();
  for (const FileError &error : detail::sorted_file_errors(report)) {
    file_errors.push_back({{"file", error.file},
                           {"line", error.error.line},
                           {"column", error.error.column},
                           {"message", error.error.message}});
  }
  return {{"schema_version", k_check_json_schema_version},
          {"summary", summary_json(report)},
          {"findings", std::move(findings)},
          {"references", std::move(checked)},
          {"errors", std::move(errors)},
          {"file_errors", std::move(file_errors)}};
}

} // namespace stalebase::report
