#include "stalebase/version/tag.hpp"

#include "unit/version/helpers.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace stalebase::version;
using stalebase::version::test::tag;

namespace {

// The parts of a tag, `|`-separated, for exact comparisons:
// kind|prefix|v|core|separators|prerelease|word|number|suffix
std::string parts(const Tag &t) {
  static constexpr const char *k_kinds[] = {"version", "date", "windows_build",
                                            "name", "hash"};
  std::string out = k_kinds[static_cast<int>(t.kind())];
  out += "|" + std::string(t.prefix()) + "|" + (t.has_v() ? "v" : "") + "|" +
         std::string(t.core()) + "|" + std::string(t.separators()) + "|" +
         std::string(t.prerelease()) + "|" + std::string(t.prerelease_word()) +
         "|" + std::string(t.prerelease_number()) + "|" +
         std::string(t.suffix());
  return out;
}

std::string parts(std::string_view text, Scheme scheme = Scheme::generic) {
  return parts(tag(text, scheme));
}

} // namespace

TEST_CASE("Tag::parse prefix", "[version]") {
  // docs/versions.md, "The parts of a tag": prefix examples.
  CHECK(parts("jdk-21.0.1") == "version|jdk-||21.0.1|..||||");
  CHECK(parts("python-3.8") == "version|python-||3.8|.||||");
  CHECK(parts("bookworm-20240101-slim") ==
        "date|bookworm-||20240101|||||-slim");
  CHECK(parts("alpine3.20") == "version|alpine||3.20|.||||");
  CHECK(parts("lts-alpine3.20") == "version|lts-alpine||3.20|.||||");
  CHECK(parts("chakracore-8.11.1") == "version|chakracore-||8.11.1|..||||");
}

TEST_CASE("Tag::parse v", "[version]") {
  CHECK(parts("v1.2.3") == "version||v|1.2.3|..||||");
  CHECK(parts("postgresql-v1.37.0") == "version|postgresql-|v|1.37.0|..||||");
  CHECK(parts("v3.7.6-windowsservercore-ltsc2022") ==
        "version||v|3.7.6|..||||-windowsservercore-ltsc2022");
  // A `v` ending a word is part of the prefix.
  CHECK(parts("rev3") == "version|rev||3|||||");
  CHECK(parts("dev1") == "version|dev||1|||||");
}

TEST_CASE("Tag::parse core", "[version]") {
  CHECK(parts("3.12.7") == "version|||3.12.7|..||||");
  CHECK(parts("10.0.14393.693") == "windows_build|||10.0.14393.693|...||||");
  CHECK(parts("20240101") == "date|||20240101|||||");
  CHECK(parts("17.0.8_7") == "version|||17.0.8_7|.._||||");
  CHECK(parts("17.0.8_7-jdk-jammy") == "version|||17.0.8_7|.._||||-jdk-jammy");
  CHECK(parts("8u392") == "version|||8u392|u||||");
  CHECK(parts("8u212-b04-jdk") == "version|||8u212|u||||-b04-jdk");
  CHECK(parts("0") == "version|||0|||||");

  const Tag t = tag("18.04");
  REQUIRE(t.segment_count() == 2);
  CHECK(t.segment(1) == "04");
  CHECK(t.number(1) == 4);

  const Tag huge = tag("123456789012345678901234567890.1");
  CHECK(huge.segment(0) == "123456789012345678901234567890");
  CHECK(huge.number(0) == Tag::k_overflow);
  CHECK(huge.number(1) == 1);
}

