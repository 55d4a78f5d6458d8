// parse_yaml over libyaml's event parser. libyaml was chosen over yaml-cpp
// and libfyaml (docs/sources.md): it reports the start and end of every event,
// each scalar's style, anchors and aliases as events it never expands, and it
// parses without recursion.

#include "stalebase/sources/yaml_document.hpp"

#include "sources/limits.hpp"
#include "sources/stream_builder.hpp"

#include <memory>
#include <yaml.h>

namespace stalebase::sources {

namespace {

// libyaml counts its marks in characters (code points) of the text after the
// BOM; the tree counts bytes of the file as read. Marks arrive almost in
// order, so a cursor that walks from the last one costs little.
class MarkOffsets {
public:
  MarkOffsets(std::string_view text, std::size_t base)
      : m_text(text), m_base(base) {}

  std::size_t byte_offset(std::size_t characters) {
    while (m_characters < characters && m_bytes < m_text.size()) {
      m_bytes += width(static_cast<unsigned char>(m_text[m_bytes]));
      ++m_characters;
    }
    while (m_characters > characters && m_bytes > 0) {
      --m_bytes;
      while (m_bytes > 0 &&
             (static_cast<unsigned char>(m_text[m_bytes]) & 0xC0) == 0x80) {
        --m_bytes;
      }
      --m_characters;
    }
    return m_base + std::min(m_bytes, m_text.size());
  }

private:
  static std::size_t width(unsigned char lead) {
    if (lead < 0x80) {
      return 1;
    }
    if ((lead & 0xE0) == 0xC0) {
      return 2;
    }
    if ((lead & 0xF0) == 0xE0) {
      return 3;
    }
    if ((lead & 0xF8) == 0xF0) {
      return 4;
    }
    return 1;
  }

