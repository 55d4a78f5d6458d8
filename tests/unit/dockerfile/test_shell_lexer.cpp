#include "stalebase/dockerfile/shell_lexer.hpp"

#include "shared_dir.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

using namespace stalebase::dockerfile;

namespace {

TrackedString untracked(std::string_view text) {
  return TrackedString::untracked(std::string(text));
}

// The environment of BuildKit's envVarTest.
Environment conformance_env() {
  return {{"PWD", untracked("/home")},
          {"SHELL", untracked("bash")},
          {"KOREAN", untracked("한국어")},
          {"NULL", untracked("")}};
}

// Expands `word` (tracked as if it sat at offset 0 of a file) and returns the
// text, or "error: " and the message.
std::string
expand(std::string_view word, const Environment &env, char escape = '\\') {
  const auto result =
      ShellLexer(escape).expand(TrackedString::from_source(word, 0), env);
  if (!result) {
    return "error: " + result.error();
  }
  REQUIRE(result->value.origins.size() == result->value.text.size());
  return result->value.text;
}

std::string trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) {
    return {};
  }
  const auto last = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(first, last - first + 1));
}

std::vector<std::string> split(std::string_view s, char separator) {
  std::vector<std::string> parts;
  std::size_t begin = 0;
  while (true) {
    const auto end = s.find(separator, begin);
    parts.emplace_back(s.substr(begin, end - begin));
    if (end == std::string_view::npos) {
      return parts;
    }
    begin = end + 1;
  }
}

std::vector<std::string_view> lines_of(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t begin = 0;
  while (begin < text.size()) {
    auto end = text.find('\n', begin);
    if (end == std::string_view::npos) {
      end = text.size();
    }
    lines.push_back(text.substr(begin, end - begin));
    begin = end + 1;
  }
  return lines;
}

std::vector<std::int64_t> offsets(std::int64_t first, std::size_t count) {
  std::vector<std::int64_t> result;
  for (std::size_t i = 0; i < count; ++i) {
    result.push_back(first + static_cast<std::int64_t>(i));
  }
  return result;
}

std::vector<std::int64_t> concat(std::vector<std::int64_t> a,
                                 const std::vector<std::int64_t> &b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

} // namespace

TEST_CASE("ShellLexer BuildKit envVarTest", "[dockerfile][shared]") {
  const std::string text = stalebase::test::read_test_file(
      stalebase::test::shared_dir() / "conformance/buildkit/envVarTest");
  const Environment env = conformance_env();
  std::size_t data_lines = 0;
  std::size_t run = 0;
  std::size_t windows_only = 0;
  std::size_t line_number = 0;
  for (const std::string_view raw : lines_of(text)) {
    ++line_number;
    if (raw.substr(0, 1) == "#" || trim(raw).empty()) {
      continue;
    }
    ++data_lines;
    const auto fields = split(trim(raw), '|');
    INFO("envVarTest line " << line_number << ": " << raw);
    REQUIRE(fields.size() == 3);
    const std::string platform = trim(fields[0]);
    const std::string source = trim(fields[1]);
    const std::string expected = trim(fields[2]);
    REQUIRE((platform == "A" || platform == "U" || platform == "W"));
    if (platform == "W") {
      ++windows_only; // case-insensitive names: not how Linux builders run
      continue;
    }
    ++run;
    const auto result =
        ShellLexer('\\').expand(TrackedString::from_source(source, 0), env);
    if (expected == "error") {
      CHECK_FALSE(result.has_value());
    } else {
      REQUIRE(result.has_value());
      CHECK(result->value.text == expected);
      CHECK(result->value.origins.size() == result->value.text.size());
    }
  }
  REQUIRE(data_lines == 230);
  REQUIRE(windows_only == 2);
  REQUIRE(run == 228);
  REQUIRE(run + windows_only == data_lines);
}