TEST_CASE("Tag::parse glued prerelease", "[version]") {
  CHECK(parts("3.13.0rc1") == "version|||3.13.0|..|rc1|rc|1|");
  CHECK(parts("1.22rc2") == "version|||1.22|.|rc2|rc|2|");
  CHECK(parts("3.7.0b2") == "version|||3.7.0|..|b2|b|2|");
  CHECK(parts("3.7.0a1") == "version|||3.7.0|..|a1|a|1|");
  CHECK(parts("2.0beta3") == "version|||2.0|.|beta3|beta|3|");
  CHECK(parts("7.3.0RC5-fpm-alpine") ==
        "version|||7.3.0|..|RC5|RC|5|-fpm-alpine");
  CHECK(parts("8.6.0alpha2-cli-alpine3.24") ==
        "version|||8.6.0|..|alpha2|alpha|2|-cli-alpine3.24");
  CHECK(parts("3.8.0b1-alpine") == "version|||3.8.0|..|b1|b|1|-alpine");
  CHECK(parts("1.0rc") == "version|||1.0|.|rc|rc||");
  CHECK(parts("6b38-jdk") == "version|||6||b38|b|38|-jdk");
}

TEST_CASE("Tag::parse dashed prerelease", "[version]") {
  CHECK(parts("7.0.0-rc.2") == "version|||7.0.0|..|-rc.2|rc|2|");
  for (const char *word :
       {"rc", "beta", "alpha", "preview", "dev", "nightly", "ea", "m"}) {
    const std::string w = word;
    CHECK(parts("1.2.3-" + w) == "version|||1.2.3|..|-" + w + "|" + w + "||");
    CHECK(parts("1.2.3-" + w + ".1") ==
          "version|||1.2.3|..|-" + w + ".1|" + w + "|1|");
    CHECK(parts("1.2.3-" + w + "1-slim") ==
          "version|||1.2.3|..|-" + w + "1|" + w + "|1|-slim");
  }
  CHECK(parts("24-ea-31-jdk-oraclelinux8") ==
        "version|||24||-ea-31|ea|31|-jdk-oraclelinux8");
  CHECK(parts("24-ea-jdk") == "version|||24||-ea|ea||-jdk");
  CHECK(parts("6.0.10-rc0-nanoserver-1809") ==
        "version|||6.0.10|..|-rc0|rc|0|-nanoserver-1809");
  CHECK(parts("7.3-rc-fpm-alpine") == "version|||7.3|.|-rc|rc||-fpm-alpine");
  CHECK(parts("2.3-dev2") == "version|||2.3|.|-dev2|dev|2|");
  CHECK(parts("5.7.4-m14") == "version|||5.7.4|..|-m14|m|14|");
  CHECK(parts("v3.7.0-ea.1-nanoserver-ltsc2022") ==
        "version||v|3.7.0|..|-ea.1|ea|1|-nanoserver-ltsc2022");
  // Not prereleases: unknown words, single letters after a dash, words glued
  // to more text.
  CHECK(parts("9-b181") == "version|||9|||||-b181");
  CHECK(parts("1.2.3-devel") == "version|||1.2.3|..||||-devel");
  CHECK(parts("1.2.3-rc.x") == "version|||1.2.3|..||||-rc.x");
  CHECK(parts("1.2.3-rc1x") == "version|||1.2.3|..||||-rc1x");
  CHECK(parts("1.2.3-rc-1.2") == "version|||1.2.3|..||||-rc-1.2");
}

TEST_CASE("Tag::parse suffix", "[version]") {
  CHECK(parts("3.12.1-slim") == "version|||3.12.1|..||||-slim");
  CHECK(parts("3.12.1-slim-bookworm") ==
        "version|||3.12.1|..||||-slim-bookworm");
  CHECK(parts("1.21.5-alpine3.20") == "version|||1.21.5|..||||-alpine3.20");
  CHECK(parts("3.1.2-windowsservercore-ltsc2022") ==
        "version|||3.1.2|..||||-windowsservercore-ltsc2022");
  CHECK(parts("9.0.1-11-sid") == "version|||9.0.1|..||||-11-sid");
  CHECK(parts("3.12.8rc1-slim") == "version|||3.12.8|..|rc1|rc|1|-slim");
  CHECK(parts("1.2-") == "version|||1.2|.||||-");
}

