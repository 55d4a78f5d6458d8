// Heredocs: which instructions have them, how `<<NAME` words are recognised,
// how bodies are read and terminated.

#include "dockerfile/heredoc_detect.hpp"
#include "dockerfile/heredoc_words.hpp"
#include "parse_helpers.hpp"

#include <catch2/catch.hpp>

#include <optional>
#include <random>
#include <string>
#include <vector>

using namespace stalebase::dockerfile;
using stalebase::test::dump;
using stalebase::test::parse_error;
using stalebase::test::parse_ok;

TEST_CASE("parse_dockerfile reads a heredoc body", "[dockerfile]") {
  const std::string source = "FROM a\n"
                             "RUN <<EOF\n"
                             "echo hi\n"
                             "FROM evil:1\n"
                             "# not a comment \\\n"
                             "EOF\n"
                             "FROM b\n";
  const Document document = parse_ok(source);
  CHECK(dump_ast(document) == "(from \"a\")\n(run \"<<EOF\")\n(from \"b\")\n");
  const Instruction &run = document.instructions[1];
  REQUIRE(run.heredocs.size() == 1);
  const Heredoc &heredoc = run.heredocs[0];
  CHECK(heredoc.name == "EOF");
  CHECK(heredoc.content == "echo hi\nFROM evil:1\n# not a comment \\\n");
  CHECK(heredoc.expand);
  CHECK_FALSE(heredoc.chomp);
  CHECK(heredoc.file_descriptor == 0);
  CHECK(source.substr(heredoc.body_span.offset, heredoc.body_span.length) ==
        heredoc.content);
  CHECK(run.start_line == 2);
  CHECK(run.end_line == 6);
  CHECK(source.substr(run.span.offset, run.span.length) ==
        "RUN <<EOF\necho hi\nFROM evil:1\n# not a comment \\\nEOF");
}

TEST_CASE("parse_dockerfile heredocs only for ADD, COPY and RUN",
          "[dockerfile]") {
  SECTION("ADD and COPY") {
    const Document document = parse_ok("ADD <<A /a\nx\nA\ncopy <<B /b\ny\nB\n");
    REQUIRE(document.instructions.size() == 2);
    CHECK(document.instructions[0].heredocs.at(0).content == "x\n");
    CHECK(document.instructions[1].heredocs.at(0).content == "y\n");
  }
  SECTION("under ONBUILD, kept on the ONBUILD instruction") {
    const Document document =
        parse_ok("ONBUILD RUN <<EOF\nFROM x\nEOF\nFROM a\n");
    CHECK(dump_ast(document) == "(onbuild (run \"<<EOF\"))\n(from \"a\")\n");
    REQUIRE(document.instructions[0].heredocs.size() == 1);
    CHECK(document.instructions[0].heredocs[0].content == "FROM x\n");
    CHECK(document.instructions[0].onbuild->heredocs.empty());
  }
  SECTION("not other instructions: their bodies are instructions") {
    CHECK(dump("CMD <<EOF\nFROM b\nEOF\n") ==
          "(cmd \"<<EOF\")\n(from \"b\")\n(eof \"\")\n");
    CHECK(dump("ONBUILD CMD <<EOF\nEOF\n") ==
          "(onbuild (cmd \"<<EOF\"))\n(eof \"\")\n");
  }
  SECTION("not in JSON form") {
    const Document document = parse_ok("RUN [\"<<EOF\"]\nEOF\n");
    CHECK(dump_ast(document) == "(run \"<<EOF\")\n(eof \"\")\n");
    CHECK(document.instructions[0].heredocs.empty());
  }
}