TEST_CASE("ShellLexer BuildKit wordsTest", "[dockerfile][shared]") {
  const std::string text = stalebase::test::read_test_file(
      stalebase::test::shared_dir() / "conformance/buildkit/wordsTest");
  Environment env;
  std::size_t rows = 0;
  std::size_t env_lines = 0;
  std::size_t line_number = 0;
  for (const std::string_view line : lines_of(text)) {
    ++line_number;
    INFO("wordsTest line " << line_number << ": " << line);
    if (line.substr(0, 1) == "#") {
      continue;
    }
    if (line.substr(0, 4) == "ENV ") {
      const std::string_view assignment =
          line.substr(line.find_first_not_of(' ', 3));
      const auto equals = assignment.find('=');
      REQUIRE(equals != std::string_view::npos);
      env[std::string(assignment.substr(0, equals))] =
          untracked(assignment.substr(equals + 1));
      ++env_lines;
      continue;
    }
    const auto fields = split(line, '|');
    REQUIRE(fields.size() == 2);
    ++rows;
    const std::string source = trim(fields[0]);
    const auto expected =
        split(std::string_view(fields[1]).substr(
                  std::min(fields[1].find_first_not_of(' '), fields[1].size())),
              ',');
    const auto result = ShellLexer('\\').expand_words(source, env);
    const std::vector<std::string> words =
        result ? *result : std::vector<std::string>{"error"};
    CHECK(words == expected);
  }
  REQUIRE(rows == 24);
  REQUIRE(env_lines == 4);
}

TEST_CASE("ShellLexer plain variables", "[dockerfile]") {
  const Environment env{{"X", untracked("abc")},
                        {"X_1", untracked("long")},
                        {"E", untracked("")},
                        {"한", untracked("ko")}};
  CHECK(expand("$X", env) == "abc");
  CHECK(expand("${X}", env) == "abc");
  CHECK(expand("$X_1", env) == "long");
  CHECK(expand("$X-1", env) == "abc-1");
  CHECK(expand("a${X}b", env) == "aabcb");
  CHECK(expand("$U", env) == "");
  CHECK(expand("${U}x", env) == "x");
  CHECK(expand("$E", env) == "");
  CHECK(expand("$한", env) == "ko"); // names are Unicode letters and digits
  CHECK(expand("$", env) == "$");
  CHECK(expand("a$", env) == "a$");
  CHECK(expand("$.", env) == "$.");
  CHECK(expand("$(cmd)", env) == "$(cmd)");
  CHECK(expand("$1x", env) == "x");
  CHECK(expand("$12x", env) == "x");
  CHECK(expand("$@x", env) == "x");
  CHECK(expand("$$x", env) == "x");
}

TEST_CASE("ShellLexer default, alternative and required forms",
          "[dockerfile]") {
  const Environment env{{"X", untracked("abc")}, {"E", untracked("")}};
  CHECK(expand("${X:-d}", env) == "abc");
  CHECK(expand("${E:-d}", env) == "d");
  CHECK(expand("${U:-d}", env) == "d");
  CHECK(expand("${X-d}", env) == "abc");
  CHECK(expand("${E-d}", env) == "");
  CHECK(expand("${U-d}", env) == "d");
  CHECK(expand("${X:+w}", env) == "w");
  CHECK(expand("${E:+w}", env) == "");
  CHECK(expand("${U:+w}", env) == "");
  CHECK(expand("${X+w}", env) == "w");
  CHECK(expand("${E+w}", env) == "w");
  CHECK(expand("${U+w}", env) == "");
  CHECK(expand("${X:?m}", env) == "abc");
  CHECK(expand("${E?m}", env) == "");
  CHECK(expand("${U:-a b}", env) == "a b");
  CHECK(expand("${U:-'$X'}", env) == "$X");
  CHECK(expand("${U:-\"$X\"}", env) == "abc");
  CHECK(expand("${U:-\\}}", env) == "}");
  CHECK(expand("${U:-${E:-${X}}}", env) == "abc");
  CHECK(expand("${U:-$X}", env) == "abc");
  CHECK(expand("${X:+${U:-x}y}", env) == "xy");
}