TEST_CASE("Tag::parse non-version tags", "[version]") {
  for (const char *name :
       {"latest", "bookworm", "ltsc2022", "edge", "lts", "stable", "mainline",
        "nanoserver-ltsc2022", "windowsservercore-ltsc2025",
        "nanoserver-sac2016", "windowsservercore-1809", "jdk-nanoserver-1809",
        "jdk-windowsservercore-ltsc2016-ltsc2016", "20H2", "1.2.x", "3.12_slim",
        "1.2.", "1e10", "3.13.0rc1x"}) {
    INFO(name);
    const Tag t = tag(name);
    CHECK(t.kind() == TagKind::name);
    CHECK_FALSE(t.is_version());
    CHECK(t.prefix().empty());
    CHECK(t.segment_count() == 0);
    CHECK(t.suffix().empty());
    CHECK(t.track_key().empty());
    CHECK(t.to_string() == name);
  }
  const std::string hex64(64, 'a');
  for (const std::string &hash :
       {std::string("0a1b2c3"), std::string("abcdef1"), std::string("deadbeef"),
        std::string("0A1B2C3D"), std::string(41, 'f') + "0", "sha256-" + hex64,
        "sha256-" + hex64 + ".sig", std::string("sha-860c190"),
        std::string("main-1a2b3c4d"), std::string("sha512-feed"),
        std::string("sha1-cafe.att")}) {
    INFO(hash);
    CHECK(tag(hash).kind() == TagKind::hash);
  }
  // Purely numeric strings are numbers, and short hex words are names.
  CHECK(tag("1234567").kind() == TagKind::version);
  CHECK(tag("cafe").kind() == TagKind::name);
  // After an algorithm's name, fewer than 4 hex digits or more text: not a
  // hash.
  CHECK(tag("sha512-fee").kind() != TagKind::hash);
  CHECK(tag("sha512-feedx").kind() != TagKind::hash);
  CHECK(tag("bookworm-20240101").kind() == TagKind::date);
  CHECK(tag("bookworm-a1b2c3d").kind() == TagKind::hash);
  CHECK(tag("bookworm-1234567").kind() == TagKind::version);
  CHECK(tag("bookworm-abcdefa").kind() == TagKind::name);
}

TEST_CASE("Tag::parse dates", "[version]") {
  CHECK(tag("20240101").kind() == TagKind::date);
  CHECK(tag("19991231").kind() == TagKind::date);
  CHECK(tag("2024.01.01").kind() == TagKind::date);
  CHECK(tag("noble-20240423").kind() == TagKind::date);
  // Not dates: wrong century, month or day, or not the YYYY.MM.DD shape.
  CHECK(tag("21240101").kind() == TagKind::version);
  CHECK(tag("20241301").kind() == TagKind::version);
  CHECK(tag("20240132").kind() == TagKind::version);
  CHECK(tag("2024.1.1").kind() == TagKind::version);
  CHECK(tag("2024.13.01").kind() == TagKind::version);
  CHECK(tag("202401011").kind() == TagKind::version);
}

TEST_CASE("Tag::parse Windows builds", "[version]") {
  CHECK(tag("10.0.14393.321").kind() == TagKind::windows_build);
  CHECK(tag("10.0.17763.5329-amd64").kind() == TagKind::windows_build);
  CHECK(tag("10.1.14393.321").kind() == TagKind::version);
  CHECK(tag("6.3.9600.1").kind() == TagKind::version);
  CHECK(tag("6.3.9600.1", Scheme::windows).kind() == TagKind::windows_build);
  // Release names in Windows repositories.
  CHECK(tag("1809").kind() == TagKind::version);
  CHECK(tag("1809", Scheme::windows).kind() == TagKind::name);
  CHECK(tag("2004", Scheme::windows).kind() == TagKind::name);
  CHECK(tag("ltsc2019", Scheme::windows).kind() == TagKind::name);
  CHECK(tag("20240101", Scheme::windows).kind() == TagKind::date);
}

