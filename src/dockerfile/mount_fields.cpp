#include "mount_fields.hpp"

#include "dockerfile/tracked_text.hpp"

namespace stalebase::dockerfile::detail {

namespace {

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
      std::size_t copied = i; // bytes [copied, i) are still to be copied
      while (i < text.size()) {
        if (text[i] == '"') {
          tracked::append_range(field, csv, copied, i);
          if (i + 1 < text.size() && text[i + 1] == '"') {
            // `""` is one quote, the second one's.
            tracked::append_range(field, csv, i + 1, i + 2);
            i += 2;
            copied = i;
            continue;
          }
          closed = true;
          ++i;
          break;
        }
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
      const std::size_t start = i;
      while (i < text.size() && text[i] != ',') {
        if (text[i] == '"') {
          return Unexpected(std::string("bare quote in unquoted field in \"") +
                            text + "\"");
        }
        ++i;
      }
      tracked::append_range(field, csv, start, i);
    }
    fields.push_back(make_field(std::move(field)));
    if (i >= text.size()) {
      return fields;
    }
    ++i; // the comma
  }
}

} // namespace stalebase::dockerfile::detail