TEST_CASE("ShellLexer pattern removal", "[dockerfile]") {
  const Environment env{
      {"T", untracked("3.19.1")}, {"P", untracked("a/b/c.tar.gz")},
      {"S", untracked("x*y?z")},  {"N", untracked("ab\ncd")},
      {"K", untracked("한국어")}, {"X", untracked("xxyy")}};
  CHECK(expand("${T%.*}", env) == "3.19");
  CHECK(expand("${T%%.*}", env) == "3");
  CHECK(expand("${T#*.}", env) == "19.1");
  CHECK(expand("${T##*.}", env) == "1");
  CHECK(expand("${T#3}", env) == ".19.1");
  CHECK(expand("${T#9}", env) == "3.19.1");
  CHECK(expand("${T%}", env) == "3.19.1");
  CHECK(expand("${T##}", env) == "3.19.1");
  CHECK(expand("${T#*}", env) == "3.19.1");
  CHECK(expand("${T##*}", env) == "");
  CHECK(expand("${T#?}", env) == ".19.1");
  CHECK(expand("${T%??}", env) == "3.19");
  CHECK(expand("${P##*/}", env) == "c.tar.gz");
  CHECK(expand("${P%/*}", env) == "a/b");
  CHECK(expand("${P%%/*}", env) == "a");
  CHECK(expand("${P%.*.*}", env) == "a/b/c");
  CHECK(expand("${S#x\\*}", env) == "y?z");
  CHECK(expand("${S%\\?z}", env) == "x*y");
  CHECK(expand("${S#x\\?}", env) == "x*y?z");
  CHECK(expand("${U#*}", env) == "");
  // Several stars: the first one's preference wins, as in Go's leftmost-first
  // matching.
  CHECK(expand("${X#*x*y}", env) == "y");
  CHECK(expand("${X##*x*y}", env) == "");
  CHECK(expand("${X%x*}", env) == "x");
  CHECK(expand("${X%%x*}", env) == "");
  CHECK(expand("${X%y*y}", env) == "xx");
  // `*` and `?` do not match a newline (Go's `.`).
  CHECK(expand("${N#*d}", env) == "ab\ncd");
  CHECK(expand("${N#??}", env) == "\ncd");
  CHECK(expand("${N%c*}", env) == "ab\n");
  // Patterns work on runes.
  CHECK(expand("${K#?}", env) == "국어");
  CHECK(expand("${K%?}", env) == "한국");
  // Quotes are removed from the pattern; escapes are kept for it.
  CHECK(expand("${T#'3.'}", env) == "19.1");
  CHECK(expand("${T#\"3\".}", env) == "19.1");
  CHECK(expand("${T#${U:-3}}", env) == ".19.1");
}

TEST_CASE("ShellLexer pattern replacement", "[dockerfile]") {
  const Environment env{{"T", untracked("3.19.1")},
                        {"F", untracked("/tmp/tmp/bar.txt")},
                        {"R", untracked("$0$0")},
                        {"D", untracked("a$")}};
  CHECK(expand("${T/./-}", env) == "3-19.1");
  CHECK(expand("${T//./-}", env) == "3-19-1");
  CHECK(expand("${T/9/}", env) == "3.1.1");
  CHECK(expand("${T//[/x}", env) == "3.19.1");
  CHECK(expand("${T/#3/x}", env) == "3.19.1"); // no anchors: `#3` is literal
  CHECK(expand("${T/*./v}", env) == "v1");     // `*` is greedy
  CHECK(expand("${F/\\/tmp/}", env) == "/tmp/bar.txt");
  CHECK(expand("${F//\\/tmp/}", env) == "/bar.txt");
  CHECK(expand("${F//\\//\\/}", env) == "\\/tmp\\/tmp\\/bar.txt");
  CHECK(expand("${U/a/b}", env) == "");
  CHECK(expand("${T///x}", env) == "x3x.x1x9x.x1x");
  CHECK(expand("${T//*/x}", env) == "x");
  CHECK(expand("${T//1*/x}", env) == "3.x");
  // Replace-all reads the replacement as a Go template: `$0` is the match.
  CHECK(expand("${T//./$R}", env) == "3..19..1");
  CHECK(expand("${T/./$R}", env) == "3$0$019.1");
  CHECK(expand("${T//./'[$$]'}", env) == "3[$]19[$]1");
  CHECK(expand("${T//./'${0}x$1'}", env) == "3.x19.x1");
  CHECK(expand("${T//./$D}", env) == "3a$19a$1");
}

TEST_CASE("ShellLexer quotes and escapes", "[dockerfile]") {
  const Environment env{{"X", untracked("abc")}};
  CHECK(expand("\\$X", env) == "$X");
  CHECK(expand("\\${X}", env) == "${X}");
  CHECK(expand("'$X'", env) == "$X");
  CHECK(expand("\"$X\"", env) == "abc");
  CHECK(expand("a\"b c\"d", env) == "ab cd");
  CHECK(expand("'a\\tb'", env) == "a\\tb");
  CHECK(expand("a\\tb", env) == "atb");
  CHECK(expand("\"a\\tb\"", env) == "a\\tb");
  CHECK(expand("\"a\\\"b\"", env) == "a\"b");
  CHECK(expand("x\\", env) == "x");
  CHECK(expand("\xEF\xBB\xBFx", env) ==
        "x"); // Go's scanner skips a leading BOM
  CHECK(expand("a\xFF", env) ==
        "a\xEF\xBF\xBD"); // invalid UTF-8 becomes U+FFFD
}