  std::string_view m_text;
  std::size_t m_base;
  std::size_t m_characters = 0;
  std::size_t m_bytes = 0;
};

struct ParserDeleter {
  void operator()(yaml_parser_t *parser) const {
    yaml_parser_delete(parser);
    delete parser;
  }
};

struct Event {
  yaml_event_t event{};
  ~Event() { yaml_event_delete(&event); }
};

std::string text_of(const yaml_char_t *text) {
  return text == nullptr ? std::string()
                         : std::string(reinterpret_cast<const char *>(text));
}

ScalarStyle style_of(yaml_scalar_style_t style) {
  switch (style) {
  case YAML_SINGLE_QUOTED_SCALAR_STYLE:
    return ScalarStyle::single_quoted;
  case YAML_DOUBLE_QUOTED_SCALAR_STYLE:
    return ScalarStyle::double_quoted;
  case YAML_LITERAL_SCALAR_STYLE:
    return ScalarStyle::literal;
  case YAML_FOLDED_SCALAR_STYLE:
    return ScalarStyle::folded;
  default:
    return ScalarStyle::plain;
  }
}

// A scalar event starts at its properties (`&anchor`, `!tag`), which may be
// followed by blanks, comments and line breaks: the token itself starts after
// them.
std::size_t
skip_properties(std::string_view text, std::size_t pos, std::size_t end) {
  while (pos < end && (text[pos] == '&' || text[pos] == '!')) {
    if (text.substr(pos, 2) == "!<") {
      const std::size_t close = text.find('>', pos);
      pos = close == std::string_view::npos ? end : close + 1;
    } else {
      while (pos < end && text[pos] != ' ' && text[pos] != '\t' &&
             text[pos] != '\r' && text[pos] != '\n') {
        ++pos;
      }
    }
    for (;;) {
      while (pos < end && (text[pos] == ' ' || text[pos] == '\t' ||
                           text[pos] == '\r' || text[pos] == '\n')) {
        ++pos;
      }
      if (pos < end && text[pos] == '#') {
        while (pos < end && text[pos] != '\n') {
          ++pos;
        }
        continue;
      }
      break;
    }
  }
  return std::min(pos, end);
}

} // namespace

Expected<YamlStream, SourceError> parse_yaml(std::string_view text) {
  StreamBuilder builder(text);
  if (text.size() > detail::k_max_file_size) {
    return Unexpected(SourceError{detail::file_too_large(), 0, 0});
  }
  std::size_t bom = 0;
  if (text.starts_with("\xEF\xBB\xBF")) {
    bom = 3;
  }
  const std::string_view body = text.substr(bom);
  MarkOffsets offsets(body, bom);

  std::unique_ptr<yaml_parser_t, ParserDeleter> parser(new yaml_parser_t);
  if (yaml_parser_initialize(parser.get()) == 0) {
    throw std::bad_alloc();
  }
  yaml_parser_set_input_string(
      parser.get(), reinterpret_cast<const unsigned char *>(body.data()),
      body.size());
  // UTF-8 only: libyaml would decode UTF-16 itself, and the marks would no
  // longer count characters of the bytes we have.
  yaml_parser_set_encoding(parser.get(), YAML_UTF8_ENCODING);

  const auto span_of = [&](const yaml_event_t &event) {
    const std::size_t begin = offsets.byte_offset(event.start_mark.index);
    const std::size_t end = offsets.byte_offset(event.end_mark.index);
    return SourceSpan{begin, end > begin ? end - begin : 0};
  };

  for (;;) {
    Event holder;
    yaml_event_t &event = holder.event;
    if (yaml_parser_parse(parser.get(), &event) == 0) {
      std::string message = text_of(reinterpret_cast<const yaml_char_t *>(
          parser->problem != nullptr ? parser->problem : "invalid YAML"));
      if (parser->context != nullptr) {
        message += " (" + std::string(parser->context) + ")";
      }
      if (parser->error == YAML_MEMORY_ERROR) {
        throw std::bad_alloc();
      }
      return Unexpected(builder.error_at(
          offsets.byte_offset(parser->problem_mark.index), message));
    }
    const auto open = [&](NodeKind kind, bool flow, const yaml_char_t *anchor,
                          const yaml_char_t *tag) {
      return builder.open(kind, span_of(event).offset, flow, text_of(anchor),
                          text_of(tag));
    };
    Expected<void, SourceError> step;
    switch (event.type) {
    case YAML_STREAM_END_EVENT:
      return builder.take();
    case YAML_DOCUMENT_START_EVENT:
      builder.begin_document();
      break;
    case YAML_DOCUMENT_END_EVENT:
      step = builder.end_document();
      break;
    case YAML_SCALAR_EVENT: {
      SourceSpan span = span_of(event);
      if (event.data.scalar.anchor != nullptr ||
          event.data.scalar.tag != nullptr) {
        const std::size_t start =
            skip_properties(text, span.offset, span.end());
        span = {start, span.end() - start};
      }
      step = builder.scalar(
          std::string(reinterpret_cast<const char *>(event.data.scalar.value),
                      event.data.scalar.length),
          style_of(event.data.scalar.style), span,
          text_of(event.data.scalar.anchor), text_of(event.data.scalar.tag));
      break;
    }
    case YAML_ALIAS_EVENT:
      step = builder.alias(text_of(event.data.alias.anchor), span_of(event));
      break;
    case YAML_SEQUENCE_START_EVENT:
      step =
          open(NodeKind::sequence,
               event.data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE,
               event.data.sequence_start.anchor, event.data.sequence_start.tag);
      break;
    case YAML_MAPPING_START_EVENT:
      step =
          open(NodeKind::mapping,
               event.data.mapping_start.style == YAML_FLOW_MAPPING_STYLE,
               event.data.mapping_start.anchor, event.data.mapping_start.tag);
      break;
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT:
      step = builder.close(span_of(event).end());
      break;
    default:
      break;
    }
    if (!step) {
      return Unexpected(std::move(step).error());
    }
  }
}

} // namespace stalebase::sources
