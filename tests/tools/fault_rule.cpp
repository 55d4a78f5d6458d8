#include "fault_rule.hpp"

#include "common.hpp"

namespace stalebase::testkit {

namespace {

long to_number(const std::string &rule,
               const std::string &key,
               const std::string &value) {
  if (value.empty() ||
      value.find_first_not_of("0123456789") != std::string::npos) {
    throw Failure("fault \"" + rule + "\": " + key +
                  " must be a number, found \"" + value + "\"");
  }
  return std::stol(value);
}

} // namespace

FaultRule parse_fault_rule(const std::string &text) {
  FaultRule rule;
  rule.text = text;
  bool acts = false;
  for (const auto &item : split(text, ',')) {
    if (item.empty()) {
      continue;
    }
    const auto equals = item.find('=');
    const std::string key = item.substr(0, equals);
    const std::string value =
        equals == std::string::npos ? "" : item.substr(equals + 1);
    if (key == "path") {
      rule.path = std::regex(value);
    } else if (key == "method") {
      rule.method = value;
    } else if (key == "skip") {
      rule.skip = to_number(text, key, value);
    } else if (key == "times") {
      rule.times = to_number(text, key, value);
    } else if (key == "every") {
      rule.every = to_number(text, key, value);
      if (rule.every < 1) {
        throw Failure("fault \"" + text + "\": every must be at least 1");
      }
    } else if (key == "status") {
      rule.status = static_cast<int>(to_number(text, key, value));
      acts = true;
    } else if (key == "retry-after") {
      rule.retry_after = to_number(text, key, value);
    } else if (key == "retry-after-date") {
      rule.retry_after = to_number(text, key, value);
      rule.retry_after_date = true;
    } else if (key == "delay") {
      rule.delay_ms = static_cast<int>(to_number(text, key, value));
      acts = true;
    } else if (key == "garbage") {
      if (value != "truncated" && value != "html" && value != "binary" &&
          value != "wrong-shape" && value != "empty") {
        throw Failure("fault \"" + text +
                      "\": garbage must be truncated, html, "
                      "binary, wrong-shape or empty, found \"" +
                      value + "\"");
      }
      rule.garbage = value;
      acts = true;
    } else if (key == "drop-header") {
      rule.drop_headers.push_back(value);
      acts = true;
    } else if (key == "set-header") {
      const auto colon = value.find(':');
      if (colon == std::string::npos) {
        throw Failure("fault \"" + text + "\": set-header must be NAME:VALUE");
      }
      rule.set_headers.emplace_back(value.substr(0, colon),
                                    value.substr(colon + 1));
      acts = true;
    } else if (key == "bad-digest") {
      rule.bad_digest = true;
      acts = true;
    } else if (key == "link") {
      if (value != "relative" && value != "absolute" && value != "cross-host" &&
          value != "cross-scheme" && value != "loop" && value != "drop") {
        throw Failure("fault \"" + text +
                      "\": link must be relative, absolute, "
                      "cross-host, cross-scheme, loop or drop, found \"" +
                      value + "\"");
      }
      rule.link = value;
      acts = true;
    } else if (key == "redirect") {
      rule.redirect =
          value.empty() ? 307 : static_cast<int>(to_number(text, key, value));
      acts = true;
    } else if (key == "to") {
      if (value != "other" && value != "cross") {
        throw Failure("fault \"" + text + "\": to must be other or cross");
      }
      rule.redirect_to = value;
    } else if (key == "unauthorized") {
      rule.unauthorized = true;
      acts = true;
    } else {
      throw Failure("fault \"" + text + "\": unknown item \"" + key + "\"");
    }
  }
  if (!acts) {
    throw Failure("fault \"" + text +
                  "\" does nothing: give status, delay, "
                  "garbage, drop-header, set-header, bad-digest, link, "
                  "redirect or unauthorized");
  }
  return rule;
}

} // namespace stalebase::testkit