TEST_CASE("ShellLexer backtick escape", "[dockerfile]") {
  const Environment env{{"X", untracked("abc")}, {"P", untracked("C:\\a")}};
  CHECK(expand("`$X", env, '`') == "$X");
  CHECK(expand("\\$X", env, '`') == "\\abc");
  CHECK(expand("C:\\dir\\$X", env, '`') == "C:\\dir\\abc");
  CHECK(expand("\"`\"$X`\"\"", env, '`') == "\"abc\"");
  CHECK(expand("\"a\\b\"", env, '`') == "a\\b");
  CHECK(expand("a``b", env, '`') == "a`b");
  CHECK(expand("${U:-`}}", env, '`') == "}");
  CHECK(expand("${P#C:\\\\}", env, '`') == "a");
  CHECK(expand("${P#C:`\\}", env, '`') ==
        "error: failed to process \"${P#C:`\\\\}\": invalid pattern (C:`\\) in "
        "substitution: invalid escape '\\\xEF\xBF\xBD'");
}

TEST_CASE("ShellLexer errors", "[dockerfile]") {
  const Environment env{{"X", untracked("abc")}, {"E", untracked("")}};
  const auto error = [&](std::string_view word, std::string_view message) {
    INFO(word);
    // Go's %q of a printable ASCII word: only `"` and `\` are escaped.
    std::string quoted = "\"";
    for (const char c : word) {
      if (c == '"' || c == '\\') {
        quoted += '\\';
      }
      quoted += c;
    }
    quoted += '"';
    CHECK(expand(word, env) ==
          "error: failed to process " + quoted + ": " + std::string(message));
  };
  error("${}", "syntax error: bad substitution");
  error("${:x}", "syntax error: bad substitution");
  error("${{X}", "syntax error: bad substitution");
  error("${", "syntax error: missing '}'");
  error("${X:-abc", "syntax error: missing '}'");
  error("${X:", "syntax error: missing '}'");
  error("${X:-${U:?gone}", "syntax error: missing '}'");
  error("${X/a", "syntax error: missing '/' in ${}");
  error("${X/a/b", "syntax error: missing '}'");
  error("${X", "unsupported modifier (\xEF\xBF\xBD) in substitution");
  error("${X:=1}", "unsupported modifier (:=) in substitution");
  error("${X=1}", "unsupported modifier (=) in substitution");
  error("${X:0:2}", "unsupported modifier (:0) in substitution");
  error("${X:#a}", "unsupported modifier (:#) in substitution");
  error("${X:%a}", "unsupported modifier (:%) in substitution");
  error("${X^^}", "unsupported modifier (^) in substitution");
  error("${#X}", "unsupported modifier (X) in substitution");
  error("${!X}", "unsupported modifier (X) in substitution");
  error("${.}", "unsupported modifier (.) in substitution");
  error("${U?}", "U: is not allowed to be unset");
  error("${U:?}", "U: is not allowed to be unset");
  error("${E:?}", "E: is not allowed to be empty");
  error("${E:?no $X here}", "E: no abc here");
  error("${U?must set}", "U: must set");
  error("${X:-${U:?gone}}", "U: gone");
  error("'abc", "unexpected end of statement while looking for matching "
                "single-quote");
  error("a\"bc", "unexpected end of statement while looking for matching "
                 "double-quote");
  error("${X:-\"}", "syntax error: missing '}'");
  error("${X#a\\x}", "invalid pattern (a\\x) in substitution: invalid escape "
                     "'\\x'");
  error("${X%a\\x}", "invalid pattern (\\xa) in substitution: invalid escape "
                     "'\\x'");
  error("${X/\\x/y}", "invalid pattern (\\x) in substitution: invalid escape "
                      "'\\x'");
  // The word is quoted the way Go's %q does it.
  CHECK(expand("\t${\xFF", env) ==
        "error: failed to process \"\\t${\\xff\": unsupported modifier "
        "(\xEF\xBF\xBD) in substitution");
}

