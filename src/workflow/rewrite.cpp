#include "stalebase/workflow/rewrite.hpp"

#include "stalebase/config/ignores.hpp"
#include "stalebase/config/rules.hpp"
#include "stalebase/rewrite/atomic_write.hpp"
#include "stalebase/rewrite/edits.hpp"
#include "stalebase/rewrite/source_edits.hpp"
#include "stalebase/workflow/scan.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace stalebase::workflow {

namespace {

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

// The line of reference `r` of `file` (a Dockerfile's instruction line, a
// source's value line) and the reference as the report shows it.
std::size_t reference_line(const LoadedFile &file, std::size_t r) {
  return file.is_source() ? file.references.references[r].line
                          : file.extraction.references[r].instruction_line;
}

std::string reference_shown(const LoadedFile &file, std::size_t r) {
  if (file.is_source()) {
    const sources::SourceReference &ref = file.references.references[r];
    return ref.value.empty() ? ref.written : ref.value;
  }
  const dockerfile::ExtractedReference &ref = file.extraction.references[r];
  return ref.expanded.empty() ? ref.raw : ref.expanded;
}

// What a planner's Skip of reference `r` shows (a Dockerfile's expanded text,
// as before image sources were rewritten).
std::string skipped_text(const LoadedFile &file, std::size_t r) {
  return file.is_source() ? reference_shown(file, r)
                          : file.extraction.references[r].expanded;
}

int rank(version::UpdateLevel level) {
  return level == version::UpdateLevel::os
             ? static_cast<int>(version::UpdateLevel::major)
             : static_cast<int>(level);
}

} // namespace

rewrite::FilePlan
plan_rewrite(const LoadedFile &file,
             const std::vector<std::optional<rewrite::Target>> &targets) {
  if (file.is_source()) {
    return rewrite::plan_source_file(file.source, file.references.references,
                                     targets, file.source_options);
  }
  return rewrite::plan_file(file.source, *file.document,
                            file.extraction.references, targets);
}

report::RewriteOutcome run_rewrite(registry::Registry &registry,
                                   const std::vector<LoadedFile> &files,
                                   const check::CheckOptions &check_options,
                                   const RewriteOptions &options) {
  const Scan scan = scan_files(files);
  check::CheckOptions lookups = check_options;
  lookups.all_digests = true; // every digest a rewrite may write
  // A reference ignored for every kind is not rewritten: it is not asked for.
  std::vector<check::Occurrence> looked_up;
  for (const check::Occurrence &occurrence : scan.occurrences) {
    if (not_looked_up(occurrence, options.configuration, options.today,
                      scan.inline_ignores)
            .empty()) {
      looked_up.push_back(occurrence);
    }
  }
  const check::CheckResult result =
      check::run_check(registry, looked_up, lookups);
  // The findings about each occurrence.
  std::vector<std::vector<const check::Finding *>> findings(
      scan.occurrences.size());
  for (const check::Finding &finding : result.findings) {
    findings.at(finding.occurrence).push_back(&finding);
  }
  {
    std::vector<check::Finding> copy = result.findings;
    for (const std::string &warning :
         config::apply_ignores(copy, options.configuration, options.today,
                               scan.inline_ignores)
             .warnings) {
      spdlog::warn("{}", warning);
    }
  }

  report::RewriteOutcome outcome;
  outcome.errors = result.errors;
  for (std::size_t f = 0; f < files.size(); ++f) {
    const LoadedFile &file = files[f];
    report::FileOutcome done;
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
    if (const auto &error = scan.files[f].ignore_error) {
      // As in `check`: the file is not worked on.
      done.error =
          "line " + std::to_string(error->line) + ": " + error->message;
      outcome.files.push_back(std::move(done));
      continue;
    }
    const std::size_t count = file.is_source()
                                  ? file.references.references.size()
                                  : file.extraction.references.size();
    std::vector<std::optional<rewrite::Target>> targets(count);
    for (std::size_t r = 0; r < count; ++r) {
      const std::optional<std::size_t> id = scan.files[f].occurrences[r];
      if (!id) {
        continue;
      }
      const check::Occurrence &occurrence = scan.occurrences[*id];
      const std::size_t line = reference_line(file, r);
      const std::string shown = reference_shown(file, r);
      const std::string where = file.input.display + ":" + std::to_string(line);
      const config::ReferenceIgnores ignores =
          occurrence_ignores(occurrence, options.configuration, options.today,
                             scan.inline_ignores);
      if (const std::string skipped =
              not_looked_up(occurrence, options.configuration, options.today,
                            scan.inline_ignores);
          !skipped.empty()) {
        spdlog::info("{}: {} is ignored ({}): not rewritten", where, shown,
                     skipped);
        continue;
      }
      // The findings `check` would report: the ignored kinds are not acted on.
      std::vector<const check::Finding *> reported;
      for (const check::Finding *finding : findings[*id]) {
        if (!ignores.has(finding->kind)) {
          reported.push_back(finding);
        }
      }
      rewrite::TargetOptions target_options = options.targets;
      if (occurrence.image &&
          config::rule_for(options.configuration, *occurrence.image).variant) {
        target_options.variant = true;
      }
      rewrite::Decision decision = rewrite::decide_target(
          occurrence.image, reported, result.current_digests, target_options);
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
            report::SkippedReference{line, shown, decision.reason});
      }
    }
    const rewrite::FilePlan plan = plan_rewrite(file, targets);
    for (const rewrite::Skip &skip : plan.skipped) {
      done.skipped.push_back(report::SkippedReference{
          skip.line, skipped_text(file, skip.reference), skip.reason});
    }
    std::sort(
        done.skipped.begin(), done.skipped.end(),
        [](const report::SkippedReference &a,
           const report::SkippedReference &b) { return a.line < b.line; });
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

report::RewriteOutcome rewrite_files(const std::vector<LoadedFile> &files,
                                     const check::CheckOptions &check_options,
                                     const RewriteOptions &options,
                                     const OpenRegistry &open_registry) {
  for (const LoadedFile &file : files) {
    warn_extraction(file);
  }
  return run_rewrite(open_registry(), files, check_options, options);
}

std::function<check::ImagePolicy(const reference::ImageReference &)>
capped_policy(const config::Config &configuration, version::UpdateLevel level) {
  const config::Config *rules = &configuration;
  return [rules, level](const reference::ImageReference &image) {
    const config::ImageRule rule = config::rule_for(*rules, image);
    const version::UpdateLevel allowed =
        rank(rule.max_level) < rank(level) ? rule.max_level : level;
    return check::ImagePolicy{allowed, rule.prereleases};
  };
}

util::ExitCode rewrite_exit_code(const report::RewriteOutcome &outcome,
                                 bool check) {
  if (outcome.any_file_error()) {
    return util::ExitCode::usage_error;
  }
  if (!outcome.errors.empty()) {
    return util::ExitCode::check_error;
  }
  if (check && outcome.any_change()) {
    return util::ExitCode::stale;
  }
  return util::ExitCode::ok;
}

} // namespace stalebase::workflow