TEST_CASE("parse_dockerfile recognises heredoc words", "[dockerfile]") {
  struct Case {
    std::string line;
    std::string name;
    bool expand;
    bool chomp;
    std::size_t fd;
  };
  const Case cases[] = {
      {"RUN <<EOF", "EOF", true, false, 0},
      {"RUN <<-EOF", "EOF", true, true, 0},
      {"RUN << EOF", "EOF", true, false, 0},
      {"RUN <<  EOF  > /x", "EOF", true, false, 0},
      {"RUN 3<<EOF", "EOF", true, false, 3},
      {"RUN cat <<'EOF'", "EOF", false, false, 0},
      {"RUN cat <<\"EOF\"", "EOF", false, false, 0},
      {"RUN cat <<EO\"F\"", "EOF", false, false, 0},
      {"RUN cat <<-'EOF'", "EOF", false, true, 0},
      {"RUN cat <<eo\\'f", "eo'f", true, false, 0},
      {"RUN cat <<'e'o\\'f", "eo'f", false, false, 0},
      {"RUN cat <<file.txt", "file.txt", true, false, 0},
      {"RUN cat <<$EOF", "$EOF", true, false, 0},
      {"RUN cat <<${EOF:-x}", "${EOF:-x}", true, false, 0},
      {"RUN cat <<'one two'", "one two", false, false, 0},
      {"RUN --mount=type=cache,target=/x <<EOF", "EOF", true, false, 0},
  };
  for (const Case &c : cases) {
    INFO(c.line);
    const std::string source = c.line + "\nbody\n" + c.name + "\n";
    const Document document = parse_ok(source);
    REQUIRE(document.instructions.size() == 1);
    REQUIRE(document.instructions[0].heredocs.size() == 1);
    const Heredoc &heredoc = document.instructions[0].heredocs[0];
    CHECK(heredoc.name == c.name);
    CHECK(heredoc.expand == c.expand);
    CHECK(heredoc.chomp == c.chomp);
    CHECK(heredoc.file_descriptor == c.fd);
    CHECK(heredoc.content == "body\n");
  }
}

TEST_CASE("parse_dockerfile words that are not heredocs", "[dockerfile]") {
  for (const char *line :
       {"RUN \"<<EOF\"", "RUN '<<EOF'", "RUN <<<EOF", "RUN a<<EOF",
        "RUN echo $((1<<2))", "RUN <<", "RUN <<-", "RUN <<- EOF",
        "RUN cat <EOF", "RUN x \\<<EOF",
        // The line does not lex (unbalanced quote), so BuildKit finds none.
        "RUN cat <<'EOF"}) {
    INFO(line);
    const Document document = parse_ok(std::string(line) + "\nEOF\n");
    REQUIRE(document.instructions.size() == 2);
    CHECK(document.instructions[0].heredocs.empty());
    CHECK(document.instructions[1].keyword == "eof");
  }
}

TEST_CASE("parse_dockerfile heredoc opener on a continued line",
          "[dockerfile]") {
  SECTION("bodies start after the last continuation line") {
    const Document document =
        parse_ok("RUN cat <<EOF \\\n  > /x\nbody\nEOF\nFROM a\n");
    CHECK(dump_ast(document) == "(run \"cat <<EOF   > /x\")\n(from \"a\")\n");
    REQUIRE(document.instructions[0].heredocs.size() == 1);
    CHECK(document.instructions[0].heredocs[0].content == "body\n");
    CHECK(document.instructions[0].end_line == 4);
  }
  SECTION("a terminator inside the continuation does not count") {
    const ParseError error = parse_error("RUN echo <<EOF \\\nEOF\n");
    CHECK(error.message == "unterminated heredoc: no line \"EOF\" ends it "
                           "before the end of the file");
    CHECK(error.line == 1);
  }
}

TEST_CASE("parse_dockerfile reads several heredocs in order", "[dockerfile]") {
  const Document document =
      parse_ok("COPY <<X <<Y /dest\nY\nX\nX\nY\nRUN <<A cat && <<B cat\na\nA\n"
               "b\nB\n");
  REQUIRE(document.instructions.size() == 2);
  const auto &copy = document.instructions[0].heredocs;
  REQUIRE(copy.size() == 2);
  CHECK(copy[0].name == "X");
  CHECK(copy[0].content == "Y\n");
  CHECK(copy[1].name == "Y");
  CHECK(copy[1].content == "X\n");
  CHECK(document.instructions[0].end_line == 5);
  const auto &run = document.instructions[1].heredocs;
  REQUIRE(run.size() == 2);
  CHECK(run[0].content == "a\n");
  CHECK(run[1].content == "b\n");
}

