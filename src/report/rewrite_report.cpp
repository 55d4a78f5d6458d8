#include "stalebase/report/rewrite_report.hpp"

#include "stalebase/check/engine.hpp"
#include "stalebase/util/shown_text.hpp"

#include "report/check_common.hpp"

#include <algorithm>

namespace stalebase::report {

namespace {

// `text` with its digest shortened for people.
std::string shorten(const std::string &text) {
  const std::size_t at = text.find('@');
  if (at == std::string::npos) {
    return text;
  }
  return text.substr(0, at + 1) + check::short_digest(text.substr(at + 1));
}

} // namespace

bool RewriteOutcome::any_change() const {
  return std::any_of(files.begin(), files.end(), [](const FileOutcome &file) {
    return file.before != file.after;
  });
}

bool RewriteOutcome::any_file_error() const {
  return std::any_of(files.begin(), files.end(), [](const FileOutcome &file) {
    return !file.error.empty();
  });
}

std::string render_rewrite_summary(const RewriteOutcome &outcome,
                                   const std::string &verb,
                                   bool would) {
  std::string out;
  std::size_t changed_references = 0;
  std::size_t changed_files = 0;
  std::size_t skipped = 0;
  for (const FileOutcome &file : outcome.files) {
    const bool changed = file.before != file.after && (would || file.written);
    if (!changed && file.skipped.empty() && file.error.empty()) {
      continue;
    }
    // Each line may hold a file name's or a registry's control characters.
    out += util::escape_control(
        file.display + ":" +
        (file.error.empty() ? "" : " not changed: " + file.error));
    out += "\n";
    if (changed) {
      ++changed_files;
      for (const rewrite::Change &change : file.changes) {
        ++changed_references;
        std::string line = "  line " + std::to_string(change.line) + ": " +
                           shorten(change.before) + " → " +
                           shorten(change.after);
        if (change.through_arg) {
          line += " (edited the default of ARG " + change.arg + " on line " +
                  std::to_string(change.arg_line) + ")";
        }
        if (!change.note.empty()) {
          line += " (" + change.note + ")";
        }
        out += util::escape_control(line) + "\n";
      }
    }
    for (const SkippedReference &skip : file.skipped) {
      ++skipped;
      out += util::escape_control("  line " + std::to_string(skip.line) +
                                  ": left " + shorten(skip.reference) +
                                  " alone: " + skip.reason) +
             "\n";
    }
  }
  if (changed_references == 0) {
    out += "nothing to change";
  } else {
    out += detail::plural(changed_references, "reference") +
           (would ? " would be " : " ") + verb + " in " +
           detail::plural(changed_files, "file");
  }
  if (skipped > 0) {
    out += ", " + std::to_string(skipped) + " left alone";
  }
  out += "\n";
  return out;
}

} // namespace stalebase::report