TEST_CASE("ShellLexer origins of literal text", "[dockerfile]") {
  const Environment env;
  // `FROM "alp"i\ne` at offset 100: quotes and escapes leave no bytes.
  const auto result = ShellLexer('\\').expand(
      TrackedString::from_source("\"alp\"i\\ne", 100), env);
  REQUIRE(result);
  CHECK(result->value.text == "alpine");
  CHECK(result->value.origins ==
        std::vector<std::int64_t>{101, 102, 103, 105, 107, 108});
  CHECK(result->matched.empty());
  CHECK(result->unmatched.empty());
}

TEST_CASE("ShellLexer origins of substituted text", "[dockerfile]") {
  // ARG BASE=alpine at offset 9 (value at 14); FROM ${BASE}:3 at offset 30
  // (word at 35).
  const Environment env{{"BASE", TrackedString::from_source("alpine", 14)}};
  const auto result =
      ShellLexer('\\').expand(TrackedString::from_source("${BASE}:3", 35), env);
  REQUIRE(result);
  CHECK(result->value.text == "alpine:3");
  CHECK(result->value.origins == concat(offsets(14, 6), {42, 43}));
  CHECK(result->matched == std::vector<std::string>{"BASE"});
  const auto spans = result->value.spans();
  REQUIRE(spans.size() == 2);
  CHECK(spans[0] == SourceSpan{14, 6});
  CHECK(spans[1] == SourceSpan{42, 2});
}

TEST_CASE("ShellLexer origins of a nested default", "[dockerfile]") {
  const Environment env{{"B", TrackedString::from_source("node", 500)},
                        {"V", TrackedString::untracked("20")}};
  const ShellLexer lexer('\\');
  SECTION("the inner variable") {
    const auto result =
        lexer.expand(TrackedString::from_source("${A:-${B}}:${V}", 0), env);
    REQUIRE(result);
    CHECK(result->value.text == "node:20");
    CHECK(result->value.origins ==
          concat(offsets(500, 4),
                 {10, TrackedString::k_no_origin, TrackedString::k_no_origin}));
    CHECK(result->matched == std::vector<std::string>{"B", "V"});
    CHECK(result->unmatched == std::vector<std::string>{"A"});
  }
  SECTION("a literal default") {
    const auto result =
        lexer.expand(TrackedString::from_source("${A:-img:1}", 0), env);
    REQUIRE(result);
    CHECK(result->value.text == "img:1");
    CHECK(result->value.origins == offsets(5, 5));
  }
  SECTION("the set variable wins") {
    const auto result =
        lexer.expand(TrackedString::from_source("${B:-x${V}}", 0), env);
    REQUIRE(result);
    CHECK(result->value.text == "node");
    CHECK(result->value.origins == offsets(500, 4));
    CHECK(result->matched == std::vector<std::string>{"V", "B"});
  }
}

TEST_CASE("ShellLexer origins through patterns", "[dockerfile]") {
  const Environment env{{"T", TrackedString::from_source("3.19.1", 200)},
                        {"I", TrackedString::from_source("a\xFFz", 300)}};
  const ShellLexer lexer('\\');
  const auto run = [&](std::string_view word) {
    auto result = lexer.expand(TrackedString::from_source(word, 0), env);
    REQUIRE(result);
    return result->value;
  };
  SECTION("prefix removal keeps the rest") {
    const auto value = run("${T#*.}");
    CHECK(value.text == "19.1");
    CHECK(value.origins == offsets(202, 4));
  }
  SECTION("suffix removal keeps the rest") {
    const auto value = run("${T%%.*}");
    CHECK(value.text == "3");
    CHECK(value.origins == offsets(200, 1));
  }
  SECTION("suffix removal turns invalid bytes into U+FFFD") {
    const auto value = run("${I%z}");
    CHECK(value.text == "a\xEF\xBF\xBD");
    CHECK(value.origins == std::vector<std::int64_t>{300, 301, 301, 301});
  }
  SECTION("replacement text comes from the word") {
    const auto value = run("${T//./-}");
    CHECK(value.text == "3-19-1");
    CHECK(value.origins == std::vector<std::int64_t>{200, 7, 202, 203, 7, 205});
  }
  SECTION("`$0` in a replacement is the matched value text") {
    const auto value = run("${T//1/'<$0>'}");
    CHECK(value.text == "3.<1>9.<1>");
    CHECK(value.origins == std::vector<std::int64_t>{200, 201, 8, 202, 11, 203,
                                                     204, 8, 205, 11});
  }
}