TEST_CASE("Tag::parse errors", "[version]") {
  const auto error = [](std::string_view text) {
    auto parsed = Tag::parse(text);
    REQUIRE_FALSE(parsed.has_value());
    return parsed.error().message;
  };
  CHECK(error("") ==
        "invalid tag \"\": expected 1 to 128 characters, found none");
  CHECK(error(std::string(129, 'a')) ==
        "invalid tag \"" + std::string(32, 'a') +
            "\"...: expected at most 128 characters, found 129");
  CHECK(error("-x") == "invalid tag \"-x\": expected a letter, digit or \"_\" "
                       "first, found \"-\"");
  CHECK(error(".1") == "invalid tag \".1\": expected a letter, digit or \"_\" "
                       "first, found \".\"");
  CHECK(error("a b") == "invalid tag \"a b\": expected letters, digits, \"_\", "
                        "\".\" or \"-\", found \" \" at 2");
  CHECK(error("3.12:slim") ==
        "invalid tag \"3.12:slim\": expected letters, "
        "digits, \"_\", \".\" or \"-\", found \":\" at 5");
  CHECK(error(std::string_view("a\x01", 2)) ==
        "invalid tag \"a\\x01\": expected letters, digits, \"_\", \".\" or "
        "\"-\", found \"\\x01\" at 2");
  CHECK(Tag::parse(std::string(128, '1')).has_value());
  CHECK(Tag::parse("_x").has_value());
}

TEST_CASE("Tag::to_string round trip", "[version]") {
  for (const char *text :
       {"3.12.1-slim", "v1.2.3", "jdk-21.0.1", "18.04", "007", "17.0.8_7",
        "3.13.0rc1", "7.0.0-rc.2", "24-ea-31-jdk", "8u392-b08-jdk", "latest",
        "0a1b2c3", "10.0.14393.321", "bookworm-20240101-slim", "2024.01.01",
        "ltsc2022", "1809", "3.12.8rc1-slim"}) {
    for (const Scheme scheme : {Scheme::generic, Scheme::windows}) {
      INFO(text);
      const Tag t = tag(text, scheme);
      CHECK(t.to_string() == text);
      CHECK(Tag::parse(t.to_string(), scheme).value() == t);
    }
  }
  CHECK_FALSE(tag("1809") == tag("1809", Scheme::windows));
}

TEST_CASE("Tag::track_key and track_name", "[version]") {
  CHECK(tag("3.12.1-slim").track_key() == tag("3.12.7-slim").track_key());
  CHECK(tag("3.12.1-slim").track_key() != tag("3.12-slim").track_key());
  CHECK(tag("v1.2.3").track_key() != tag("1.2.3").track_key());
  CHECK(tag("3.13.0rc1").track_key() == tag("3.13.1").track_key());
  CHECK(tag("3").track_key() != tag("20240606").track_key());

  CHECK(tag("3.12.1-slim").track_name() == "*.*.*-slim");
  CHECK(tag("jdk-21.0.1").track_name() == "jdk-*.*.*");
  CHECK(tag("v1.2.3").track_name() == "v*.*.*");
  CHECK(tag("17.0.8_7-jdk").track_name() == "*.*.*_*-jdk");
  CHECK(tag("8u392").track_name() == "*u*");
  CHECK(tag("bookworm-20240101-slim").track_name() == "bookworm-YYYYMMDD-slim");
  CHECK(tag("2024.01.01").track_name() == "YYYY.MM.DD");
  CHECK(tag("10.0.14393.321").track_name() == "*.*.*.*");
  CHECK(tag("latest").track_name().empty());
}

TEST_CASE("parse_tags", "[version]") {
  const std::vector<std::string> texts{"1.2", "", "a b", "latest", "1809"};
  const auto parsed = parse_tags(texts, Scheme::windows);
  REQUIRE(parsed.size() == 3);
  CHECK(parsed[0].to_string() == "1.2");
  CHECK(parsed[1].to_string() == "latest");
  CHECK(parsed[2].kind() == TagKind::name);
}
