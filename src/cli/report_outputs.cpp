#include "stalebase/cli/report_outputs.hpp"

#include "stalebase/report/check_formats.hpp"
#include "stalebase/report/markdown.hpp"
#include "stalebase/rewrite/atomic_write.hpp"
#include "stalebase/util/error.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace stalebase::cli {

namespace {

std::string format_list() {
  const std::vector<std::string> &formats = report::check_formats();
  std::string text;
  for (std::size_t i = 0; i < formats.size(); ++i) {
    text +=
        (i == 0 ? "" : (i + 1 == formats.size() ? " or " : ", ")) + formats[i];
  }
  return text;
}

// Why `path` cannot be written, or empty.
std::string unwritable(const std::string &path) {
  namespace fs = std::filesystem;
  std::error_code error;
  const fs::path target(path);
  if (fs::is_directory(target, error)) {
    return "\"" + path + "\" is a folder";
  }
  const fs::path folder =
      target.has_parent_path() ? target.parent_path() : fs::path(".");
  if (!fs::is_directory(folder, error)) {
    return "folder \"" + folder.string() + "\" does not exist";
  }
  if (::access(folder.c_str(), W_OK | X_OK) != 0) {
    return "folder \"" + folder.string() + "\" is not writable";
  }
  if (fs::exists(target, error) && ::access(target.c_str(), W_OK) != 0) {
    return "\"" + path + "\" is not writable";
  }
  return "";
}

} // namespace

std::vector<ReportOutput>
parse_outputs(const std::vector<std::string> &values) {
  std::vector<ReportOutput> outputs;
  for (const std::string &value : values) {
    const std::size_t equals = value.find('=');
    if (equals == std::string::npos || equals == 0 ||
        equals + 1 == value.size()) {
      throw Error("invalid --output \"" + value + "\": expected FORMAT=PATH");
    }
    ReportOutput output{value.substr(0, equals), value.substr(equals + 1)};
    const auto &formats = report::check_formats();
    if (std::find(formats.begin(), formats.end(), output.format) ==
        formats.end()) {
      throw Error("invalid --output \"" + value + "\": unknown format \"" +
                  output.format + "\", expected " + format_list());
    }
    if (const std::string why = unwritable(output.path); !why.empty()) {
      throw Error("cannot write --output \"" + value + "\": " + why);
    }
    outputs.push_back(std::move(output));
  }
  return outputs;
}

bool write_outputs(const std::vector<ReportOutput> &outputs,
                   const report::CheckReport &report) {
  bool written = true;
  for (const ReportOutput &output : outputs) {
    auto done = rewrite::write_file_atomically(
        output.path, report::render_check_report(report, output.format, {}));
    if (!done) {
      spdlog::error("cannot write the {} report to \"{}\": {}", output.format,
                    output.path, done.error());
      written = false;
    }
  }
  return written;
}

void append_step_summary(const report::CheckReport &report) {
  const char *path = std::getenv("GITHUB_STEP_SUMMARY");
  if (path == nullptr || *path == '\0') {
    return;
  }
  std::ofstream out(path, std::ios::app | std::ios::binary);
  out << report::render_markdown(report);
  out.flush();
  if (!out) {
    spdlog::warn("cannot append the report to GITHUB_STEP_SUMMARY \"{}\"",
                 path);
  }
}

} // namespace stalebase::cli
