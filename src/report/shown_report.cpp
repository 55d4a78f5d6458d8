#include "report/shown_report.hpp"

#include "stalebase/util/shown_text.hpp"

namespace stalebase::report::detail {

namespace {

void escape(std::string &text) {
  text = util::escape_control(text);
}

void escape(check::Location &at) {
  for (std::string *text :
       {&at.file, &at.reference, &at.expanded, &at.canonical, &at.stage,
        &at.platform, &at.yaml_path}) {
    escape(*text);
  }
}

} // namespace

CheckReport shown_report(const CheckReport &report) {
  CheckReport shown = report;
  for (check::Finding &finding : shown.findings) {
    escape(finding.location);
    escape(finding.message);
    escape(finding.current.tag);
    escape(finding.current.digest);
    if (finding.suggested) {
      escape(finding.suggested->tag);
      escape(finding.suggested->digest);
    }
    for (std::string &tag : finding.equals) {
      escape(tag);
    }
    for (std::string &tag : finding.equalled_at_pin) {
      escape(tag);
    }
  }
  for (std::string &reference : shown.checked) {
    escape(reference);
  }
  for (ReferenceError &error : shown.errors) {
    escape(error.reference);
    escape(error.kind);
    escape(error.message);
  }
  for (FileError &error : shown.file_errors) {
    escape(error.file);
    escape(error.error.message);
  }
  return shown;
}

} // namespace stalebase::report::detail
