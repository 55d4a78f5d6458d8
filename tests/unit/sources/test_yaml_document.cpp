// The YAML tree keeps exact positions and styles, follows aliases and merge
// keys without copying them, and refuses hostile files quickly.

#include "source_helpers.hpp"

#include <chrono>

using namespace stalebase::sources;
using stalebase::test::slice;
using stalebase::test::yaml_error;
using stalebase::test::yaml_ok;

namespace {

const Node &
value_at(const YamlStream &stream, NodeId mapping, std::string_view key) {
  const NodeId id = stream.find(mapping, key);
  REQUIRE(id != k_no_node);
  return stream.resolved(id);
}

std::string repeat(std::string_view text, std::size_t times) {
  std::string out;
  for (std::size_t i = 0; i < times; ++i) {
    out += text;
  }
  return out;
}

} // namespace

TEST_CASE("yaml: scalars keep their style, span and position", "[sources]") {
  const std::string text = "a: plain value\n"
                           "b: 'it''s'\n"
                           "c: \"tab\\there\"\n"
                           "d: |\n  literal\n  text\n"
                           "e: >\n  folded\n  text\n"
                           "f: \"node:18\"\n";
  const YamlStream stream = yaml_ok(text);
  REQUIRE(stream.documents().size() == 1);
  const NodeId root = stream.documents()[0];

  const Node &a = value_at(stream, root, "a");
  CHECK(a.style == ScalarStyle::plain);
  CHECK(a.value == "plain value");
  CHECK(slice(text, a.span) == "plain value");
  CHECK(a.position == SourcePosition{1, 4});
  CHECK(a.verbatim_offset == a.span.offset);

  const Node &b = value_at(stream, root, "b");
  CHECK(b.style == ScalarStyle::single_quoted);
  CHECK(b.value == "it's");
  CHECK(slice(text, b.span) == "'it''s'");
  CHECK_FALSE(b.verbatim_offset);

  const Node &c = value_at(stream, root, "c");
  CHECK(c.style == ScalarStyle::double_quoted);
  CHECK(c.value == "tab\there");
  CHECK(slice(text, c.span) == "\"tab\\there\"");
  CHECK(c.position == SourcePosition{3, 4});

  const Node &d = value_at(stream, root, "d");
  CHECK(d.style == ScalarStyle::literal);
  CHECK(d.value == "literal\ntext\n");
  CHECK(slice(text, d.span) == "|\n  literal\n  text\n");

  const Node &e = value_at(stream, root, "e");
  CHECK(e.style == ScalarStyle::folded);
  CHECK(e.value == "folded text\n");

  const Node &f = value_at(stream, root, "f");
  CHECK(slice(text, f.span) == "\"node:18\"");
  REQUIRE(f.verbatim_offset);
  CHECK(text.substr(*f.verbatim_offset, f.value.size()) == "node:18");
}

TEST_CASE("yaml: offsets count bytes of the file as read (BOM, UTF-8, CRLF)",
          "[sources]") {
  const std::string text = "\xEF\xBB\xBF# caf\xC3\xA9\r\n"
                           "name: \xC3\xA9t\xC3\xA9\r\n"
                           "image: \"postgres:13.2\"\r\n";
  const YamlStream stream = yaml_ok(text);
  const NodeId root = stream.documents()[0];
  const Node &name = value_at(stream, root, "name");
  CHECK(slice(text, name.span) == "\xC3\xA9t\xC3\xA9");
  const Node &image = value_at(stream, root, "image");
  CHECK(slice(text, image.span) == "\"postgres:13.2\"");
  CHECK(image.position == SourcePosition{3, 8});
  CHECK(image.value == "postgres:13.2");
}

TEST_CASE("yaml: multi-document streams and anchors scoped to a document",
          "[sources]") {
  const std::string text = "a: &x 1\n---\nb: 2\n---\n- c\n";
  const YamlStream stream = yaml_ok(text);
  REQUIRE(stream.documents().size() == 3);
  CHECK(stream.node(stream.documents()[2]).is_sequence());
  const SourceError error = yaml_error("a: &x 1\n---\nb: *x\n");
  CHECK(error.line == 3);
  CHECK(error.column == 4);
  CHECK(error.message == "alias *x has no anchor before it");
}

