#include "stalebase/report/sarif.hpp"

#include "unit/report/sample_check_report.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

using namespace stalebase;
using nlohmann::json;

namespace {

// The part of the SARIF 2.1.0 schema (sarif-schema-2.1.0.json, OASIS) that
// covers the objects render_sarif() writes: for each object, its required
// properties, its "anyOf required" groups, every property it may have (the
// schema forbids others with additionalProperties: false, except in property
// bags) and the type of the nested objects.
struct ObjectRule {
  std::vector<std::string> required;
  std::vector<std::vector<std::string>> any_of; // at least one of each group
  std::map<std::string, std::string> objects;   // property -> object type
  std::map<std::string, std::string> arrays;    // property -> item object type
  std::set<std::string> scalars; // other allowed properties besides the above
  bool open = false;             // a property bag
};

const std::map<std::string, ObjectRule> &sarif_rules() {
  static const std::map<std::string, ObjectRule> rules = {
      {"sarifLog",
       {{"version", "runs"},
        {},
        {{"properties", "propertyBag"}},
        {{"runs", "run"}},
        {"$schema", "inlineExternalProperties"}}},
      {"run",
       {{"tool"},
        {},
        {{"tool", "tool"}, {"properties", "propertyBag"}},
        {{"invocations", "invocation"}, {"results", "result"}},
        {"language", "artifacts", "originalUriBaseIds", "columnKind",
         "automationDetails", "defaultEncoding", "defaultSourceLanguage"}}},
      {"tool",
       {{"driver"},
        {},
        {{"driver", "toolComponent"}, {"properties", "propertyBag"}},
        {{"extensions", "toolComponent"}},
        {}}},
      {"toolComponent",
       {{"name"},
        {},
        {{"shortDescription", "multiformatMessageString"},
         {"fullDescription", "multiformatMessageString"},
         {"properties", "propertyBag"}},
        {{"rules", "reportingDescriptor"},
         {"notifications", "reportingDescriptor"}},
        {"guid", "organization", "product", "fullName", "version",
         "semanticVersion", "informationUri", "downloadUri", "language"}}},
      {"reportingDescriptor",
       {{"id"},
        {},
        {{"shortDescription", "multiformatMessageString"},
         {"fullDescription", "multiformatMessageString"},
         {"help", "multiformatMessageString"},
         {"defaultConfiguration", "reportingConfiguration"},
         {"properties", "propertyBag"}},
        {},
        {"name", "guid", "helpUri", "deprecatedIds", "messageStrings"}}},
      {"multiformatMessageString",
       {{"text"}, {}, {{"properties", "propertyBag"}}, {}, {"markdown"}}},
      {"reportingConfiguration",
       {{},
        {},
        {{"parameters", "propertyBag"}, {"properties", "propertyBag"}},
        {},
        {"enabled", "level", "rank"}}},
      {"invocation",
       {{"executionSuccessful"},
        {},
        {{"properties", "propertyBag"}},
        {{"toolExecutionNotifications", "notification"},
         {"toolConfigurationNotifications", "notification"}},
        {"commandLine", "arguments", "exitCode", "exitCodeDescription",
         "startTimeUtc", "endTimeUtc"}}},
      {"notification",
       {{"message"},
        {},
        {{"message", "message"}, {"properties", "propertyBag"}},
        {{"locations", "location"}},
        {"level", "timeUtc", "threadId"}}},
      {"result",
       {{"message"},
        {},
        {{"message", "message"}, {"properties", "propertyBag"}},
        {{"locations", "location"},
         {"relatedLocations", "location"},
         {"fixes", "fix"}},
        {"ruleId", "ruleIndex", "kind", "level", "partialFingerprints",
         "fingerprints", "guid", "rank"}}},
      {"message",
       {{},
        {{"text", "id"}},
        {{"properties", "propertyBag"}},
        {},
        {"text", "markdown", "id", "arguments"}}},
      {"location",
       {{},
        {},
        {{"physicalLocation", "physicalLocation"},
         {"message", "message"},
         {"properties", "propertyBag"}},
        {},
        {"id"}}},
      {"physicalLocation",
       {{},
        {{"address", "artifactLocation"}},
        {{"artifactLocation", "artifactLocation"},
         {"region", "region"},
         {"contextRegion", "region"},
         {"properties", "propertyBag"}},
        {},
        {"address"}}},
      {"artifactLocation",
       {{},
        {},
        {{"description", "message"}, {"properties", "propertyBag"}},
        {},
        {"uri", "uriBaseId", "index"}}},
      {"region",
       {{},
        {{"startLine", "charOffset", "byteOffset"}},
        {{"message", "message"}, {"properties", "propertyBag"}},
        {},
        {"startLine", "startColumn", "endLine", "endColumn", "charOffset",
         "charLength", "byteOffset", "byteLength", "sourceLanguage"}}},
      {"fix",
       {{"artifactChanges"},
        {},
        {{"description", "message"}, {"properties", "propertyBag"}},
        {{"artifactChanges", "artifactChange"}},
        {}}},
      {"artifactChange",
       {{"artifactLocation", "replacements"},
        {},
        {{"artifactLocation", "artifactLocation"},
         {"properties", "propertyBag"}},
        {{"replacements", "replacement"}},
        {}}},
      {"replacement",
       {{"deletedRegion"},
        {},
        {{"deletedRegion", "region"},
         {"insertedContent", "artifactContent"},
         {"properties", "propertyBag"}},
        {},
        {}}},
      {"artifactContent",
       {{}, {}, {{"properties", "propertyBag"}}, {}, {"text", "binary"}}},
      {"propertyBag", {{}, {}, {}, {}, {}, true}},
  };
  return rules;
}

const std::set<std::string> k_levels = {"none", "note", "warning", "error"};

// Every way `value` (of SARIF type `type`, at `path`) breaks the rules above,
// plus the value constraints of the properties render_sarif() writes.
void validate(const json &value,
              const std::string &type,
              const std::string &path,
              std::vector<std::string> &problems) {
  const ObjectRule &rule = sarif_rules().at(type);
  if (!value.is_object()) {
    problems.push_back(path + ": not an object");
    return;
  }
  for (const std::string &name : rule.required) {
    if (!value.contains(name)) {
      problems.push_back(path + ": missing required \"" + name + "\"");
    }
  }
  for (const auto &group : rule.any_of) {
    bool found = false;
    for (const std::string &name : group) {
      found = found || value.contains(name);
    }
    if (!found) {
      problems.push_back(path + ": needs one of \"" + group.front() + "\"…");
    }
  }
  for (const auto &item : value.items()) {
    // Not a structured binding: clang 14 cannot capture those in the lambda
    // below.
    const std::string name = item.key();
    const json &member = item.value();
    const std::string at = path + "." + name;
    if (const auto object = rule.objects.find(name);
        object != rule.objects.end()) {
      validate(member, object->second, at, problems);
    } else if (const auto array = rule.arrays.find(name);
               array != rule.arrays.end()) {
      if (!member.is_array()) {
        problems.push_back(at + ": not an array");
        continue;
      }
      for (std::size_t i = 0; i < member.size(); ++i) {
        validate(member[i], array->second, at + "[" + std::to_string(i) + "]",
                 problems);
      }
    } else if (rule.scalars.count(name) == 0 && !rule.open &&
               std::find(rule.required.begin(), rule.required.end(), name) ==
                   rule.required.end() &&
               std::none_of(rule.any_of.begin(), rule.any_of.end(),
                            [&](const std::vector<std::string> &group) {
                              return std::find(group.begin(), group.end(),
                                               name) != group.end();
                            })) {
      problems.push_back(at + ": not allowed");
    }
  }
  if (type == "sarifLog" && value.value("version", "") != "2.1.0") {
    problems.push_back(path + ".version: not \"2.1.0\"");
  }
  if (value.contains("level") && type != "propertyBag" &&
      k_levels.count(value["level"].get<std::string>()) == 0) {
    problems.push_back(path + ".level: not a SARIF level");
  }
  if (type == "region") {
    for (const char *name :
         {"startLine", "startColumn", "endLine", "endColumn"}) {
      if (value.contains(name) &&
          (!value[name].is_number_integer() || value[name].get<long>() < 1)) {
        problems.push_back(path + "." + name + ": not an integer >= 1");
      }
    }
  }
  if (type == "result" && value.contains("partialFingerprints")) {
    for (const auto &[key, print] : value["partialFingerprints"].items()) {
      if (!print.is_string()) {
        problems.push_back(path + ".partialFingerprints." + key +
                           ": not a string");
      }
    }
  }
  // A location's id is an integer (>= -1); every other id a string.
  if (type == "location" && value.contains("id") &&
      (!value["id"].is_number_integer() || value["id"].get<long>() < -1)) {
    problems.push_back(path + ".id: not an integer >= -1");
  }
  for (const char *name : {"text", "markdown", "id", "name", "uri", "ruleId"}) {
    if (value.contains(name) && type != "propertyBag" &&
        !(type == "location" && std::string(name) == "id") &&
        !value[name].is_string()) {
      problems.push_back(path + "." + name + ": not a string");
    }
  }
}

std::vector<std::string> sarif_problems(const json &log) {
  std::vector<std::string> problems;
  validate(log, "sarifLog", "$", problems);
  return problems;
}

} // namespace

