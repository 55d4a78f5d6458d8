#include "stalebase/report/sarif.hpp"

#include "stalebase/util/sha256.hpp"

#include "report/check_common.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>

namespace stalebase::report {

namespace {

using check::FindingKind;
using check::Level;

constexpr std::string_view k_schema =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/"
    "sarif-schema-2.1.0.json";
constexpr std::string_view k_fingerprint_key = "stalebase/v1";

struct RuleText {
  FindingKind kind;
  std::string_view short_description;
  std::string_view full_description;
  std::string_view help; // Markdown; the plain text drops the backticks
};

constexpr RuleText k_rules[] = {
    {FindingKind::digest_drift, "Pinned digest no longer matches its tag",
     "The image is pinned by digest, and the tag written with it now points at "
     "a different image for the platforms that matter: the tag was rebuilt, "
     "often with security fixes, since the digest was pinned.",
     "Refresh the digest with `stalebase pin` after checking what changed. To "
     "keep the old image on purpose, add `# stalebase:ignore=digest-drift "
     "reason` on the line before the instruction."},
    {FindingKind::index_drift, "Index digest changed for other platforms only",
     "The pinned multi-platform index digest is no longer the tag's, but the "
     "images for the platforms that matter are unchanged: only other platforms "
     "were rebuilt.",
     "Nothing changed for your platforms. Refresh the digest with `stalebase "
     "pin` to keep the pin current."},
    {FindingKind::patch_available, "Newer patch build available",
     "A newer patch version exists in the same version track as the tag (same "
     "prefix, suffix and shape), for example 3.12.7-slim for 3.12.1-slim.",
     "Move to the suggested tag with `stalebase update`, which moves to the "
     "newest patch by default and refreshes the digest."},
    {FindingKind::minor_available, "Newer minor version available",
     "A newer minor version exists in the same version track as the tag.",
     "Move when ready with `stalebase update --level minor`."},
    {FindingKind::major_available, "Newer major version available",
     "A newer major version exists in the same version track as the tag (for "
     "Windows images, a newer OS build).",
     "Major versions can break builds: move deliberately with `stalebase "
     "update --level major`."},
    {FindingKind::variant_ended, "OS variant no longer gets builds",
     "The tag's suffix names an OS release (`-alpine3.17`, `-bullseye`, "
     "`-focal`) whose builds of the version line stopped: the line's newest "
     "patch is built only for newer releases of that OS, so following "
     "patch-available alone would stay on an OS that no longer gets fixes.",
     "Move to the suggested variant after checking that the build works on "
     "the newer OS: `stalebase update --variant` does it (or `variant: true` "
     "in a `rules` entry)."},
    {FindingKind::unpinned, "Image reference is not pinned",
     "The reference has no digest and a floating tag, `latest` or no tag, so "
     "builds are not repeatable.",
     "Pin it with `stalebase pin`, which adds the current `@sha256:` digest, "
     "or "
     "use a full-version tag."},
    {FindingKind::tag_missing, "Tag no longer exists",
     "The tag written in the reference no longer exists in the registry.",
     "Choose an existing tag: `stalebase tags REF` lists the tags of its "
     "version track."},
    {FindingKind::unresolvable, "Reference cannot be resolved",
     "After ARG expansion the image name is empty or not a valid reference (an "
     "ARG without a value expands to empty, as in BuildKit).",
     "Give the ARGs the message names a value with `--build-arg NAME=VALUE` or "
     "`build-args` in `.stalebase.yaml`, or give them defaults."},
    {FindingKind::single_platform_pin,
     "Digest pins one platform of a multi-platform image",
     "The digest is that of one platform's image inside a multi-platform "
     "index, so the build works on that platform only.",
     "Pin the index digest instead (`stalebase pin` does) unless one platform "
     "is intended."},
    {FindingKind::invalid_reference, "Reference is not valid",
     "The image reference is not valid as written, whatever the build "
     "arguments (an upper-case name, `::`, a digest of the wrong length), so "
     "BuildKit refuses the build.",
     "Correct the reference: a lower-case name, one `:` before the tag and a "
     "full `@sha256:` digest of 64 hexadecimal digits."},
    {FindingKind::wrong_platform_pin,
     "Digest pins an image of another platform",
     "The digest is that of one platform's image inside a multi-platform "
     "index, and that platform is not the one the stage builds for, so the "
     "build runs the wrong architecture or fails.",
     "Pin the index digest instead: `stalebase pin` replaces it."},
    {FindingKind::digest_only, "Digest without a tag",
     "The reference names only a digest; the tag it equals now is shown so "
     "that people can read which version it is.",
     "Write the tag before the digest (`name:tag@sha256:…`) so that updates "
     "can be proposed."},
    {FindingKind::check_error, "Registry could not be asked",
     "The registry could not be asked about the reference (authentication, "
     "network, rate limit or unknown repository), so it was not checked.",
     "Check the credentials (`docker login`), the network and the registry "
     "settings in `.stalebase.yaml`, then run again."},
};

const RuleText &rule_text(FindingKind kind) {
  for (const RuleText &rule : k_rules) {
    if (rule.kind == kind) {
      return rule;
    }
  }
  return k_rules[0];
}

std::string without_backticks(std::string_view text) {
  std::string out(text);
  out.erase(std::remove(out.begin(), out.end(), '`'), out.end());
  return out;
}

std::string_view sarif_level(Level level) {
  switch (level) {
  case Level::info:
    return "note";
  case Level::warn:
    return "warning";
  case Level::fail:
  case Level::error:
    return "error";
  }
  return "warning";
}

bool is_unreserved(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
         (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
         c == '~' || c == '/';
}

std::string percent_encode(std::string_view text) {
  static constexpr char k_hex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : text) {
    if (is_unreserved(c)) {
      out += c;
    } else {
      const auto byte = static_cast<unsigned char>(c);
      out += '%';
      out += k_hex[byte >> 4];
      out += k_hex[byte & 0x0F];
    }
  }
  return out;
}

// A relative path is relative to the checkout (%SRCROOT%); an absolute one
// becomes a `file://` URI.
nlohmann::json artifact_location(std::string_view file) {
  const std::string path = detail::forward_slashes(file);
  if (!path.empty() && path[0] == '/') {
    return {{"uri", "file://" + percent_encode(path)}};
  }
  if (path.size() >= 3 && path[1] == ':' && path[2] == '/' &&
      std::isalpha(static_cast<unsigned char>(path[0])) != 0) {
    return {{"uri",
             "file:///" + path.substr(0, 2) + percent_encode(path.substr(2))}};
  }
  return {{"uri", percent_encode(path)}, {"uriBaseId", "%SRCROOT%"}};
}

// The region of a span; empty when the line is unknown (SARIF needs a
// startLine).
nlohmann::json region(std::size_t line,
                      std::size_t column,
                      std::size_t end_line,
                      std::size_t end_column) {
  nlohmann::json result = nlohmann::json::object();
  if (line == 0) {
    return result;
  }
  result["startLine"] = line;
  if (column > 0) {
    result["startColumn"] = column;
  }
  if (end_line >= line) {
    result["endLine"] = end_line;
  }
  if (end_line >= line && end_column > 0) {
    result["endColumn"] = end_column;
  }
  return result;
}

nlohmann::json physical_location(std::string_view file,
                                 nlohmann::json region_json) {
  nlohmann::json location = {{"artifactLocation", artifact_location(file)}};
  if (!region_json.empty()) {
    location["region"] = std::move(region_json);
  }
  return {{"physicalLocation", std::move(location)}};
}

nlohmann::json rule_json(FindingKind kind) {
  const RuleText &text = rule_text(kind);
  std::string markdown = "**";
  markdown += text.short_description;
  markdown += "**\n\n";
  markdown += text.full_description;
  markdown += "\n\n";
  markdown += text.help;
  return {
      {"id", check::to_string(kind)},
      {"shortDescription", {{"text", text.short_description}}},
      {"fullDescription", {{"text", without_backticks(text.full_description)}}},
      {"help",
       {{"text", without_backticks(text.full_description) + " " +
                     without_backticks(text.help)},
        {"markdown", std::move(markdown)}}},
      {"defaultConfiguration",
       {{"level", sarif_level(check::default_level(kind))}}}};
}

std::size_t rule_index(FindingKind kind) {
  const auto &kinds = check::dockerfile_finding_kinds();
  return static_cast<std::size_t>(std::find(kinds.begin(), kinds.end(), kind) -
                                  kinds.begin());
}

std::string fingerprint(const check::Finding &finding) {
  std::string key(check::to_string(finding.kind));
  key += '\0';
  key += detail::forward_slashes(finding.location.file);
  key += '\0';
  key += finding.location.reference;
  if (!finding.location.yaml_path.empty()) {
    // Two containers of one manifest may name the same image.
    key += '\0';
    key += finding.location.yaml_path;
  }
  return util::sha256_hex(key);
}

nlohmann::json result_json(const CheckReport &report, std::size_t index) {
  const check::Finding &finding = report.findings[index];
  const check::Location &at = finding.location;
  std::string message = finding.message;
  const std::string fix = detail::fix_text(finding, false);
  if (!fix.empty()) {
    message += " (fix: " + fix + ")";
  }
  nlohmann::json result = {
      {"ruleId", check::to_string(finding.kind)},
      {"ruleIndex", rule_index(finding.kind)},
      {"level", sarif_level(detail::shown_level(report, index))},
      {"message", {{"text", std::move(message)}}},
      {"locations", nlohmann::json::array()},
      {"partialFingerprints", {{k_fingerprint_key, fingerprint(finding)}}},
      {"properties",
       {{"reference", at.reference},
        {"expanded", at.expanded},
        {"canonical", at.canonical},
        {"level", check::to_string(finding.level)},
        {"failing", is_failing(report, index)}}},
  };
  if (!at.source.empty()) {
    result["properties"]["source"] = at.source;
    result["properties"]["yaml_path"] = at.yaml_path;
  }
  if (!at.file.empty()) {
    result["locations"].push_back(physical_location(
        at.file, region(check::reference_start_line(at), at.column, at.end_line,
                        at.end_column)));
  }
  const FixPlace *place = fix_place(report, index);
  if (place == nullptr || at.file.empty()) {
    return result;
  }
  if (place->line != 0) {
    // The FROM stays the result's location; the ARG line is where to edit.
    nlohmann::json related =
        physical_location(at.file, region(place->line, 0, 0, 0));
    related["id"] = 1;
    related["message"] = {{"text", "the ARG default the fix edits"}};
    result["relatedLocations"] = nlohmann::json::array({std::move(related)});
  }
  nlohmann::json replacements = nlohmann::json::array();
  for (const FixEdit &edit : place->edits) {
    replacements.push_back(
        {{"deletedRegion",
          region(edit.line, edit.column, edit.end_line, edit.end_column)},
         {"insertedContent", {{"text", edit.replacement}}}});
  }
  result["fixes"] = nlohmann::json::array(
      {{{"description", {{"text", "fix: " + fix}}},
        {"artifactChanges",
         nlohmann::json::array(
             {{{"artifactLocation", artifact_location(at.file)},
               {"replacements", std::move(replacements)}}})}}});
  return result;
}

nlohmann::json notifications(const CheckReport &report) {
  nlohmann::json list = nlohmann::json::array();
  for (const FileError &error : detail::sorted_file_errors(report)) {
    list.push_back(
        {{"level", "error"},
         {"message", {{"text", error.error.message}}},
         {"locations", nlohmann::json::array({physical_location(
                           error.file, region(error.error.line,
                                              error.error.column, 0, 0))})}});
  }
  for (const ReferenceError &error : detail::sorted_errors(report)) {
    list.push_back({{"level", "error"},
                    {"message",
                     {{"text", "not checked: " + error.reference + ": " +
                                   error.kind + ": " + error.message}}}});
  }
  return list;
}

} // namespace

std::string render_sarif(const CheckReport &report,
                         std::string_view tool_version) {
  nlohmann::json rules = nlohmann::json::array();
  for (const FindingKind kind : check::dockerfile_finding_kinds()) {
    rules.push_back(rule_json(kind));
  }
  nlohmann::json results = nlohmann::json::array();
  for (const std::size_t index : detail::sorted_findings(report)) {
    results.push_back(result_json(report, index));
  }
  const bool complete = report.errors.empty() && report.file_errors.empty();
  nlohmann::json invocation = {
      {"executionSuccessful", complete},
      {"exitCode", util::to_int(report.summary.exit_code)}};
  nlohmann::json notes = notifications(report);
  if (!notes.empty()) {
    invocation["toolExecutionNotifications"] = std::move(notes);
  }
  nlohmann::json driver = {{"name", "stalebase"},
                           {"version", tool_version},
                           {"rules", std::move(rules)}};
  nlohmann::json run = nlohmann::json::object();
  run["tool"] = {{"driver", std::move(driver)}};
  run["invocations"] = nlohmann::json::array({std::move(invocation)});
  run["results"] = std::move(results);
  nlohmann::json log = nlohmann::json::object();
  log["$schema"] = k_schema;
  log["version"] = "2.1.0";
  log["runs"] = nlohmann::json::array({std::move(run)});
  return log.dump(2) + "\n";
}

} // namespace stalebase::report