TEST_CASE("yaml: aliases point at their anchor and merge keys honour "
          "precedence",
          "[sources]") {
  const std::string text = "base: &base\n"
                           "  image: node:18\n"
                           "  restart: always\n"
                           "extra: &extra\n"
                           "  restart: never\n"
                           "  user: root\n"
                           "one:\n"
                           "  <<: *base\n"
                           "two:\n"
                           "  <<: [*extra, *base]\n"
                           "  image: own:1\n"
                           "three:\n"
                           "  <<: {user: inline}\n"
                           "  ref: *base\n";
  const YamlStream stream = yaml_ok(text);
  const NodeId root = stream.documents()[0];
  const NodeId one = stream.find(root, "one");
  const NodeId image = stream.find(one, "image");
  REQUIRE(image != k_no_node);
  // Reached through the merge: the very node under the anchor.
  CHECK(stream.resolve(image) == image);
  CHECK(slice(text, stream.node(image).span) == "node:18");
  CHECK(stream.node(image).position.line == 2);

  const NodeId two = stream.find(root, "two");
  CHECK(stream.resolved(stream.find(two, "image")).value == "own:1");
  CHECK(stream.resolved(stream.find(two, "restart")).value == "never");
  CHECK(stream.resolved(stream.find(two, "user")).value == "root");
  const auto entries = stream.entries(two);
  REQUIRE(entries.size() == 3); // image, restart, user: each once
  CHECK(stream.resolved(entries[0].key).value == "image");

  const NodeId three = stream.find(root, "three");
  CHECK(*stream.find_scalar(three, "user") == "inline");
  const NodeId ref = stream.find(three, "ref");
  CHECK(stream.node(ref).kind == NodeKind::alias);
  CHECK(stream.node(ref).anchor == "base");
  CHECK(stream.resolve(ref) == stream.resolve(stream.find(root, "base")));
  CHECK(stream.find(three, "missing") == k_no_node);
  // Everything under an anchor that is used is shared; the rest is not.
  CHECK(stream.node(image).shared);
  CHECK(stream.resolved(stream.find(two, "image")).shared == false);
  CHECK(stream.resolved(stream.find(three, "user")).shared == false);
}

TEST_CASE("yaml: a quoted << is an ordinary key", "[sources]") {
  const YamlStream stream = yaml_ok("a: &a {x: 1}\nb:\n  '<<': *a\n");
  const NodeId b = stream.find(stream.documents()[0], "b");
  CHECK(stream.find(b, "x") == k_no_node);
  CHECK(stream.find(b, "<<") != k_no_node);
}

TEST_CASE("yaml: tags are kept", "[sources]") {
  const YamlStream stream =
      yaml_ok("a: !reference [.base, image]\nb: !!str 12\n");
  const NodeId root = stream.documents()[0];
  CHECK(stream.resolved(stream.find(root, "a")).tag == "!reference");
  CHECK(stream.resolved(stream.find(root, "b")).tag == "tag:yaml.org,2002:str");
}

TEST_CASE("yaml: a scalar's span leaves out its anchor and tag", "[sources]") {
  const std::string text = "a: &x node:18\n"
                           "b: !!str &y 'v1'\n"
                           "c: &z # a comment\n"
                           "  redis:7\n"
                           "d: [&w alpine:3, *w]\n";
  const YamlStream stream = yaml_ok(text);
  const NodeId root = stream.documents()[0];
  const auto span_of = [&](std::string_view key) {
    return std::string(
        slice(text, stream.resolved(stream.find(root, key)).span));
  };
  CHECK(span_of("a") == "node:18");
  CHECK(span_of("b") == "'v1'");
  CHECK(span_of("c") == "redis:7");
  const Node &d = stream.resolved(stream.find(root, "d"));
  CHECK(slice(text, stream.node(d.children[0]).span) == "alpine:3");
  CHECK(slice(text, stream.node(d.children[1]).span) == "*w");
  CHECK(stream.resolve(d.children[1]) == d.children[0]);
}

