#include "stalebase/workflow/image.hpp"

#include "stalebase/config/ignores.hpp"
#include "stalebase/util/strings.hpp"

#include <spdlog/spdlog.h>

#include <set>

namespace stalebase::workflow {

namespace {

// Whether the configuration's ignores cover `finding` as written for
// `canonical` and `tag`.
bool ignored_for(const image::ImageFinding &finding,
                 const std::string &canonical,
                 const std::string &tag,
                 const config::Config &configuration,
                 const config::Date &today,
                 std::set<std::string> &warnings) {
  if (canonical.empty()) {
    return false;
  }
  std::vector<check::Finding> probe{finding.finding};
  probe.front().location.canonical = canonical;
  probe.front().current.tag = tag;
  auto outcome = config::apply_ignores(probe, configuration, today, {});
  warnings.insert(outcome.warnings.begin(), outcome.warnings.end());
  return !outcome.ignored.empty();
}

std::string tag_of(const std::string &canonical) {
  auto parsed = reference::parse_reference(canonical);
  return parsed ? parsed->effective_tag() : std::string();
}

} // namespace

Expected<reference::ImageReference, std::string>
dockerfile_base(const LoadedFile &file) {
  if (file.error) {
    return Unexpected(file.error->message);
  }
  const auto &references = file.extraction.references;
  const dockerfile::ExtractedReference *from = nullptr;
  for (const auto &reference : references) {
    if (reference.source == dockerfile::ReferenceSource::from &&
        (from == nullptr || reference.stage_index > from->stage_index)) {
      from = &reference;
    }
  }
  // A stage built FROM an earlier stage: follow it back (stages only refer
  // to earlier ones, so this ends).
  for (std::size_t hops = 0; from != nullptr && hops <= references.size() &&
                             from->status == dockerfile::ReferenceStatus::stage;
       ++hops) {
    const dockerfile::ExtractedReference *named = nullptr;
    for (const auto &reference : references) {
      if (reference.source == dockerfile::ReferenceSource::from &&
          reference.stage_index < from->stage_index &&
          (reference.stage == from->expanded ||
           std::to_string(reference.stage_index) == from->expanded)) {
        named = &reference;
      }
    }
    from = named;
  }
  if (from == nullptr) {
    return Unexpected(std::string("no FROM found"));
  }
  if (from->status != dockerfile::ReferenceStatus::image || !from->image) {
    return Unexpected("the last stage's FROM \"" + from->raw + "\" is " +
                      std::string(dockerfile::to_string(from->status)) +
                      (from->reason.empty() ? "" : ": " + from->reason));
  }
  return *from->image;
}

std::vector<std::string> parse_image_list(std::string_view text) {
  std::vector<std::string> images;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view()
                                         : text.substr(end + 1);
    line = line.substr(0, line.find('#'));
    line = util::trim(line);
    if (!line.empty()) {
      images.emplace_back(line);
    }
  }
  return images;
}

report::ImageReport check_images(const std::vector<std::string> &images,
                                 const ImageSettings &settings,
                                 const OpenRegistry &open_registry) {
  image::ImageResult result =
      image::check_images(open_registry(), images, settings.options);

  report::ImageReport report;
  std::set<std::string> warnings;
  std::size_t ignored = 0;
  for (image::ImageFinding &finding : result.findings) {
    const check::Finding &core = finding.finding;
    if (ignored_for(finding, core.location.canonical, core.current.tag,
                    settings.configuration, settings.today, warnings) ||
        ignored_for(finding, finding.base.name, tag_of(finding.base.name),
                    settings.configuration, settings.today, warnings)) {
      ++ignored;
      continue;
    }
    report.details.push_back(std::move(finding));
  }
  for (const std::string &warning : warnings) {
    spdlog::warn("{}", warning);
  }
  if (ignored != 0) {
    spdlog::info("{} findings ignored by configuration", ignored);
  }
  std::vector<check::Finding> findings;
  for (const image::ImageFinding &finding : report.details) {
    findings.push_back(finding.finding);
  }
  config::apply_policy_levels(findings, settings.policy);
  for (std::size_t i = 0; i < findings.size(); ++i) {
    report.details[i].finding.level = findings[i].level;
    report.check.failing.push_back(settings.policy.fails(findings[i]));
  }
  report.check.findings = std::move(findings);
  report.check.checked = result.checked;
  for (const auto &[image, error] : result.errors) {
    report.check.errors.push_back(
        {image, std::string(registry::to_string(error.kind)), error.message});
    spdlog::error("{}: {}", image, error.message);
  }
  report.check.summary.files = images.size();
  report.check.summary.references = result.platform_images;
  report.check.summary.distinct_references = images.size();
  report.check.summary.exit_code = config::exit_code(
      report.check.findings, settings.policy, false, !result.errors.empty());
  report::count_findings(report.check);
  return report;
}

} // namespace stalebase::workflow