TEST_CASE("SARIF structure check finds what is missing", "[report]") {
  // The checker must be able to fail, or the test below proves nothing.
  json log =
      json::parse(report::render_sarif(test::sample_check_report(), "1.2.3"));
  REQUIRE(sarif_problems(log).empty());
  SECTION("result without a message") {
    log["runs"][0]["results"][0].erase("message");
    CHECK(sarif_problems(log) ==
          std::vector<std::string>{
              "$.runs[0].results[0]: missing required \"message\""});
  }
  SECTION("message without text or id") {
    log["runs"][0]["results"][1]["message"] = json::object();
    CHECK(sarif_problems(log) ==
          std::vector<std::string>{
              "$.runs[0].results[1].message: needs one of \"text\"…"});
  }
  SECTION("unknown property, bad level, column 0") {
    log["runs"][0]["tool"]["driver"]["informationURI"] = "x";
    log["runs"][0]["results"][0]["level"] = "fail";
    log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]
       ["startColumn"] = 0;
    CHECK(sarif_problems(log) ==
          std::vector<std::string>{
              "$.runs[0].results[0].locations[0].physicalLocation.region."
              "startColumn: not an integer >= 1",
              "$.runs[0].results[0].level: not a SARIF level",
              "$.runs[0].tool.driver.informationURI: not allowed"});
  }
  SECTION("no driver name, no version") {
    log["runs"][0]["tool"]["driver"].erase("name");
    log.erase("version");
    CHECK(sarif_problems(log) ==
          std::vector<std::string>{
              "$: missing required \"version\"",
              "$.runs[0].tool.driver: missing required \"name\"",
              "$.version: not \"2.1.0\""});
  }
}