TEST_CASE("yaml: invalid YAML is an error at its line and column",
          "[sources]") {
  const SourceError error = yaml_error("services:\n  db:\n    image: [a\n");
  CHECK(error.line >= 3);
  CHECK(error.column > 0);
  CHECK_FALSE(error.message.empty());

  const SourceError tab = yaml_error("a:\n\tb: 1\n");
  CHECK(tab.line == 2);
  CHECK(tab.column == 1);
}

TEST_CASE("yaml: refused structures", "[sources]") {
  const SourceError duplicate = yaml_error("image: a\nx: 1\nimage: b\n");
  CHECK(duplicate.line == 3);
  CHECK(duplicate.column == 1);
  CHECK(duplicate.message == "mapping key \"image\" already defined at line 1");

  const SourceError merge = yaml_error("a: &a 1\nb:\n  <<: *a\n");
  CHECK(merge.line == 3);
  CHECK(merge.message ==
        "a merge key (<<) needs a mapping or a list of mappings");

  const SourceError cycle = yaml_error("a: &a\n  - *a\n");
  CHECK(cycle.line == 2);
  CHECK(cycle.message == "alias *a refers to a node containing it");

  CHECK(yaml_error("a: \xFF\n").line == 1);
  // UTF-16 is not read (its BOM is invalid UTF-8).
  CHECK_FALSE(parse_yaml(std::string("\xFF\xFE"
                                     "a\0:\0 \0"
                                     "1\0",
                                     10)));
}

TEST_CASE("yaml: a billion laughs is refused quickly", "[sources]") {
  std::string text = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
  for (int i = 1; i < 10; ++i) {
    const std::string prev = "*a" + std::to_string(i - 1);
    text += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [" + prev +
            ", " + prev + ", " + prev + ", " + prev + ", " + prev + ", " +
            prev + ", " + prev + ", " + prev + ", " + prev + "]\n";
  }
  const auto start = std::chrono::steady_clock::now();
  const SourceError error = yaml_error(text);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  CHECK(error.message == "aliases expand the document to more than 4000000 "
                         "nodes");
  CHECK(error.line == 7); // a6 stands for about 6 million nodes
  CHECK(elapsed < std::chrono::seconds(1));
}

// Each link merges the one before: a lookup walks the chain with a
// loop, not recursion, and the document's expanded size (quadratic in the
// chain's length) stays under the limit.
TEST_CASE("yaml: a long chain of merges is looked up without recursion",
          "[sources]") {
  std::string text = "m0: &m0 {image: deep:1}\n";
  for (int i = 1; i < 1000; ++i) {
    text += "m" + std::to_string(i) + ": &m" + std::to_string(i) + " {<<: *m" +
            std::to_string(i - 1) + ", k" + std::to_string(i) + ": v}\n";
  }
  text += "last: {<<: *m999}\n";
  const YamlStream stream = yaml_ok(text);
  const NodeId last = stream.find(stream.documents()[0], "last");
  CHECK(*stream.find_scalar(last, "image") == "deep:1");
}

TEST_CASE("yaml: deep nesting and size are limited", "[sources]") {
  const std::string deep = repeat("[", 300) + repeat("]", 300);
  const SourceError error = yaml_error(deep);
  CHECK(error.message == "collections nested more than 256 levels deep");
  CHECK(error.line == 1);
  CHECK(error.column == 257);

  std::string nested;
  for (int i = 0; i < 300; ++i) {
    nested += repeat(" ", static_cast<std::size_t>(i)) + "k:\n";
  }
  CHECK(yaml_error(nested).message ==
        "collections nested more than 256 levels deep");

  const std::string huge(std::size_t{16} << 20 | 1, '#');
  CHECK(yaml_error(huge).message == "the file is larger than 16777216 bytes");
}

TEST_CASE("yaml: the node count is limited", "[sources]") {
  const std::string text = "[" + repeat("a,", 1'000'001) + "]";
  CHECK(yaml_error(text).message == "the file has more than 1000000 nodes");
}

TEST_CASE("yaml: format_error", "[sources]") {
  CHECK(format_error("compose.yaml", SourceError{"bad", 3, 7}) ==
        "compose.yaml:3:7: bad");
  CHECK(format_error("big.yaml", SourceError{"too big", 0, 0}) ==
        "big.yaml: too big");
}
