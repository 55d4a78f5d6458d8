#include "reference/host_grammar.hpp"

#include "reference/char_class.hpp"
#include "reference/quote.hpp"

#include <algorithm>

namespace stalebase::reference {

namespace {

Unexpected<std::string> invalid_host(std::string_view host,
                                     std::string_view problem) {
  return Unexpected("invalid registry host " + quote(host) + ": " +
                    std::string(problem));
}

// A label is `[A-Za-z0-9]` or `[A-Za-z0-9][A-Za-z0-9-]*[A-Za-z0-9]`.
bool is_label(std::string_view label) {
  if (label.empty() || !is_alnum(label.front()) || !is_alnum(label.back())) {
    return false;
  }
  return std::all_of(label.begin(), label.end(),
                     [](char c) { return is_alnum(c) || c == '-'; });
}

bool is_domain_name(std::string_view name) {
  while (true) {
    const auto dot = name.find('.');
    if (!is_label(name.substr(0, dot))) {
      return false;
    }
    if (dot == std::string_view::npos) {
      return true;
    }
    name.remove_prefix(dot + 1);
  }
}

bool is_ipv6_body(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return is_hex(c) || c == ':';
  });
}

Expected<void, std::string> validate_port(std::string_view port) {
  if (port.empty() || !std::all_of(port.begin(), port.end(), is_digit)) {
    return Unexpected("invalid port " + quote(port) + ": expected digits");
  }
  return {};
}

Expected<void, std::string> validate_bracketed(std::string_view host) {
  const auto close = host.find(']');
  if (close == std::string_view::npos) {
    return invalid_host(host, "expected \"]\" after the IPv6 address");
  }
  const auto address = host.substr(1, close - 1);
  if (address.find('%') != std::string_view::npos) {
    return invalid_host(host, "IPv6 zone ids are not allowed");
  }
  if (!is_ipv6_body(address)) {
    return invalid_host(host,
                        "expected an IPv6 address of hex digits and \":\"");
  }
  const auto rest = host.substr(close + 1);
  if (rest.empty()) {
    return {};
  }
  if (rest.front() != ':') {
    return invalid_host(host, "expected \":\" and a port after \"]\"");
  }
  return validate_port(rest.substr(1));
}

} // namespace

bool looks_like_host(std::string_view component) {
  return component == "localhost" ||
         component.find_first_of(".:") != std::string_view::npos ||
         std::any_of(component.begin(), component.end(), is_upper);
}

Expected<void, std::string> validate_host(std::string_view host) {
  if (!host.empty() && host.front() == '[') {
    return validate_bracketed(host);
  }
  const auto colon = host.find(':');
  if (colon != std::string_view::npos &&
      host.find(':', colon + 1) != std::string_view::npos &&
      is_ipv6_body(host)) {
    return invalid_host(host, "an IPv6 address must be enclosed in \"[]\"");
  }
  if (!is_domain_name(host.substr(0, colon))) {
    return invalid_host(host, "expected labels of letters, digits and \"-\" "
                              "separated by \".\"");
  }
  if (colon == std::string_view::npos) {
    return {};
  }
  return validate_port(host.substr(colon + 1));
}

} // namespace stalebase::reference
