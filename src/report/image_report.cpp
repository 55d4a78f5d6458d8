#include "stalebase/report/image_report.hpp"

#include "stalebase/report/check_json.hpp"
#include "stalebase/report/github.hpp"
#include "stalebase/report/markdown.hpp"
#include "stalebase/util/exit_code.hpp"
#include "stalebase/util/shown_text.hpp"

#include "report/check_common.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace stalebase::report {

namespace {

nlohmann::json text_or_null(const std::string &text) {
  return text.empty() ? nlohmann::json(nullptr) : nlohmann::json(text);
}

nlohmann::json base_json(const image::BaseInfo &base) {
  if (base.name.empty()) {
    return nullptr;
  }
  return {{"name", base.name},
          {"digest", text_or_null(base.digest)},
          {"current_digest", text_or_null(base.current_digest)},
          {"how", base.how ? nlohmann::json(image::to_string(*base.how))
                           : nlohmann::json(nullptr)}};
}

nlohmann::json finding_json(const ImageReport &report, std::size_t index) {
  const check::Finding &finding = report.check.findings[index];
  const image::ImageFinding &detail = report.details[index];
  nlohmann::json suggested = nullptr;
  if (finding.suggested) {
    suggested = {{"tag", text_or_null(finding.suggested->tag)},
                 {"digest", text_or_null(finding.suggested->digest)}};
  }
  return {{"kind", check::to_string(finding.kind)},
          {"level", check::to_string(finding.level)},
          {"failing", is_failing(report.check, index)},
          {"image", detail.image},
          {"platform", text_or_null(detail.platform)},
          {"image_digest", text_or_null(detail.image_digest)},
          {"base", base_json(detail.base)},
          {"message", finding.message},
          {"suggested", std::move(suggested)}};
}

nlohmann::json summary_json(const ImageReport &report) {
  const Summary &summary = report.check.summary;
  return {{"images", summary.files},
          {"platform_images", summary.references},
          {"findings", report.check.findings.size()},
          {"by_kind", by_kind_json(summary, check::image_finding_kinds())},
          {"by_level", by_level_json(summary)},
          {"failing", summary.failing},
          {"not_checked", summary.not_checked},
          {"exit_code", util::to_int(summary.exit_code)}};
}

// What people see of text from registries and the command line.
std::string shown(std::string_view text) {
  return util::escape_control(text);
}

std::string base_text(const image::ImageFinding &finding) {
  if (finding.base.name.empty()) {
    return "-";
  }
  auto parsed = reference::parse_reference(finding.base.name);
  return shown(parsed ? parsed->familiar() : finding.base.name);
}

std::string fix_text(const check::Finding &finding) {
  if (!finding.suggested) {
    return {};
  }
  const check::TagDigest &to = *finding.suggested;
  if (finding.kind == check::FindingKind::base_drift) {
    return "rebuild on " + to.tag +
           (to.digest.empty() ? ""
                              : " (" + detail::short_digest(to.digest) + ")");
  }
  return to.tag.empty() ? std::string() : "rebuild on " + to.tag;
}

std::string render_table(const ImageReport &report) {
  std::vector<std::vector<std::string>> rows;
  rows.push_back({"LEVEL", "KIND", "IMAGE", "PLATFORM", "BASE", "MESSAGE"});
  for (std::size_t i = 0; i < report.check.findings.size(); ++i) {
    const check::Finding &finding = report.check.findings[i];
    const image::ImageFinding &detail = report.details[i];
    std::string message = shown(finding.message);
    const std::string fix = fix_text(finding);
    if (!fix.empty()) {
      message += " [" + shown(fix) + "]";
    }
    rows.push_back(
        {std::string(check::to_string(detail::shown_level(report.check, i))),
         std::string(check::to_string(finding.kind)), shown(detail.image),
         detail.platform.empty() ? "-" : shown(detail.platform),
         base_text(detail), message});
  }
  std::string out;
  if (rows.size() > 1) {
    std::vector<std::size_t> widths(rows.front().size(), 0);
    for (const auto &row : rows) {
      for (std::size_t c = 0; c < row.size(); ++c) {
        widths[c] = std::max(widths[c], detail::display_width(row[c]));
      }
    }
    for (const auto &row : rows) {
      std::string line;
      for (std::size_t c = 0; c < row.size(); ++c) {
        line += row[c];
        if (c + 1 < row.size()) {
          line +=
              std::string(widths[c] - detail::display_width(row[c]) + 2, ' ');
        }
      }
      out += line + "\n";
    }
    out += "\n";
  }
  return out + image_summary_line(report) + "\n";
}

std::string markdown_cell(std::string_view text) {
  return escape_markdown_cell(shown(text));
}

std::string render_markdown(const ImageReport &report) {
  std::string out = "## stalebase image\n\n";
  if (!report.check.findings.empty()) {
    out += "| Level | Kind | Image | Platform | Base | Message |\n"
           "| --- | --- | --- | --- | --- | --- |\n";
    for (std::size_t i = 0; i < report.check.findings.size(); ++i) {
      const check::Finding &finding = report.check.findings[i];
      const image::ImageFinding &detail = report.details[i];
      std::string message = finding.message;
      const std::string fix = fix_text(finding);
      if (!fix.empty()) {
        message += " (" + fix + ")";
      }
      out +=
          "| " +
          std::string(check::to_string(detail::shown_level(report.check, i))) +
          " | " + std::string(check::to_string(finding.kind)) + " | " +
          markdown_cell(detail.image) + " | " +
          markdown_cell(detail.platform.empty() ? "-" : detail.platform) +
          " | " + markdown_cell(base_text(detail)) + " | " +
          markdown_cell(message) + " |\n";
    }
    out += "\n";
  }
  return out + markdown_cell(image_summary_line(report)) + "\n";
}

std::string render_github(const ImageReport &report) {
  std::string out;
  for (std::size_t i = 0; i < report.check.findings.size(); ++i) {
    const check::Finding &finding = report.check.findings[i];
    const image::ImageFinding &detail = report.details[i];
    const check::Level level = detail::shown_level(report.check, i);
    const char *command = level == check::Level::info   ? "notice"
                          : level == check::Level::warn ? "warning"
                                                        : "error";
    std::string title = std::string(check::to_string(finding.kind)) + ": " +
                        shown(detail.image);
    if (!detail.platform.empty()) {
      title += " (" + shown(detail.platform) + ")";
    }
    std::string message = shown(finding.message);
    const std::string fix = fix_text(finding);
    if (!fix.empty()) {
      message += "\nfix: " + fix;
    }
    out += std::string("::") + command +
           " title=" + escape_github_property(title) +
           "::" + escape_github_data(message) + "\n";
  }
  return out;
}

} // namespace