TEST_CASE("parse_dockerfile heredoc terminators", "[dockerfile]") {
  SECTION("an empty body") {
    const std::string source = "RUN <<EOF\nEOF\n";
    const Document document = parse_ok(source);
    const Heredoc &heredoc = document.instructions[0].heredocs.at(0);
    CHECK(heredoc.content.empty());
    CHECK(heredoc.body_span == SourceSpan{10, 0});
  }
  SECTION("CRLF: the terminator matches, the body keeps its CRLFs") {
    const Document document = parse_ok("RUN <<EOF\r\na\r\nEOF\r\nFROM b\r\n");
    CHECK(document.instructions[0].heredocs.at(0).content == "a\r\n");
    CHECK(document.instructions.size() == 2);
  }
  SECTION("the terminator may be the last line without a newline") {
    CHECK(parse_ok("RUN <<EOF\na\nEOF").instructions[0].heredocs.size() == 1);
  }
  SECTION("<<- strips leading tabs from the terminator only") {
    const Document document = parse_ok("RUN <<-EOF\n\ta\n\t\tEOF\n");
    CHECK(document.instructions[0].heredocs.at(0).content == "\ta\n");
  }
  SECTION("leading or trailing blanks do not terminate") {
    for (const char *source :
         {"RUN <<EOF\na\nEOF \n", "RUN <<EOF\na\n EOF\n", "RUN <<EOF\n\tEOF\n",
          "RUN <<-EOF\n EOF\n", "RUN <<EOF\nEOF\t\n"}) {
      INFO(source);
      const ParseError error = parse_error(source);
      CHECK(error.message == "unterminated heredoc: no line \"EOF\" ends it "
                             "before the end of the file");
      CHECK(error.line == 1);
      CHECK(error.column == 1);
    }
  }
  SECTION("the error names the instruction's line") {
    const ParseError error = parse_error("FROM a\n  COPY <<A <<B /x\nA\nb\n");
    CHECK(error.message == "unterminated heredoc: no line \"B\" ends it "
                           "before the end of the file");
    CHECK(error.line == 2);
    CHECK(error.column == 3);
  }
}

TEST_CASE("parse_heredoc_word matches BuildKit's ParseHeredoc",
          "[dockerfile]") {
  using stalebase::dockerfile::detail::parse_heredoc_word;
  for (const char *word :
       {"<<EOF", "<<'EOF'", "<<\"EOF\"", "<<-EOF", "<<-'EOF'", "<<-\"EOF\""}) {
    INFO(word);
    const auto header = parse_heredoc_word(word);
    REQUIRE(header);
    REQUIRE(*header);
    CHECK((*header)->name == "EOF");
  }
  for (const char *word : {"", "EOF", "<<", "<<-", "<EOF", "<<<EOF"}) {
    INFO(word);
    const auto header = parse_heredoc_word(word);
    REQUIRE(header);
    CHECK_FALSE(*header);
  }
  const auto unterminated = parse_heredoc_word("<<'EOF");
  REQUIRE_FALSE(unterminated);
  CHECK(unterminated.error() ==
        "failed to process \"'EOF\": unexpected end of statement while "
        "looking for matching single-quote");
  CHECK(parse_heredoc_word("<<\"EOF").error() ==
        "failed to process \"\\\"EOF\": unexpected end of statement while "
        "looking for matching double-quote");
  CHECK_FALSE(parse_heredoc_word("<<EOF'"));
  CHECK_FALSE(parse_heredoc_word("<<EOF\""));
}

TEST_CASE("heredoc words read variable names as BuildKit does",
          "[dockerfile]") {
  // The heredoc path runs the one shell lexer, whose names are Go's
  // unicode.IsLetter / unicode.IsDigit runs. Before, it counted every
  // printable non-space rune as a letter and only ASCII digits as digits.
  using stalebase::dockerfile::detail::heredoc_lex_words;
  using Words = std::vector<std::string>;
  const auto words = [](std::string_view text) {
    const auto result = heredoc_lex_words(text, {false, false});
    REQUIRE(result);
    return *result;
  };
  // Letters of any script are part of the name; unset, it stays as text.
  CHECK(words("${\xC3\x84RGER}") == Words{"${\xC3\x84RGER}"});
  CHECK(words("$\xED\x95\x9C\xEA\xB5\xAD x") ==
        Words{"$\xED\x95\x9C\xEA\xB5\xAD", "x"});
  // U+20AC (a symbol) ends the name: `${X` then `€` is no modifier.
  CHECK(heredoc_lex_words("${X\xE2\x82\xAC}", {false, false}).error() ==
        "failed to process \"${X\xE2\x82\xAC}\": unsupported modifier "
        "(\xE2\x82\xAC) in substitution");
  // U+0661 ARABIC-INDIC DIGIT ONE is a digit: a positional parameter, so the
  // `x` after it is no modifier either.
  CHECK(heredoc_lex_words("${\xD9\xA1x}", {false, false}).error() ==
        "failed to process \"${\xD9\xA1x}\": unsupported modifier (x) in "
        "substitution");
  // SkipUnsetEnv keeps every form of an unset variable as text.
  CHECK(words("${X:-a b}") == Words{"${X:-a", "b}"});
  CHECK(words("${X:#p}") == Words{"${X:#p}"});
  CHECK(words("${X//a/b}") == Words{"${X/a/b}"});
}

