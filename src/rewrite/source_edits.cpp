#include "stalebase/rewrite/source_edits.hpp"

#include "stalebase/reference/grammar.hpp"

#include <algorithm>
#include <array>

namespace stalebase::rewrite {

namespace {

using dockerfile::TrackedString;
using sources::Node;
using sources::NodeId;
using sources::ScalarLocation;
using sources::ScalarStyle;
using sources::SourceKind;
using sources::SourceReference;
using sources::YamlStream;

using Refusal = Unexpected<std::string>;

Refusal refuse(std::string reason) {
  return Refusal(std::move(reason));
}

// The edit turning `old_text` into `new_text` (written at `offset`) that keeps
// their common prefix and suffix; nullopt when they are equal.
std::optional<Edit> diff_edit(std::string_view old_text,
                              std::string_view new_text,
                              std::size_t offset) {
  if (old_text == new_text) {
    return std::nullopt;
  }
  std::size_t prefix = 0;
  while (prefix < old_text.size() && prefix < new_text.size() &&
         old_text[prefix] == new_text[prefix]) {
    ++prefix;
  }
  std::size_t suffix = 0;
  while (suffix < old_text.size() - prefix &&
         suffix < new_text.size() - prefix &&
         old_text[old_text.size() - 1 - suffix] ==
             new_text[new_text.size() - 1 - suffix]) {
    ++suffix;
  }
  return Edit{
      {offset + prefix, old_text.size() - prefix - suffix},
      std::string(new_text.substr(prefix, new_text.size() - prefix - suffix))};
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

bool all_of(std::string_view text, std::string_view allowed) {
  return !text.empty() &&
         text.find_first_not_of(allowed) == std::string_view::npos;
}

// Whether a plain scalar `text` would be read as something other than a
// string by YAML 1.1 or 1.2 readers (Go's yaml, which Helm and Compose use,
// PyYAML, libyaml users): null, a boolean, an integer or a float. Written
// plain, `tag: 1.10` reaches a Helm template as the number 1.1.
bool reads_as_other_type(std::string_view text) {
  static constexpr std::array<std::string_view, 26> k_words{
      "~",     "null", "Null", "NULL", "true", "True", "TRUE", "false", "False",
      "FALSE", "yes",  "Yes",  "YES",  "no",   "No",   "NO",   "on",    "On",
      "ON",    "off",  "Off",  "OFF",  "y",    "Y",    "n",    "N"};
  if (text.empty() ||
      std::find(k_words.begin(), k_words.end(), text) != k_words.end()) {
    return true;
  }
  std::string_view rest = text;
  if (rest.front() == '+' || rest.front() == '-') {
    rest.remove_prefix(1);
  }
  if (rest == ".inf" || rest == ".Inf" || rest == ".INF" || rest == ".nan" ||
      rest == ".NaN" || rest == ".NAN") {
    return true;
  }
  if (rest.size() > 2 && rest[0] == '0') {
    const std::string_view digits = rest.substr(2);
    if ((rest[1] == 'x' && all_of(digits, "0123456789abcdefABCDEF_")) ||
        (rest[1] == 'o' && all_of(digits, "01234567_")) ||
        (rest[1] == 'b' && all_of(digits, "01_"))) {
      return true;
    }
  }
  // Digits (with `_` and YAML 1.1's sexagesimal `:`), one `.` and digits, an
  // exponent.
  std::size_t i = 0;
  bool digit = false;
  while (i < rest.size() &&
         (is_digit(rest[i]) || rest[i] == '_' || rest[i] == ':')) {
    digit = digit || is_digit(rest[i]);
    ++i;
  }
  if (i < rest.size() && rest[i] == '.') {
    ++i;
    while (i < rest.size() && (is_digit(rest[i]) || rest[i] == '_')) {
      digit = digit || is_digit(rest[i]);
      ++i;
    }
  }
  if (!digit) {
    return false;
  }
  if (i < rest.size() && (rest[i] == 'e' || rest[i] == 'E')) {
    ++i;
    if (i < rest.size() && (rest[i] == '+' || rest[i] == '-')) {
      ++i;
    }
    const std::size_t exponent = i;
    while (i < rest.size() && is_digit(rest[i])) {
      ++i;
    }
    return i == rest.size() && i > exponent;
  }
  return i == rest.size();
}

// `text` as a double-quoted scalar, valid in YAML and in JSON: `"` and `\`
// escaped, control bytes as `\u00XX`, every other byte as it is.
std::string double_quoted(std::string_view text) {
  static constexpr std::string_view k_hex = "0123456789abcdef";
  std::string out = "\"";
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (byte < 0x20 || byte == 0x7f) {
      out += "\\u00";
      out += k_hex[byte >> 4U];
      out += k_hex[byte & 0xfU];
    } else {
      out += c;
    }
  }
  return out + '"';
}

// Where a block scalar's value (`|-`, `>-` on one content line) is written
// byte for byte, when it is.
std::optional<std::size_t> block_verbatim(std::string_view source,
                                          const Node &node) {
  std::string_view value = node.value;
  while (!value.empty() && value.back() == '\n') {
    value.remove_suffix(1);
  }
  if (value.empty() || value.find('\n') != std::string_view::npos ||
      node.span.end() > source.size()) {
    return std::nullopt;
  }
  const std::string_view token =
      source.substr(node.span.offset, node.span.length);
  std::size_t i = token.find('\n');
  if (i == std::string_view::npos) {
    return std::nullopt;
  }
  ++i;
  while (i < token.size() && token[i] == ' ') {
    ++i;
  }
  const std::size_t end = i + value.size();
  if (token.substr(i, value.size()) != value ||
      (end < token.size() && token[end] != '\n' && token[end] != '\r')) {
    return std::nullopt;
  }
  return node.span.offset + i;
}

// Where the scalar's decoded value is written byte for byte, when it is.
std::optional<std::size_t> verbatim_at(std::string_view source,
                                       const Node &node) {
  if (node.style == ScalarStyle::literal || node.style == ScalarStyle::folded) {
    return block_verbatim(source, node);
  }
  return node.verbatim_offset;
}

// The file edits that make the scalar `node` decode to `value`, given the
// edits of its decoded value that do it (`value_edits`, in value offsets).
// The bytes changed in place when the value is written verbatim; else the
// scalar written again in its style and only the bytes that differ replaced.
// A plain scalar whose new value would read as a number, a boolean or null is
// written double-quoted.
Expected<std::vector<Edit>, std::string>
write_scalar(std::string_view source,
             const Node &node,
             const std::string &value,
             const std::vector<Edit> &value_edits) {
  if (value == node.value) {
    return std::vector<Edit>{};
  }
  const bool retype =
      node.style == ScalarStyle::plain && reads_as_other_type(value);
  const auto verbatim = verbatim_at(source, node);
  if (verbatim && !retype) {
    std::vector<Edit> edits = value_edits;
    for (Edit &edit : edits) {
      edit.span.offset += *verbatim;
    }
    return edits;
  }
  std::string token;
  switch (node.style) {
  case ScalarStyle::plain:
    if (!retype) {
      return refuse("the value is a plain scalar over several lines: edit it "
                    "by hand");
    }
    token = double_quoted(value);
    break;
  case ScalarStyle::single_quoted:
    if (value.find('\n') != std::string::npos) {
      return refuse("the value is a single-quoted scalar holding a line "
                    "break: edit it by hand");
    }
    token = "'";
    for (const char c : value) {
      token += c == '\'' ? std::string("''") : std::string(1, c);
    }
    token += '\'';
    break;
  case ScalarStyle::double_quoted:
    token = double_quoted(value);
    break;
  case ScalarStyle::literal:
  case ScalarStyle::folded:
    return refuse("the value is a block scalar (| or >) over several lines: "
                  "edit it by hand");
  }
  if (node.span.end() > source.size()) {
    return refuse("the scalar lies outside the file");
  }
  std::vector<Edit> edits;
  if (auto edit = diff_edit(source.substr(node.span.offset, node.span.length),
                            token, node.span.offset)) {
    edits.push_back(std::move(*edit));
  }
  return edits;
}

// The edits of the scalar's text `tracked` stands for (its `origins` are
// offsets in that text, none for bytes from elsewhere) that make the
// reference it holds read as `target`: the tag and the digest each replaced
// keeping the bytes that stay, or `:tag`/`@digest` inserted after the name.
class ValueEditor {
public:
  ValueEditor(const TrackedString &tracked, std::string outside)
      : m_tracked(tracked), m_outside(std::move(outside)) {}