const std::vector<std::string> &image_formats() {
  static const std::vector<std::string> k_formats = {"table", "json",
                                                     "markdown", "github"};
  return k_formats;
}

nlohmann::json image_to_json(const ImageReport &report) {
  nlohmann::json findings = nlohmann::json::array();
  for (std::size_t i = 0; i < report.check.findings.size(); ++i) {
    findings.push_back(finding_json(report, i));
  }
  nlohmann::json errors = nlohmann::json::array();
  for (const ReferenceError &error : report.check.errors) {
    errors.push_back({{"image", error.reference},
                      {"kind", error.kind},
                      {"message", error.message}});
  }
  return {{"schema_version", k_image_json_schema_version},
          {"summary", summary_json(report)},
          {"findings", std::move(findings)},
          {"images", report.check.checked},
          {"errors", std::move(errors)}};
}

std::string image_summary_line(const ImageReport &report) {
  return summary_line(report.check, "image", "platform image");
}

std::string render_image_report(const ImageReport &report,
                                const std::string &format) {
  if (format == "json") {
    return image_to_json(report).dump(2) + "\n";
  }
  if (format == "markdown") {
    return render_markdown(report);
  }
  if (format == "github") {
    return render_github(report);
  }
  return render_table(report);
}

} // namespace stalebase::report
