#include "reference/quote.hpp"

namespace stalebase::reference {

std::string quote(std::string_view value) {
  static constexpr char k_hex[] = "0123456789abcdef";
  const std::size_t full_size = value.size();
  const bool cut = full_size > k_max_quoted_length;
  if (cut) {
    value = value.substr(0, k_max_quoted_length);
  }
  std::string out;
  out.reserve(value.size() + 5);
  out += '"';
  for (const char c : value) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (byte < 0x20 || byte >= 0x7f) {
      out += "\\x";
      out += k_hex[byte >> 4U];
      out += k_hex[byte & 0x0fU];
    } else {
      out += c;
    }
  }
  out += '"';
  if (cut) {
    // Said after the quote, so that it cannot be mistaken for the value, and
    // not last, so that a message never ends with a period.
    out += "... (" + std::to_string(full_size) + " bytes)";
  }
  return out;
}

} // namespace stalebase::reference
