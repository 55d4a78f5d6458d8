#include "mount_fields.hpp"

namespace stalebase::dockerfile::detail {

namespace {

std::int64_t origin_of(const TrackedString &s, std::size_t i) {
  return i < s.origins.size() ? s.origins[i] : TrackedString::k_no_origin;
}

MountField make_field(TrackedString field) {
  MountField result;
  const std::size_t equals = field.text.find('=');
  result.key = field.text.substr(0, equals);
  for (char &c : result.key) {
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
  }
  if (equals != std::string::npos) {
    result.has_value = true;
    result.value = field.substr(equals + 1);
  }
  return result;
}

} // namespace

Expected<std::vector<MountField>, std::string>
split_mount_fields(const TrackedString &csv) {
  std::vector<MountField> fields;
  const std::string &text = csv.text;
  std::size_t i = 0;
  while (true) {
    TrackedString field;
    if (i < text.size() && text[i] == '"') {
      ++i;
      bool closed = false;
      while (i < text.size()) {
        if (text[i] == '"') {
          if (i + 1 < text.size() && text[i + 1] == '"') {
            field.push_back('"', origin_of(csv, i + 1));
            i += 2;
            continue;
          }
          closed = true;
          ++i;
          break;
        }
        field.push_back(text[i], origin_of(csv, i));
        ++i;
      }
      if (!closed) {
        return Unexpected(std::string("unterminated quoted field in \"") +
                          text + "\"");
      }
      if (i < text.size() && text[i] != ',') {
        return Unexpected(std::string("extraneous character after quoted "
                                      "field in \"") +
                          text + "\"");
      }
    } else {
      while (i < text.size() && text[i] != ',') {
        if (text[i] == '"') {
          return Unexpected(std::string("bare quote in unquoted field in \"") +
                            text + "\"");
        }
        field.push_back(text[i], origin_of(csv, i));
        ++i;
      }
    }
    fields.push_back(make_field(std::move(field)));
    if (i >= text.size()) {
      return fields;
    }
    ++i; // the comma
  }
}

} // namespace stalebase::dockerfile::detail
