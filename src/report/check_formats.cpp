#include "stalebase/report/check_formats.hpp"

#include "stalebase/report/check_json.hpp"
#include "stalebase/report/github.hpp"
#include "stalebase/report/markdown.hpp"
#include "stalebase/report/sarif.hpp"

#include <nlohmann/json.hpp>

namespace stalebase::report {

const std::vector<std::string> &check_formats() {
  static const std::vector<std::string> formats = {"table", "json", "sarif",
                                                   "github", "markdown"};
  return formats;
}

std::string render_check_report(const CheckReport &report,
                                const std::string &format,
                                const TableStyle &style) {
  if (format == "json") {
    return check_to_json(report).dump(2) + "\n";
  }
  if (format == "sarif") {
    return render_sarif(report, STALEBASE_VERSION);
  }
  if (format == "github") {
    return render_github(report);
  }
  if (format == "markdown") {
    return render_markdown(report);
  }
  return render_check_table(report, style);
}

} // namespace stalebase::report