  Expected<std::vector<Edit>, std::string> edits(const Target &target) {
    const std::string &text = m_tracked.text;
    const ReferenceParts parts = split_reference(text);
    if (parts.name_end == 0) {
      return refuse("the reference has no name");
    }
    const std::string_view old_tag =
        parts.tag_start
            ? std::string_view(text).substr(*parts.tag_start,
                                            parts.name_end - *parts.tag_start)
            : std::string_view();
    const std::string_view old_digest =
        parts.digest_start ? std::string_view(text).substr(*parts.digest_start)
                           : std::string_view();
    std::string insertion;
    if (!target.tag.empty() && (target.tag != old_tag || !parts.tag_start)) {
      if (parts.tag_start) {
        if (auto done =
                replace(*parts.tag_start, parts.name_end, target.tag, "tag");
            !done) {
          return Unexpected(std::move(done).error());
        }
      } else {
        insertion += ":" + target.tag;
      }
    }
    if (target.digest && *target.digest != old_digest) {
      if (parts.digest_start) {
        if (auto done = replace(*parts.digest_start, text.size(),
                                target.digest->str(), "digest");
            !done) {
          return Unexpected(std::move(done).error());
        }
      } else {
        insertion += "@" + target.digest->str();
      }
    }
    if (!insertion.empty()) {
      const auto origin = origin_of(parts.name_end - 1);
      if (!origin) {
        return refuse("the reference ends in " + m_outside);
      }
      m_edits.push_back(Edit{{*origin + 1, 0}, insertion});
    }
    std::sort(m_edits.begin(), m_edits.end());
    return m_edits;
  }

private:
  std::optional<std::size_t> origin_of(std::size_t index) const {
    if (index >= m_tracked.origins.size() ||
        m_tracked.origins[index] == TrackedString::k_no_origin) {
      return std::nullopt;
    }
    return static_cast<std::size_t>(m_tracked.origins[index]);
  }

