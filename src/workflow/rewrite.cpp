#include "stalebase/workflow/rewrite.hpp"

#include "stalebase/cli/lookup_run.hpp"
#include "stalebase/config/ignores.hpp"
#include "stalebase/config/inline_ignore.hpp"
#include "stalebase/rewrite/atomic_write.hpp"
#include "stalebase/rewrite/edits.hpp"
#include "stalebase/util/shown_text.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>
#include <tuple>

namespace stalebase::workflow {

namespace {

using Key = std::tuple<std::string,
                       std::size_t,
                       std::size_t,
                       std::size_t,
                       std::size_t,
                       std::size_t>;

Key key_of(const check::Location &location) {
  return {location.file,   location.line,     location.reference_line,
          location.column, location.end_line, location.end_column};
}

// `text` with its digest shortened for people.
std::string shorten(const std::string &text) {
  const std::size_t at = text.find('@');
  if (at == std::string::npos) {
    return text;
  }
  return text.substr(0, at + 1) + check::short_digest(text.substr(at + 1));
}

std::string plural(std::size_t count, const std::string &word) {
  return std::to_string(count) + " " + word + (count == 1 ? "" : "s");
}

std::string joined(const std::vector<std::string> &parts) {
  std::string out;
  for (const std::string &part : parts) {
    out += (out.empty() ? "" : ", ") + part;
  }
  return out;
}

// Whether `target` only adds or refreshes the digest of `image`, which an
// ignored `unpinned` (no digest written) or `digest-drift` (one written) says
// to leave.
bool digest_only(const rewrite::Target &target,
                 const reference::ImageReference &image) {
  return target.tag.empty() || (!image.tag && target.tag == "latest");
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

RewriteOutcome run_rewrite(registry::Registry &registry,
                           const std::vector<LoadedFile> &files,
                           const check::CheckOptions &check_options,
                           const RewriteOptions &options) {
  std::vector<check::Occurrence> occurrences;
  // For each file, the occurrence of each reference (none for stages and
  // scratch).
  std::vector<std::vector<std::optional<std::size_t>>> occurrence_of(
      files.size());
  config::InlineIgnoresByFile inline_ignores;
  std::vector<std::string> ignore_errors(files.size());
  for (std::size_t f = 0; f < files.size(); ++f) {
    const LoadedFile &file = files[f];
    if (file.error) {
      continue;
    }
    auto comments = config::inline_ignores(file.source, file.input.display);
    if (!comments) {
      // As in `check`: the file is not worked on.
      ignore_errors[f] = "line " + std::to_string(comments.error().line) +
                         ": " + comments.error().message;
      continue;
    }
    inline_ignores[file.input.display] = std::move(*comments);
    for (const auto &ref : file.extraction.references) {
      std::optional<std::size_t> index;
      if (ref.status != dockerfile::ReferenceStatus::stage &&
          ref.status != dockerfile::ReferenceStatus::scratch) {
        index = occurrences.size();
        occurrences.push_back(make_occurrence(file, ref));
      }
      occurrence_of[f].push_back(index);
    }
  }
  check::CheckOptions lookups = check_options;
  lookups.all_digests = true; // every digest a rewrite may write
  // A reference ignored for every kind is not rewritten: it is not asked for.
  std::vector<check::Occurrence> looked_up;
  for (const check::Occurrence &occurrence : occurrences) {
    if (not_looked_up(occurrence, options.configuration, options.today,
                      inline_ignores)
            .empty()) {
      looked_up.push_back(occurrence);
    }
  }
  const check::CheckResult result =
      check::run_check(registry, looked_up, lookups);
  std::map<Key, std::vector<const check::Finding *>> findings;
  for (const check::Finding &finding : result.findings) {
    findings[key_of(finding.location)].push_back(&finding);
  }
  {
    std::vector<check::Finding> copy = result.findings;
    for (const std::string &warning :
         config::apply_ignores(copy, options.configuration, options.today,
                               inline_ignores)
             .warnings) {
      spdlog::warn("{}", warning);
    }
  }

  RewriteOutcome outcome;
  outcome.errors = result.errors;
  for (std::size_t f = 0; f < files.size(); ++f) {
    const LoadedFile &file = files[f];
    FileOutcome done;
    done.display = file.input.display;
    done.before = file.source;
    done.after = file.source;
    if (file.error) {
      done.error = "line " + std::to_string(file.error->line) + ": " +
                   file.error->message;
      if (file.error->line == 0) {
        done.error = file.error->message;
      }
      outcome.files.push_back(std::move(done));
      continue;
    }
    if (!ignore_errors[f].empty()) {
      done.error = ignore_errors[f];
      outcome.files.push_back(std::move(done));
      continue;
    }
    const auto &references = file.extraction.references;
    std::vector<std::optional<rewrite::Target>> targets(references.size());
    for (std::size_t r = 0; r < references.size(); ++r) {
      if (!occurrence_of[f][r]) {
        continue;
      }
      const check::Occurrence &occurrence = occurrences[*occurrence_of[f][r]];
      const auto &ref = references[r];
      const std::string shown = ref.expanded.empty() ? ref.raw : ref.expanded;
      const std::string where =
          file.input.display + ":" + std::to_string(ref.instruction_line);
      const config::ReferenceIgnores ignores = occurrence_ignores(
          occurrence, options.configuration, options.today, inline_ignores);
      if (const std::string skipped = not_looked_up(
              occurrence, options.configuration, options.today, inline_ignores);
          !skipped.empty()) {
        spdlog::info("{}: {} is ignored ({}): not rewritten", where, shown,
                     skipped);
        continue;
      }
      // The findings `check` would report: the ignored kinds are not acted on.
      std::vector<const check::Finding *> reported;
      if (const auto found = findings.find(key_of(occurrence.location));
          found != findings.end()) {
        for (const check::Finding *finding : found->second) {
          if (!ignores.has(finding->kind)) {
            reported.push_back(finding);
          }
        }
      }
      rewrite::Decision decision = rewrite::decide_target(
          occurrence.image, reported, result.current_digests, options.targets);
      if (decision.target && occurrence.image &&
          digest_only(*decision.target, *occurrence.image)) {
        const check::FindingKind kind = occurrence.image->digest
                                            ? check::FindingKind::digest_drift
                                            : check::FindingKind::unpinned;
        if (ignores.has(kind)) {
          spdlog::info("{}: {} has {} ignored ({}): its digest is not changed",
                       where, shown, check::to_string(kind),
                       joined(ignores.sources));
          decision.target.reset();
        }
      }
      targets[r] = decision.target;
      if (!decision.reason.empty()) {
        done.skipped.push_back(
            SkippedReference{ref.instruction_line, shown, decision.reason});
      }
    }
    const rewrite::FilePlan plan =
        rewrite::plan_file(file.source, *file.document, references, targets);
    for (const rewrite::Skip &skip : plan.skipped) {
      const auto &ref = references[skip.reference];
      done.skipped.push_back(
          SkippedReference{skip.line, ref.expanded, skip.reason});
    }
    std::sort(done.skipped.begin(), done.skipped.end(),
              [](const SkippedReference &a, const SkippedReference &b) {
                return a.line < b.line;
              });
    auto applied = rewrite::apply_edits(file.source, plan.edits);
    if (!applied) {
      done.error = applied.error();
      outcome.files.push_back(std::move(done));
      continue;
    }
    done.after = std::move(*applied);
    done.changes = plan.changes;
    if (options.write && done.after != done.before && file.input.is_stdin) {
      done.written = true; // the caller prints it
    } else if (options.write && done.after != done.before) {
      auto written =
          rewrite::replace_file(file.input.path, done.before, done.after);
      if (written) {
        done.written = true;
      } else {
        done.error = written.error();
      }
    }
    outcome.files.push_back(std::move(done));
  }
  return outcome;
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
    out += plural(changed_references, "reference") +
           (would ? " would be " : " ") + verb + " in " +
           plural(changed_files, "file");
  }
  if (skipped > 0) {
    out += ", " + std::to_string(skipped) + " left alone";
  }
  out += "\n";
  return out;
}

} // namespace stalebase::workflow
