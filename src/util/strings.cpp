#include "stalebase/util/strings.hpp"

namespace stalebase::util {

namespace {

bool is_blank(char c) {
  return c == ' ' || c == '\t';
}

} // namespace

std::string ascii_lower(std::string_view text) {
  std::string out(text);
  for (char &c : out) {
    c = ascii_lower(c);
  }
  return out;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (ascii_lower(a[i]) != ascii_lower(b[i])) {
      return false;
    }
  }
  return true;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && is_blank(text.front())) {
    text.remove_prefix(1);
  }
  while (!text.empty() && is_blank(text.back())) {
    text.remove_suffix(1);
  }
  return text;
}

} // namespace stalebase::util