TEST_CASE("render_sarif meets the SARIF 2.1.0 required structure", "[report]") {
  report::CheckReport sample = test::sample_check_report();
  sample.file_errors.push_back(
      {"bad/Dockerfile", {"unknown instruction: FORM", 2, 1}});
  sample.file_errors.push_back(
      {"unreadable/Dockerfile", {"cannot read file", 0, 0}});
  const json log = json::parse(report::render_sarif(sample, "1.2.3"));
  CHECK(sarif_problems(log) == std::vector<std::string>{});

  CHECK(log["$schema"] ==
        "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/"
        "sarif-schema-2.1.0.json");
  REQUIRE(log["runs"].size() == 1);
  const json &run = log["runs"][0];
  const json &driver = run["tool"]["driver"];
  CHECK(driver["name"] == "stalebase");
  CHECK(driver["version"] == "1.2.3");
  CHECK_FALSE(driver.contains("informationUri"));

  SECTION("one rule per finding kind, in order, with help and level") {
    const auto &kinds = check::dockerfile_finding_kinds();
    REQUIRE(driver["rules"].size() == kinds.size());
    for (std::size_t i = 0; i < kinds.size(); ++i) {
      const json &rule = driver["rules"][i];
      CHECK(rule["id"] == check::to_string(kinds[i]));
      CHECK_FALSE(rule["shortDescription"]["text"].get<std::string>().empty());
      CHECK_FALSE(rule["fullDescription"]["text"].get<std::string>().empty());
      CHECK_FALSE(rule["help"]["text"].get<std::string>().empty());
      CHECK_FALSE(rule["help"]["markdown"].get<std::string>().empty());
    }
    CHECK(driver["rules"][0]["defaultConfiguration"]["level"] == "error");
    CHECK(driver["rules"][1]["defaultConfiguration"]["level"] == "note");
    CHECK(driver["rules"][6]["defaultConfiguration"]["level"] == "warning");
    CHECK(driver["rules"][6]["id"] == "variant-ended");
    CHECK(driver["rules"][7]["defaultConfiguration"]["level"] == "warning");
    CHECK(driver["rules"][13]["defaultConfiguration"]["level"] == "error");
    CHECK(driver["rules"][3]["help"]["markdown"] ==
          "**Newer patch build available**\n\nA newer patch version exists in "
          "the same version track as the tag (same prefix, suffix and shape), "
          "for example 3.12.7-slim for 3.12.1-slim.\n\nMove to the suggested "
          "tag with `stalebase update`, which moves to the newest patch by "
          "default and refreshes the digest.");
    CHECK(driver["rules"][7]["fullDescription"]["text"] ==
          "The reference has no digest and a floating tag, latest or no tag, "
          "so builds are not repeatable.");
  }

  SECTION("results in order with rule, level, region and fingerprint") {
    const json &results = run["results"];
    REQUIRE(results.size() == 4);
    std::vector<std::string> order;
    for (const json &result : results) {
      order.push_back(
          result["ruleId"].get<std::string>() + "@" +
          result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
              .get<std::string>());
      CHECK(result["ruleIndex"].get<std::size_t>() < driver["rules"].size());
      CHECK(driver["rules"][result["ruleIndex"].get<std::size_t>()]["id"] ==
            result["ruleId"]);
    }
    CHECK(order ==
          std::vector<std::string>{"digest-drift@examples/app/Dockerfile",
                                   "minor-available@examples/app/Dockerfile",
                                   "patch-available@examples/python/Dockerfile",
                                   "unpinned@examples/python/Dockerfile"});
    const json &patch = results[2];
    CHECK(patch["level"] == "error");
    CHECK(results[1]["level"] == "note");
    CHECK(results[3]["level"] == "warning");
    CHECK(patch["message"]["text"] ==
          "newer patch build 3.12.7-slim in the same track (fix: 3.12.1-slim "
          "\u2192 3.12.7-slim)");
    CHECK(patch["locations"][0] == json::parse(R"({"physicalLocation": {
            "artifactLocation": {"uri": "examples/python/Dockerfile",
                                 "uriBaseId": "%SRCROOT%"},
            "region": {"startLine": 3, "startColumn": 6, "endLine": 3,
                       "endColumn": 24}}})"));
    const std::string print =
        patch["partialFingerprints"]["stalebase/v1"].get<std::string>();
    CHECK(print.size() == 64);
    CHECK(patch["properties"]["failing"] == true);
    CHECK(patch["properties"]["canonical"] ==
          "docker.io/library/python:3.12.1-slim");
  }

  SECTION("not checked and file errors are tool execution notifications") {
    const json &invocation = run["invocations"][0];
    CHECK(invocation["executionSuccessful"] == false);
    CHECK(invocation["exitCode"] == 1);
    CHECK(invocation["toolExecutionNotifications"] == json::parse(R"([
      {"level": "error", "message": {"text": "unknown instruction: FORM"},
       "locations": [{"physicalLocation": {
         "artifactLocation": {"uri": "bad/Dockerfile", "uriBaseId": "%SRCROOT%"},
         "region": {"startLine": 2, "startColumn": 1}}}]},
      {"level": "error", "message": {"text": "cannot read file"},
       "locations": [{"physicalLocation": {
         "artifactLocation": {"uri": "unreadable/Dockerfile",
                              "uriBaseId": "%SRCROOT%"}}}]},
      {"level": "error", "message": {"text":
        "not checked: registry.example.com/team/app:1.0: unauthorized: authentication required"}}
    ])"));
  }
}