TEST_CASE("parse_dockerfile: a heredoc word that does not lex declares none",
          "[dockerfile]") {
  // `€` ends the name in `${X€}`, so the line does not lex and BuildKit, which
  // ignores that error, finds no heredoc (before: one named `${X€}`).
  const Document document = parse_ok("RUN cat <<${X\xE2\x82\xAC}\nEOF\n");
  REQUIRE(document.instructions.size() == 2);
  CHECK(document.instructions[0].heredocs.empty());
  // Letters of any script still name one.
  const Document letters =
      parse_ok("RUN cat <<${\xC3\x84}\nbody\n${\xC3\x84}\n");
  REQUIRE(letters.instructions.size() == 1);
  REQUIRE(letters.instructions[0].heredocs.size() == 1);
  CHECK(letters.instructions[0].heredocs[0].name == "${\xC3\x84}");
}

namespace {

// heredocs_from_line as BuildKit states it: lex every word keeping quotes and
// escapes, then match each word. The parser takes a shortcut for plain lines;
// this is what the shortcut must give.
// nullopt where matching a word fails.
std::optional<std::vector<stalebase::dockerfile::detail::HeredocHeader>>
heredocs_by_lexing(std::string_view line) {
  using namespace stalebase::dockerfile::detail;
  std::vector<HeredocHeader> headers;
  auto words = heredoc_lex_words(line, {true, true});
  if (!words) {
    return headers;
  }
  for (const std::string &word : *words) {
    auto header = parse_heredoc_word(word);
    if (!header) {
      return std::nullopt;
    }
    if (*header) {
      headers.push_back(**header);
    }
  }
  return headers;
}

} // namespace

TEST_CASE("heredocs_from_line gives what lexing every word gives",
          "[dockerfile]") {
  using stalebase::dockerfile::detail::heredocs_from_line;
  // Mostly plain lines (the shortcut), some with quotes, `$`, `\\` or
  // non-ASCII bytes (the lexer).
  const std::vector<std::string> pieces = {
      "<<",  "<",   "-",   "EOF", "E",  "1", "3<<", " ",  "\t", "  ",
      "cat", "<<-", "a<<", "\v",  "\r", "'", "\"",  "$X", "\\", "\xC3\xA9"};
  std::mt19937 random(20261125);
  std::uniform_int_distribution<std::size_t> pick(0, pieces.size() - 1);
  std::uniform_int_distribution<std::size_t> plain_pick(0, 14);
  std::uniform_int_distribution<int> length(0, 12);
  for (int round = 0; round < 20000; ++round) {
    std::string line = "RUN ";
    const bool plain = round % 4 != 0;
    for (int i = length(random); i > 0; --i) {
      line += pieces[plain ? plain_pick(random) : pick(random)];
    }
    INFO(line);
    const auto fast = heredocs_from_line(line);
    const auto expected = heredocs_by_lexing(line);
    REQUIRE(fast.has_value() == expected.has_value());
    if (!expected) {
      continue;
    }
    REQUIRE(fast->size() == expected->size());
    for (std::size_t i = 0; i < expected->size(); ++i) {
      CHECK((*fast)[i].name == (*expected)[i].name);
      CHECK((*fast)[i].expand == (*expected)[i].expand);
      CHECK((*fast)[i].chomp == (*expected)[i].chomp);
      CHECK((*fast)[i].file_descriptor == (*expected)[i].file_descriptor);
    }
  }
}
