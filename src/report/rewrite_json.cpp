#include "stalebase/report/rewrite_json.hpp"

#include "stalebase/rewrite/unified_diff.hpp"

#include <nlohmann/json.hpp>

namespace stalebase::report {

namespace {

nlohmann::json file_json(const FileOutcome &file, bool write) {
  const bool changed = file.before != file.after;
  nlohmann::json changes = nlohmann::json::array();
  if (changed) { // a plan whose edits give the same bytes changes nothing
    for (const rewrite::Change &change : file.changes) {
      changes.push_back(
          {{"line", change.line},
           {"before", change.before},
           {"after", change.after},
           {"through_arg", change.through_arg},
           {"arg", change.through_arg
                       ? nlohmann::json{{"name", change.arg},
                                        {"line", change.arg_line}}
                       : nlohmann::json(nullptr)},
           {"note", change.note.empty() ? nlohmann::json(nullptr)
                                        : nlohmann::json(change.note)}});
    }
  }
  nlohmann::json skipped = nlohmann::json::array();
  for (const SkippedReference &skip : file.skipped) {
    skipped.push_back({{"line", skip.line},
                       {"reference", skip.reference},
                       {"reason", skip.reason}});
  }
  nlohmann::json out = {
      {"file", file.display},
      {"changed", changed},
      {"written", write && file.written},
      {"changes", std::move(changes)},
      {"skipped", std::move(skipped)},
      {"error", file.error.empty() ? nlohmann::json(nullptr)
                                   : nlohmann::json(file.error)},
      {"diff", changed ? nlohmann::json(rewrite::unified_diff(
                             file.before, file.after, file.display))
                       : nlohmann::json(nullptr)},
  };
  return out;
}

} // namespace

std::string render_rewrite_json(const RewriteOutcome &outcome,
                                const RewriteJsonContext &context) {
  const bool write = context.mode == "write";
  nlohmann::json files = nlohmann::json::array();
  std::size_t references_changed = 0;
  std::size_t files_changed = 0;
  std::size_t skipped = 0;
  std::size_t file_errors = 0;
  for (const FileOutcome &file : outcome.files) {
    if (file.before != file.after) {
      ++files_changed;
      references_changed += file.changes.size();
    }
    nlohmann::json entry = file_json(file, write);
    skipped += file.skipped.size();
    if (!file.error.empty()) {
      ++file_errors;
    }
    // Standard input is never written back: its new bytes are the output.
    if (file.written && file.display == "-") {
      entry["content"] = file.after;
    }
    files.push_back(std::move(entry));
  }
  nlohmann::json errors = nlohmann::json::array();
  for (const auto &[reference, error] : outcome.errors) {
    errors.push_back({{"reference", reference},
                      {"kind", std::string(registry::to_string(error.kind))},
                      {"message", error.message}});
  }
  const nlohmann::json document = {
      {"schema_version", 1},
      {"command", context.command},
      {"mode", context.mode},
      {"summary",
       {{"files", outcome.files.size()},
        {"files_changed", files_changed},
        {"references_changed", references_changed},
        {"skipped", skipped},
        {"errors", outcome.errors.size()},
        {"file_errors", file_errors},
        {"exit_code", util::to_int(context.exit_code)}}},
      {"files", std::move(files)},
      {"errors", std::move(errors)},
  };
  return document.dump(2) + "\n";
}

} // namespace stalebase::report