TEST_CASE("render_sarif fingerprints and URIs", "[report]") {
  report::CheckReport sample = test::sample_check_report();
  const json before = json::parse(report::render_sarif(sample, "1"));
  SECTION("the fingerprint keeps across line moves and Windows separators") {
    for (auto &finding : sample.findings) {
      finding.location.line += 10;
      finding.location.end_line += 10;
      std::replace(finding.location.file.begin(), finding.location.file.end(),
                   '/', '\\');
    }
    const json after = json::parse(report::render_sarif(sample, "1"));
    for (std::size_t i = 0; i < 4; ++i) {
      CHECK(after["runs"][0]["results"][i]["partialFingerprints"] ==
            before["runs"][0]["results"][i]["partialFingerprints"]);
      CHECK(after["runs"][0]["results"][i]["locations"][0]["physicalLocation"]
                 ["artifactLocation"] ==
            before["runs"][0]["results"][i]["locations"][0]["physicalLocation"]
                  ["artifactLocation"]);
    }
  }
  SECTION("fingerprints differ by kind, file and reference") {
    std::set<std::string> prints;
    for (const json &result : before["runs"][0]["results"]) {
      prints.insert(result["partialFingerprints"]["stalebase/v1"]);
    }
    CHECK(prints.size() == 4);
  }
  SECTION("paths become URI references") {
    sample.findings.resize(1);
    sample.failing.resize(1);
    const auto uri_of = [&](const std::string &file) {
      sample.findings[0].location.file = file;
      return json::parse(report::render_sarif(
          sample, "1"))["runs"][0]["results"][0]["locations"][0]
                       ["physicalLocation"]["artifactLocation"];
    };
    CHECK(uri_of("./a b/Docker#file") ==
          json::parse(
              R"({"uri": "a%20b/Docker%23file", "uriBaseId": "%SRCROOT%"})"));
    CHECK(uri_of("/srv/app/Dockerfile") ==
          json::parse(R"({"uri": "file:///srv/app/Dockerfile"})"));
    CHECK(uri_of("C:\\src\\Dockerfile") ==
          json::parse(R"({"uri": "file:///C:/src/Dockerfile"})"));
    CHECK(uri_of("x:y/Dockerfile") ==
          json::parse(
              R"({"uri": "x%3Ay/Dockerfile", "uriBaseId": "%SRCROOT%"})"));
  }
  SECTION("no region without a line; no results, still valid") {
    sample.findings[0].location.line = 0;
    sample.findings[0].location.reference_line = 0;
    json log = json::parse(report::render_sarif(sample, "1"));
    CHECK_FALSE(log["runs"][0]["results"][2]["locations"][0]["physicalLocation"]
                    .contains("region"));
    CHECK(sarif_problems(log).empty());
    report::CheckReport empty;
    log = json::parse(report::render_sarif(empty, "1"));
    CHECK(sarif_problems(log).empty());
    CHECK(log["runs"][0]["results"] == json::array());
    CHECK(log["runs"][0]["invocations"][0] ==
          json::parse(R"({"executionSuccessful": true, "exitCode": 0})"));
  }
}

TEST_CASE("render_sarif region of a reference on a continuation line",
          "[report]") {
  const json log =
      json::parse(report::render_sarif(test::continuation_check_report(), "1"));
  CHECK(log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
           ["region"] == json::parse(R"({"startLine": 4, "startColumn": 5,
                                         "endLine": 4, "endColumn": 23})"));
}

TEST_CASE("render_sarif points at the ARG line to edit and gives the fix",
          "[report]") {
  const json log =
      json::parse(report::render_sarif(test::arg_fix_check_report(), "1"));
  CHECK(sarif_problems(log) == std::vector<std::string>{});
  const json &result = log["runs"][0]["results"][0];
  CHECK(result["locations"][0]["physicalLocation"]["region"] ==
        json::parse(R"({"startLine": 2, "startColumn": 6, "endLine": 2,
                        "endColumn": 18})"));
  CHECK(result["relatedLocations"] == json::parse(R"([{
    "id": 1, "message": {"text": "the ARG default the fix edits"},
    "physicalLocation": {
      "artifactLocation": {"uri": "Dockerfile", "uriBaseId": "%SRCROOT%"},
      "region": {"startLine": 1}}}])"));
  CHECK(result["fixes"] == json::parse(R"([{
    "description": {"text": "fix: 3.12.1-slim \u2192 3.12.7-slim"},
    "artifactChanges": [{
      "artifactLocation": {"uri": "Dockerfile", "uriBaseId": "%SRCROOT%"},
      "replacements": [{
        "deletedRegion": {"startLine": 1, "startColumn": 13, "endLine": 1,
                          "endColumn": 14},
        "insertedContent": {"text": "7"}}]}]}])"));
}

TEST_CASE("render_sarif is deterministic", "[report]") {
  report::CheckReport sample = test::sample_check_report();
  const std::string first = report::render_sarif(sample, "1");
  std::reverse(sample.findings.begin(), sample.findings.end());
  std::reverse(sample.failing.begin(), sample.failing.end());
  std::reverse(sample.errors.begin(), sample.errors.end());
  CHECK(report::render_sarif(sample, "1") == first);
  CHECK(first.back() == '\n');
}
