// RefsJsonWriter: the text of refs_to_json(...).dump(2), written directly.
// Building an nlohmann::json object per reference and dumping it cost more
// than parsing the Dockerfile; this writes the same bytes (members in
// nlohmann's sorted order, its escaping, its 2-space layout) straight into a
// string.

#include "stalebase/report/refs.hpp"

#include <nlohmann/json.hpp>

#include <charconv>
#include <ostream>
#include <sstream>

namespace stalebase::report {

namespace {

using dockerfile::ExtractedReference;
using dockerfile::ReferenceStatus;

// Appends `text` as nlohmann::json's dump() writes a string (ensure_ascii
// off): `"` and `\` escaped, \b \f \n \r \t short, other bytes below 0x20 as
// \u00xx, everything else as is.
void append_string(std::string &out, std::string_view text) {
  const auto is_plain = [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte >= 0x20 && byte < 0x80 && c != '"' && c != '\\';
  };
  out += '"';
  std::size_t at = 0;
  while (at < text.size()) {
    std::size_t plain = at;
    while (plain < text.size() && is_plain(text[plain])) {
      ++plain;
    }
    out.append(text.data() + at, plain - at);
    if (plain == text.size()) {
      break;
    }
    const char c = text[plain];
    if (static_cast<unsigned char>(c) >= 0x80) {
      // Not plain ASCII: let nlohmann check the UTF-8 (it throws on invalid
      // bytes, as the dump of the whole value would) and write it all.
      out.resize(out.size() - (plain - at));
      out += nlohmann::json(std::string(text.substr(at))).dump().substr(1);
      return;
    }
    const auto byte = static_cast<unsigned char>(c);
    out += '\\';
    if (c == '"' || c == '\\') {
      out += c;
    } else if (byte >= '\b' && byte <= '\r' && byte != '\v') {
      out += "btn-fr"[byte - '\b']; // \b \t \n \f \r
    } else {
      static constexpr char k_hex[] = "0123456789abcdef";
      out += "u00";
      out += k_hex[byte >> 4];
      out += k_hex[byte & 0xf];
    }
    at = plain + 1;
  }
  out += '"';
}

void append_number(std::string &out, std::size_t value) {
  char digits[24];
  const auto end = std::to_chars(std::begin(digits), std::end(digits), value);
  out.append(digits, end.ptr);
}

// An object as dump(2) lays it out at `indent` spaces: members on their own
// lines 2 deeper, `{}` when empty. Keys must be given in sorted order and need
// no escaping.
class Object {
public:
  Object(std::string &out, std::size_t indent) : m_out(out), m_indent(indent) {
    m_out += '{';
  }
  Object(const Object &) = delete;
  Object &operator=(const Object &) = delete;

  // Starts member `name`; its value is appended next.
  std::string &key(std::string_view name) {
    m_out += m_empty ? "\n" : ",\n";
    m_empty = false;
    m_out.append(m_indent + 2, ' ');
    m_out += '"';
    m_out += name;
    m_out += "\": ";
    return m_out;
  }
  void string(std::string_view name, std::string_view value) {
    append_string(key(name), value);
  }
  void number(std::string_view name, std::size_t value) {
    append_number(key(name), value);
  }
  void boolean(std::string_view name, bool value) {
    key(name) += value ? "true" : "false";
  }
  // A std::optional of std::string or reference::Digest: null when empty.
  template <typename Text>
  void optional_string(std::string_view name,
                       const std::optional<Text> &value) {
    if (value) {
      string(name, static_cast<const std::string &>(*value));
    } else {
      key(name) += "null";
    }
  }
  // The indent of a value inside this object.
  std::size_t inner() const { return m_indent + 2; }