  Expected<bool, std::string> replace(std::size_t begin,
                                      std::size_t end,
                                      std::string_view text,
                                      const std::string &what) {
    const std::string_view old =
        std::string_view(m_tracked.text).substr(begin, end - begin);
    const auto edit = diff_edit(old, text, 0);
    if (!edit) {
      return true;
    }
    const std::size_t first = begin + edit->span.offset;
    const std::size_t last = first + edit->span.length;
    std::optional<std::size_t> at;
    if (first < last) {
      at = origin_of(first);
      for (std::size_t i = first; at && i < last; ++i) {
        const auto origin = origin_of(i);
        if (!origin) {
          return refuse("the " + what + " comes from " + m_outside);
        }
        if (*origin != *at + (i - first)) {
          return refuse("the " + what +
                        " is written in pieces (variables and text) that "
                        "cannot be edited as one");
        }
      }
    } else if (first > 0 && origin_of(first - 1)) {
      at = *origin_of(first - 1) + 1;
    } else if (first < m_tracked.text.size()) {
      at = origin_of(first);
    }
    if (!at) {
      return refuse("the " + what + " comes from " + m_outside);
    }
    m_edits.push_back(Edit{{*at, last - first}, edit->replacement});
    return true;
  }

  const TrackedString &m_tracked;
  std::string m_outside;
  std::vector<Edit> m_edits;
};

// The scalars a reference is made of.
std::vector<NodeId> nodes_of(const SourceReference &reference) {
  std::vector<NodeId> nodes{reference.scalar.node};
  for (const auto *piece : {&reference.registry, &reference.repository,
                            &reference.tag, &reference.digest}) {
    if (*piece) {
      nodes.push_back((*piece)->node);
    }
  }
  return nodes;
}

bool shares_scalar(const SourceReference &a, const SourceReference &b) {
  const std::vector<NodeId> theirs = nodes_of(b);
  for (const NodeId node : nodes_of(a)) {
    if (std::find(theirs.begin(), theirs.end(), node) != theirs.end()) {
      return true;
    }
  }
  return false;
}

bool same_reference(const SourceReference &a, const SourceReference &b) {
  return a.kind == b.kind && a.document == b.document &&
         a.yaml_path == b.yaml_path && a.scalar.node == b.scalar.node &&
         a.written == b.written && a.value == b.value;
}

// Why `edited` (the file once the edits are applied) does not read as
// planned: reference `index` of `before` as `after`, every reference that
// shares no scalar with it as before. Empty when it does.
std::string read_back(SourceKind kind,
                      std::string_view edited,
                      const sources::ExtractOptions &options,
                      const std::vector<SourceReference> &before,
                      const std::vector<std::optional<std::string>> &after) {
  auto extracted = sources::extract_source(kind, edited, options);
  if (!extracted) {
    return "the edited file would not read (line " +
           std::to_string(extracted.error().line) + ": " +
           extracted.error().message + ")";
  }
  const std::vector<SourceReference> &now = extracted->references;
  if (now.size() != before.size()) {
    return "the edited file would name other images";
  }
  for (std::size_t i = 0; i < now.size(); ++i) {
    if (now[i].yaml_path != before[i].yaml_path) {
      return "the edited file would name other images";
    }
    if (after[i]) {
      if (now[i].value != *after[i] || !now[i].image || now[i].unresolvable) {
        return "the edited file would read " + now[i].value + " instead of " +
               *after[i] + " at " + now[i].yaml_path;
      }
      continue;
    }
    const bool touched = std::any_of(
        after.begin(), after.end(), [&](const std::optional<std::string> &a) {
          const auto j = static_cast<std::size_t>(&a - after.data());
          return a && shares_scalar(before[i], before[j]);
        });
    if (!touched && now[i].value != before[i].value) {
      return "the edit would also change the image at " + now[i].yaml_path;
    }
  }
  return "";
}

// The whole text of a reference's decoded scalar, and where `written` starts
// in it (after GitHub's `docker://`).
struct ScalarText {
  const Node *node = nullptr;
  std::size_t skip = 0;
};

Expected<ScalarText, std::string>
scalar_text(const YamlStream &stream, const SourceReference &reference) {
  if (reference.scalar.node >= stream.node_count() ||
      !stream.node(reference.scalar.node).is_scalar()) {
    return refuse("the file does not hold this reference as it was read");
  }
  const Node &node = stream.node(reference.scalar.node);
  if (!node.value.ends_with(reference.written)) {
    return refuse("the file does not hold this reference as it was read");
  }
  return ScalarText{&node, node.value.size() - reference.written.size()};
}

// Compose: the variables in `written` that the environment sets.
std::string environment_names(std::string_view written,
                              const sources::ComposeEnvironment &env) {
  std::string names;
  for (const auto &[name, value] : env) {
    if (written.find("$" + name) != std::string_view::npos ||
        written.find("${" + name) != std::string_view::npos) {
      names += (names.empty() ? "" : ", ") + name;
    }
  }
  return names;
}

Expected<std::vector<PlacedEdit>, std::string>
scalar_reference_edits(std::string_view source,
                       const YamlStream &stream,
                       const SourceReference &reference,
                       const Target &target,
                       const sources::ExtractOptions &options) {
  auto scalar = scalar_text(stream, reference);
  if (!scalar) {
    return Unexpected(std::move(scalar).error());
  }
  const Node &node = *scalar->node;
  TrackedString tracked;
  std::string outside;
  if (reference.kind == SourceKind::compose) {
    auto interpolated = sources::interpolate_compose_tracked(
        reference.written, options.compose_env);
    if (!interpolated || interpolated->text != reference.value) {
      return refuse("the file does not hold this reference as it was read");
    }
    tracked = std::move(*interpolated);
    const std::string names =
        environment_names(reference.written, options.compose_env);
    outside = "a variable set outside the Compose file" +
              (names.empty() ? std::string() : " (" + names + ")") +
              " by the environment or the .env file: change it there";
  } else if (reference.written != reference.value) {
    return refuse(reference.kind == SourceKind::gitlab_ci
                      ? "the image is built from GitLab variables: change "
                        "their values in variables: by hand"
                      : "the image is built from substitutions");
  } else {
    tracked = TrackedString::from_source(reference.written, 0);
  }
  if (tracked.origins.size() != tracked.text.size()) {
    tracked.origins.clear();
    for (std::size_t i = 0; i < tracked.text.size(); ++i) {
      tracked.origins.push_back(TrackedString::k_no_origin);
    }
  }
  auto written_edits = ValueEditor(tracked, outside).edits(target);
  if (!written_edits) {
    return Unexpected(std::move(written_edits).error());
  }
  for (Edit &edit : *written_edits) {
    edit.span.offset += scalar->skip;
  }
  auto value = apply_edits(node.value, *written_edits);
  if (!value) {
    return Unexpected(std::move(value).error());
  }
  auto edits = write_scalar(source, node, *value, *written_edits);
  if (!edits) {
    return Unexpected(std::move(edits).error());
  }
  std::vector<PlacedEdit> placed;
  for (Edit &edit : *edits) {
    placed.push_back({std::move(edit), node.span.offset});
  }
  return placed;
}

// Helm: the value of a piece as the extractor reads it.
std::string piece_value(const YamlStream &stream,
                        const std::optional<ScalarLocation> &piece) {
  if (!piece || piece->node >= stream.node_count() ||
      stream.node(piece->node).is_null()) {
    return {};
  }
  return stream.node(piece->node).value;
}

// The image mapping (its `repository` the scalar `repository`) that holds
// the `tag:` key whose value is the scalar `tag`, and the key; none unless
// exactly one does.
struct TagEntry {
  NodeId mapping = sources::k_no_node;
  NodeId key = sources::k_no_node;
  NodeId value = sources::k_no_node; // as written (maybe an alias)
};

std::optional<TagEntry>
tag_entry(const YamlStream &stream, NodeId repository, NodeId tag) {
  std::optional<TagEntry> found;
  for (NodeId id = 0; id < stream.node_count(); ++id) {
    const Node &node = stream.node(id);
    const NodeId own = stream.find(id, "repository");
    if (!node.is_mapping() || own == sources::k_no_node ||
        stream.resolve(own) != repository) {
      continue;
    }
    for (std::size_t i = 0; i + 1 < node.children.size(); i += 2) {
      const Node &key = stream.resolved(node.children[i]);
      if (key.is_scalar() && key.value == "tag" &&
          stream.resolve(node.children[i + 1]) == tag) {
        if (found) {
          return std::nullopt;
        }
        found = TagEntry{id, node.children[i], node.children[i + 1]};
      }
    }
  }
  return found;
}

// A `digest:` entry added after the `tag:` one: on its own line with the
// key's indentation in a block mapping, `, digest: …` in a flow one.
Expected<PlacedEdit, std::string> insert_digest(std::string_view source,
                                                const YamlStream &stream,
                                                NodeId repository,
                                                const ScalarLocation &tag,
                                                const std::string &digest) {
  const auto entry = tag_entry(stream, repository, tag.node);
  if (!entry) {
    return refuse("the tag: of this image is written where a digest: key "
                  "cannot be added beside it: add it by hand");
  }
  const Node &mapping = stream.node(entry->mapping);
  const Node &value = stream.node(entry->value);
  if (value.span.end() > source.size()) {
    return refuse("the tag: lies outside the file");
  }
  if (mapping.flow) {
    return PlacedEdit{Edit{{value.span.end(), 0}, ", digest: " + digest},
                      tag.scalar_span.offset};
  }
  if (stream.resolved(entry->value).style == ScalarStyle::literal ||
      stream.resolved(entry->value).style == ScalarStyle::folded) {
    return refuse("the tag: is a block scalar: add the digest: key by hand");
  }
  // The rest of the tag's line: blanks and a comment only.
  std::size_t i = value.span.end();
  while (i < source.size() && (source[i] == ' ' || source[i] == '\t')) {
    ++i;
  }
  if (i < source.size() && source[i] == '#') {
    i = std::min(source.find('\n', i), source.size());
  }
  if (i < source.size() && source[i] == '\r' && i + 1 < source.size() &&
      source[i + 1] == '\n') {
    ++i;
  }
  if (i < source.size() && source[i] != '\n') {
    return refuse("the tag: line holds more than the tag: add the digest: "
                  "key by hand");
  }
  const std::size_t column = stream.node(entry->key).position.column;
  const std::string line =
      std::string(column > 0 ? column - 1 : 0, ' ') + "digest: " + digest;
  if (i < source.size()) {
    const bool crlf = i > 0 && source[i - 1] == '\r';
    return PlacedEdit{Edit{{i + 1, 0}, line + (crlf ? "\r\n" : "\n")},
                      tag.scalar_span.offset};
  }
  const bool crlf = source.find("\r\n") != std::string_view::npos;
  return PlacedEdit{Edit{{source.size(), 0}, (crlf ? "\r\n" : "\n") + line},
                    tag.scalar_span.offset};
}

// Helm: the tag scalar and the digest scalar edited each on its own.
Expected<std::vector<PlacedEdit>, std::string>
helm_edits(std::string_view source,
           const YamlStream &stream,
           const SourceReference &reference,
           const Target &target,
           std::string &after) {
  const std::string registry = piece_value(stream, reference.registry);
  const std::string repository = piece_value(stream, reference.repository);
  const std::string tag = piece_value(stream, reference.tag);
  const std::string raw_digest = piece_value(stream, reference.digest);
  if (tag.find('@') != std::string::npos) {
    return refuse("the tag: holds a digest too: edit it by hand");
  }
  const bool hex_only =
      !raw_digest.empty() && raw_digest.find(':') == std::string::npos;
  const std::string digest = hex_only ? "sha256:" + raw_digest : raw_digest;
  const std::string new_tag = target.tag.empty() ? tag : target.tag;
  const std::string new_digest = target.digest ? target.digest->str() : digest;
  after = registry.empty() ? repository : registry + '/' + repository;
  if (!new_tag.empty()) {
    after += ':' + new_tag;
  }
  if (!new_digest.empty()) {
    after += '@' + new_digest;
  }
  std::vector<PlacedEdit> placed;
  const auto edit_piece =
      [&](const ScalarLocation &piece,
          const std::string &value) -> Expected<bool, std::string> {
    if (piece.node >= stream.node_count()) {
      return refuse("the file does not hold this reference as it was read");
    }
    const Node &node = stream.node(piece.node);
    std::vector<Edit> value_edits;
    if (auto edit = diff_edit(node.value, value, 0)) {
      value_edits.push_back(std::move(*edit));
    }
    auto edits = write_scalar(source, node, value, value_edits);
    if (!edits) {
      return Unexpected(std::move(edits).error());
    }
    for (Edit &edit : *edits) {
      placed.push_back({std::move(edit), node.span.offset});
    }
    return true;
  };
  if (new_tag != tag) {
    if (!reference.tag) {
      return refuse("the image mapping has no tag: key: add one by hand");
    }
    if (auto done = edit_piece(*reference.tag, new_tag); !done) {
      return Unexpected(std::move(done).error());
    }
  }
  if (new_digest != digest) {
    if (reference.digest) {
      // `sha:` holds the hex digits only; so does a `digest:` that did.
      const std::string written =
          hex_only ? new_digest.substr(new_digest.find(':') + 1) : new_digest;
      if (auto done = edit_piece(*reference.digest, written); !done) {
        return Unexpected(std::move(done).error());
      }
    } else if (!reference.tag) {
      return refuse("the image mapping has no tag: key to add the digest: "
                    "beside: add it by hand");
    } else {
      auto inserted = insert_digest(source, stream, reference.repository->node,
                                    *reference.tag, new_digest);
      if (!inserted) {
        return Unexpected(std::move(inserted).error());
      }
      placed.push_back(std::move(*inserted));
    }
  }
  return placed;
}

} // namespace

Expected<ReferenceEdits, std::string>
source_reference_edits(std::string_view source,
                       const SourceReference &reference,
                       const Target &target,
                       const sources::ExtractOptions &options) {
  // Only a valid tag is ever written (a digest is valid by its type).
  if (!target.tag.empty()) {
    if (auto valid = reference::validate_tag(target.tag); !valid) {
      return Unexpected(valid.error());
    }
  }
  if (reference.unresolvable) {
    return refuse("the image cannot be known from the file: " +
                  *reference.unresolvable);
  }
  if (!reference.image) {
    return refuse("the reference is not valid: " + reference.invalid);
  }
  auto stream = sources::parse_source(reference.kind, source);
  if (!stream) {
    return refuse("the file does not read (line " +
                  std::to_string(stream.error().line) + ": " +
                  stream.error().message + ")");
  }
  const sources::SourceExtraction before =
      sources::extract_stream(reference.kind, *stream, options);
  const auto found =
      std::find_if(before.references.begin(), before.references.end(),
                   [&](const SourceReference &candidate) {
                     return same_reference(candidate, reference);
                   });
  if (found == before.references.end()) {
    return refuse("the file does not hold this reference as it was read");
  }
  ReferenceEdits result;
  Expected<std::vector<PlacedEdit>, std::string> edits =
      std::vector<PlacedEdit>{};
  if (reference.kind == SourceKind::helm_values) {
    edits = helm_edits(source, *stream, reference, target, result.after);
  } else {
    result.after = reference_after(reference.value, target);
    if (result.after != reference.value) {
      edits =
          scalar_reference_edits(source, *stream, reference, target, options);
    }
  }
  if (!edits) {
    return Unexpected(std::move(edits).error());
  }
  result.edits = std::move(*edits);
  if (result.edits.empty()) {
    if (result.after != reference.value) {
      return refuse("the edit would change nothing in the file");
    }
    return result;
  }
  std::vector<Edit> plain;
  for (const PlacedEdit &placed : result.edits) {
    plain.push_back(placed.edit);
  }
  auto edited = apply_edits(source, plain);
  if (!edited) {
    return Unexpected(std::move(edited).error());
  }
  std::vector<std::optional<std::string>> after(before.references.size());
  after[static_cast<std::size_t>(found - before.references.begin())] =
      result.after;
  const std::string problem =
      read_back(reference.kind, *edited, options, before.references, after);
  if (!problem.empty()) {
    return refuse(problem);
  }
  return result;
}

FilePlan plan_source_file(std::string_view source,
                          const std::vector<SourceReference> &references,
                          const std::vector<std::optional<Target>> &targets,
                          const sources::ExtractOptions &options) {
  FilePlan plan;
  const std::size_t count = references.size();
  std::vector<std::optional<ReferenceEdits>> computed(count);
  std::vector<std::string> refusals(count);
  for (std::size_t i = 0; i < count && i < targets.size(); ++i) {
    if (!targets[i]) {
      continue;
    }
    auto edits =
        source_reference_edits(source, references[i], *targets[i], options);
    if (edits) {
      computed[i] = std::move(*edits);
    } else {
      refusals[i] = edits.error();
    }
  }
  // The edits of reference `i` at `anchor`, in order.
  const auto edits_at = [&](std::size_t i, std::size_t anchor) {
    std::vector<Edit> result;
    if (computed[i] && refusals[i].empty()) {
      for (const PlacedEdit &placed : computed[i]->edits) {
        if (placed.anchor == anchor) {
          result.push_back(placed.edit);
        }
      }
    }
    std::sort(result.begin(), result.end());
    return result;
  };
  // Whether reference `j` is made of the scalar at `anchor`.
  const auto uses = [&](std::size_t j, std::size_t anchor) {
    const SourceReference &other = references[j];
    if (other.scalar.scalar_span.offset == anchor) {
      return true;
    }
    for (const auto *piece :
         {&other.registry, &other.repository, &other.tag, &other.digest}) {
      if (*piece && (*piece)->scalar_span.offset == anchor) {
        return true;
      }
    }
    return false;
  };
  // A shared scalar is edited only when every reference using it gets the
  // same edit; refusals spread until none is added.
  for (bool changed = true; changed;) {
    changed = false;
    for (std::size_t i = 0; i < count; ++i) {
      if (!computed[i] || computed[i]->edits.empty() || !refusals[i].empty()) {
        continue;
      }
      for (const PlacedEdit &placed : computed[i]->edits) {
        const std::vector<Edit> mine = edits_at(i, placed.anchor);
        for (std::size_t j = 0; j < count && refusals[i].empty(); ++j) {
          if (j != i && uses(j, placed.anchor) &&
              edits_at(j, placed.anchor) != mine) {
            refusals[i] =
                "its value is written once (" +
                std::string(references[i].scalar.via_anchor.empty()
                                ? "a shared scalar"
                                : "anchor &" +
                                      references[i].scalar.via_anchor) +
                ") for the image at " + references[j].yaml_path + " (line " +
                std::to_string(references[j].line) +
                ") too, which would not get the same change";
          }
        }
      }
      changed = changed || !refusals[i].empty();
    }
  }
  std::vector<std::optional<std::string>> after(count);
  for (std::size_t i = 0; i < count; ++i) {
    if (!admit_change(plan, i, references[i].line, refusals[i], computed,
                      "image")) {
      continue;
    }
    for (const PlacedEdit &placed : computed[i]->edits) {
      plan.edits.push_back(placed.edit);
    }
    after[i] = computed[i]->after;
    Change change;
    change.reference = i;
    change.line = references[i].line;
    change.before = references[i].value;
    change.after = computed[i]->after;
    plan.changes.push_back(std::move(change));
  }
  std::sort(plan.edits.begin(), plan.edits.end());
  plan.edits.erase(std::unique(plan.edits.begin(), plan.edits.end()),
                   plan.edits.end());
  if (plan.edits.empty() || references.empty()) {
    return plan;
  }
  // Each edit was read back alone; together they must read back too.
  auto edited = apply_edits(source, plan.edits);
  const std::string problem = edited
                                  ? read_back(references.front().kind, *edited,
                                              options, references, after)
                                  : edited.error();
  if (!problem.empty()) {
    for (const Change &change : plan.changes) {
      plan.skipped.push_back(
          Skip{change.reference, change.line,
               "the edits of this file together do not read back: " + problem});
    }
    std::sort(
        plan.skipped.begin(), plan.skipped.end(),
        [](const Skip &a, const Skip &b) { return a.reference < b.reference; });
    plan.changes.clear();
    plan.edits.clear();
  }
  return plan;
}

} // namespace stalebase::rewrite