TEST_CASE("ShellLexer matched and unmatched names", "[dockerfile]") {
  const Environment env{{"A", untracked("1")}, {"E", untracked("")}};
  const auto result = ShellLexer('\\').expand(
      TrackedString::from_source(
          "$A ${U1} ${A:-x} ${E-y} $U2 ${U1:+z} '$U3' \\$U4 $1 ${A#$U5}", 0),
      env);
  REQUIRE(result);
  CHECK(result->value.text == "1  1    $U3 $U4  1");
  CHECK(result->matched == std::vector<std::string>{"A", "E"});
  CHECK(result->unmatched == std::vector<std::string>{"U1", "U2", "1", "U5"});
}

TEST_CASE("ShellLexer expand_words", "[dockerfile]") {
  const Environment env{{"S", untracked(" a  b ")}, {"X", untracked("x")}};
  const ShellLexer lexer('\\');
  const auto words = [&](std::string_view text) {
    const auto result = lexer.expand_words(text, env);
    REQUIRE(result);
    return *result;
  };
  using Words = std::vector<std::string>;
  CHECK(words("a b\tc") == Words{"a", "b", "c"});
  CHECK(words("$S") == Words{"a", "b"});
  CHECK(words("\"$S\"") == Words{" a  b "});
  CHECK(words("x$S y") == Words{"x", "a", "b", "y"});
  CHECK(words("a\\ b") == Words{"a b"});
  CHECK(words("\"\"") == Words{});
  CHECK(words("a \"\" b") == Words{"a", "b"});
  CHECK(words("img:${T:-3.19}") == Words{"img:3.19"});
  CHECK(words("${X:-a b}") == Words{"x"});
  CHECK(words("${U:-a b}") == Words{"a", "b"});
  CHECK(words("a\xE3\x80\x80"
              "b") == Words{"a", "b"}); // U+3000 is white space
  // As BuildKit's lexer does for heredocs, `<<` keeps the blanks after it in
  // its word (the expanded text itself is unchanged).
  CHECK(words("cat << EOF") == Words{"cat", "<< EOF"});
  CHECK(words("a <<\t\"$X\"") == Words{"a", "<<\tx"});
  CHECK(words("a < b") == Words{"a", "<", "b"});
  CHECK(lexer.expand_words("'a", env).error() ==
        "failed to process \"'a\": unexpected end of statement while looking "
        "for matching single-quote");
}

TEST_CASE("ShellLexer long inputs stay linear", "[dockerfile]") {
  // Many stars against a long value: a backtracking matcher would take forever.
  const std::string value(20000, 'a');
  const Environment env{{"V", untracked(value)}};
  std::string word = "${V#";
  for (int i = 0; i < 200; ++i) {
    word += "*a";
  }
  word += "*b}";
  CHECK(expand(word, env) == value);
  CHECK(expand("${V//a/bb}", env) == std::string(40000, 'b'));
}

TEST_CASE("ShellLexer copies literal words as the lexer would",
          "[dockerfile]") {
  // A word with no quote, `$` or escape is copied unchanged without running
  // the lexer. Appending an empty quoted string `''` forces the lexer and must
  // change nothing: same text, same origins, no names looked up.
  const std::string alphabet = "abz09:/.-_@+=,{}()[]*?#%~ \t`";
  std::mt19937 random(20261125);
  std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
  std::uniform_int_distribution<int> length(0, 24);
  for (int round = 0; round < 5000; ++round) {
    std::string word;
    for (int i = length(random); i > 0; --i) {
      word += alphabet[pick(random)];
    }
    for (const char escape : {'\\', '`'}) {
      if (word.find(escape) != std::string::npos) {
        continue;
      }
      INFO(word << " escape " << escape);
      const ShellLexer lexer(escape);
      const auto fast = lexer.expand(TrackedString::from_source(word, 7), {});
      const auto lexed =
          lexer.expand(TrackedString::from_source(word + "''", 7), {});
      REQUIRE(fast);
      REQUIRE(lexed);
      CHECK(fast->value.text == word);
      CHECK(fast->value.text == lexed->value.text);
      CHECK(fast->value.origins == lexed->value.origins);
      CHECK(fast->matched.empty());
      CHECK(fast->unmatched.empty());
    }
  }
}