  ~Object() {
    if (!m_empty) {
      m_out += '\n';
      m_out.append(m_indent, ' ');
    }
    m_out += '}';
  }

private:
  std::string &m_out;
  std::size_t m_indent;
  bool m_empty = true;
};

// Appends the array of `count` elements at `indent`, each written by
// `element(i, element_indent)` after its own line's indent.
template <typename Element>
void append_array(std::string &out,
                  std::size_t indent,
                  std::size_t count,
                  const Element &element) {
  if (count == 0) {
    out += "[]";
    return;
  }
  out += '[';
  for (std::size_t i = 0; i < count; ++i) {
    out += i == 0 ? "\n" : ",\n";
    out.append(indent + 2, ' ');
    element(i, indent + 2);
  }
  out += '\n';
  out.append(indent, ' ');
  out += ']';
}

// The depth of an element of a top-level member's array.
constexpr std::size_t k_element_indent = 4;

void append_reference(std::string &out,
                      const std::string &file,
                      const dockerfile::Document &document,
                      const ExtractedReference &ref) {
  const auto begin = document.lines.position(ref.span.offset);
  const auto end = document.lines.position(ref.span.end());
  const auto &image = ref.image;
  Object entry(out, k_element_indent);
  append_array(
      entry.key("args"), entry.inner(), ref.args.size(),
      [&](std::size_t i, std::size_t) { append_string(out, ref.args[i]); });
  if (image) {
    entry.string("canonical", image->canonical());
  }
  entry.number("column", begin.column);
  if (image) {
    entry.optional_string("digest", image->digest);
  }
  entry.number("end_column", end.column);
  entry.number("end_line", end.line);
  entry.string("expanded", ref.expanded);
  entry.string("file", file);
  entry.string("instruction", dockerfile::to_string(ref.source));
  entry.number("instruction_end_line", ref.instruction_end_line);
  entry.number("instruction_line", ref.instruction_line);
  entry.number("line", begin.line);
  entry.boolean("onbuild", ref.onbuild);
  entry.string("platform", ref.platform);
  entry.string("raw", ref.raw);
  if (ref.status != ReferenceStatus::image) {
    entry.string("reason", ref.reason);
  }
  if (image) {
    entry.string("registry", image->registry);
    entry.string("repository", image->repository);
  }
  entry.string("stage", ref.stage);
  entry.string("status", dockerfile::to_string(ref.status));
  if (image) {
    entry.optional_string("tag", image->tag);
  }
  const std::vector<dockerfile::SourceSpan> spans = ref.value.spans();
  append_array(entry.key("value_spans"), entry.inner(), spans.size(),
               [&](std::size_t i, std::size_t indent) {
                 const dockerfile::SourceSpan &span = spans[i];
                 const auto from = document.lines.position(span.offset);
                 const auto to = document.lines.position(span.end());
                 Object source(out, indent);
                 source.number("column", from.column);
                 source.number("end_column", to.column);
                 source.number("end_line", to.line);
                 source.number("length", span.length);
                 source.number("line", from.line);
                 source.number("offset", span.offset);
               });
}

// A reference of an image source (issue 16): where it is, its kind and the
// path to its value, and what it names; none of a Dockerfile's instruction,
// stage and ARG fields.
void append_reference(std::string &out,
                      const FileReferences &file,
                      const sources::SourceReference &ref) {
  const auto end = file.lines->position(ref.value_span.end());
  const auto &image = ref.image;
  Object entry(out, k_element_indent);
  if (image) {
    entry.string("canonical", image->canonical());
  }
  entry.number("column", ref.column);
  if (image) {
    entry.optional_string("digest", image->digest);
  }
  entry.number("document", ref.document);
  entry.number("end_column", end.column);
  entry.number("end_line", end.line);
  entry.string("expanded", ref.value);
  entry.string("file", file.file);
  entry.number("line", ref.line);
  entry.string("raw", ref.written);
  if (ref.unresolvable) {
    entry.string("reason", *ref.unresolvable);
  } else if (!image) {
    entry.string("reason", ref.invalid);
  }
  if (image) {
    entry.string("registry", image->registry);
    entry.string("repository", image->repository);
  }
  entry.string("source", sources::to_string(ref.kind));
  entry.string("status",
               ref.unresolvable ? "unresolved" : (image ? "image" : "invalid"));
  if (image) {
    entry.optional_string("tag", image->tag);
  }
  append_array(entry.key("value_spans"), entry.inner(), 1,
               [&](std::size_t, std::size_t indent) {
                 const dockerfile::SourceSpan &span = ref.value_span;
                 const auto from = file.lines->position(span.offset);
                 Object source(out, indent);
                 source.number("column", from.column);
                 source.number("end_column", end.column);
                 source.number("end_line", end.line);
                 source.number("length", span.length);
                 source.number("line", from.line);
                 source.number("offset", span.offset);
               });
  entry.string("yaml_path", ref.yaml_path);
}

// Writes the array of `elements` as dump(2) prints a member of the top-level
// object, without copying them.
void write_array(std::ostream &out, const std::vector<std::string> &elements) {
  if (elements.empty()) {
    out << "[]";
    return;
  }
  out << "[\n";
  for (std::size_t i = 0; i < elements.size(); ++i) {
    if (i > 0) {
      out << ",\n";
    }
    out << elements[i];
  }
  out << "\n  ]";
}

} // namespace

void append_refs_json(std::string &out, const FileReferences &file) {
  bool first = true;
  if (file.sources != nullptr) {
    for (const sources::SourceReference &ref : file.sources->references) {
      out += first ? "" : ",\n";
      first = false;
      out.append(k_element_indent, ' ');
      append_reference(out, file, ref);
    }
    return;
  }
  for (const ExtractedReference &ref : file.extraction->references) {
    if (!first) {
      out += ",\n";
    }
    first = false;
    out.append(k_element_indent, ' ');
    append_reference(out, file.file, *file.document, ref);
  }
}

void RefsJsonWriter::add_file(const FileReferences &file) {
  std::string elements;
  append_refs_json(elements, file);
  add_rendered(std::move(elements));
}

void RefsJsonWriter::add_rendered(std::string elements) {
  if (!elements.empty()) {
    m_references.push_back(std::move(elements));
  }
}

void RefsJsonWriter::add_error(const FileError &error) {
  std::string element(k_element_indent, ' ');
  {
    Object entry(element, k_element_indent);
    entry.number("column", error.error.column);
    entry.string("file", error.file);
    entry.number("line", error.error.line);
    entry.string("message", error.error.message);
  }
  m_errors.push_back(std::move(element));
}

std::string RefsJsonWriter::finish() const {
  std::ostringstream out;
  write(out);
  return out.str();
}

void RefsJsonWriter::write(std::ostream &out) const {
  // The members in nlohmann::json's (sorted) order.
  out << "{\n  \"errors\": ";
  write_array(out, m_errors);
  out << ",\n  \"references\": ";
  write_array(out, m_references);
  out << ",\n  \"schema_version\": 1\n}";
}

} // namespace stalebase::report
