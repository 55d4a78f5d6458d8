#include "stalebase/dockerfile/references.hpp"

#include "stalebase/dockerfile/shell_lexer.hpp"
#include "stalebase/reference/platform.hpp"
#include "stalebase/util/strings.hpp"

#include "dockerfile/go_text.hpp"
#include "error_at.hpp"
#include "global_args.hpp"
#include "mount_fields.hpp"

#include <algorithm>
#include <array>
#include <charconv>

namespace stalebase::dockerfile {

std::string_view to_string(ReferenceSource source) {
  switch (source) {
  case ReferenceSource::from:
    return "from";
  case ReferenceSource::copy:
    return "copy";
  case ReferenceSource::run_mount:
    return "run-mount";
  case ReferenceSource::syntax:
    return "syntax";
  }
  return "from";
}

std::string_view to_string(ReferenceStatus status) {
  switch (status) {
  case ReferenceStatus::image:
    return "image";
  case ReferenceStatus::stage:
    return "stage";
  case ReferenceStatus::scratch:
    return "scratch";
  case ReferenceStatus::unresolved:
    return "unresolved";
  case ReferenceStatus::invalid:
    return "invalid";
  }
  return "image";
}

namespace {

using detail::error_at;

using namespace std::string_view_literals;

// string_views, so that a lookup compares lengths first and never strlen()s.
constexpr std::array k_instructions = {
    "add"sv,        "arg"sv,     "cmd"sv,    "copy"sv,        "entrypoint"sv,
    "env"sv,        "expose"sv,  "from"sv,   "healthcheck"sv, "label"sv,
    "maintainer"sv, "onbuild"sv, "run"sv,    "shell"sv,       "stopsignal"sv,
    "user"sv,       "volume"sv,  "workdir"sv};

bool is_instruction(std::string_view keyword) {
  return std::find(k_instructions.begin(), k_instructions.end(), keyword) !=
         k_instructions.end();
}

bool valid_stage_name(std::string_view name) {
  if (name.empty() || name[0] < 'a' || name[0] > 'z') {
    return false;
  }
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.';
  });
}

// A flag word `--name=value` split into its name and value (with origins).
struct FlagWord {
  std::string name; // without the dashes
  TrackedString value;
  bool has_value = false;
  const TrackedString *word = nullptr;
};

// The name of flag word `--name[=value]` (without the dashes), as split_flag
// gives it, without copying anything.
std::string_view flag_name(const TrackedString &word) {
  const std::size_t equals = word.text.find('=');
  return std::string_view(word.text).substr(
      2, equals == std::string::npos ? std::string::npos : equals - 2);
}

FlagWord split_flag(const TrackedString &word) {
  FlagWord flag;
  flag.word = &word;
  const std::size_t equals = word.text.find('=');
  flag.name = word.text.substr(
      2, equals == std::string::npos ? std::string::npos : equals - 2);
  if (equals != std::string::npos) {
    flag.has_value = true;
    flag.value = word.substr(equals + 1);
  }
  return flag;
}

// strconv.Atoi: an optional sign, then decimal digits only.
std::optional<long long> parse_stage_index(std::string_view text) {
  std::string_view digits = text;
  if (!digits.empty() && (digits[0] == '+' || digits[0] == '-')) {
    digits.remove_prefix(1);
  }
  if (digits.empty() || !std::all_of(digits.begin(), digits.end(), [](char c) {
        return c >= '0' && c <= '9';
      })) {
    return std::nullopt;
  }
  long long value = 0;
  const auto begin = text.data() + (text[0] == '+' ? 1 : 0);
  const auto result = std::from_chars(begin, text.data() + text.size(), value);
  if (result.ec != std::errc{}) {
    return std::nullopt;
  }
  return value;
}

struct Stage {
  std::string name; // lower-case; empty when unnamed
  std::string platform;
};

// The map a file's global scope grows in once it declares a global ARG. One
// map per thread is reused from file to file: copying the automatic ARGs into
// it then reuses its nodes instead of allocating about a dozen per file. An
// Extractor that finds the thread's map taken (none does today) uses its own.
class GlobalScopeMap {
public:
  GlobalScopeMap() {
    if (!t_busy) {
      t_busy = true;
      m_map = &t_map;
    } else {
      m_map = &m_own;
    }
  }
  ~GlobalScopeMap() {
    if (m_map == &t_map) {
      t_busy = false;
    }
  }
  GlobalScopeMap(const GlobalScopeMap &) = delete;
  GlobalScopeMap &operator=(const GlobalScopeMap &) = delete;

  Environment &get() { return *m_map; }

private:
  static thread_local Environment t_map;
  static thread_local bool t_busy;
  Environment m_own;
  Environment *m_map = nullptr;
};

thread_local Environment GlobalScopeMap::t_map;
thread_local bool GlobalScopeMap::t_busy = false;

class Extractor {
public:
  Extractor(const Document &document, const ExtractOptions &options)
      : m_document(document), m_options(options), m_lexer(document.escape) {}

  Expected<Extraction, ParseError> run();

private:
  Expected<void, ParseError> collect_stage_names();
  Expected<void, ParseError> on_from(const Instruction &from);
  Expected<void, ParseError> on_copy(const Instruction &copy, bool onbuild);
  Expected<void, ParseError> on_run(const Instruction &run, bool onbuild);
  Expected<void, ParseError> on_stage_instruction(const Instruction &ins,
                                                  bool onbuild);
  void add_syntax_reference();

  // Fills status, reason and image of `ref` for a name that is not a stage.
  void classify_image(ExtractedReference &ref) const;
  // A reference from a flag value in the current stage (COPY --from, mount
  // from).
  ExtractedReference make_stage_reference(const Instruction &ins,
                                          ReferenceSource source,
                                          bool onbuild,
                                          const TrackedString &value) const;
  // Stage lookup for COPY --from and mount from: any stage, case-insensitive.
  bool is_stage_name(std::string_view name) const;

  const Document &m_document;
  const ExtractOptions &m_options;
  ShellLexer m_lexer;
  // The global scope FROM sees: the cached automatic ARGs until the first
  // global ARG is declared, from then on m_own_global (a copy that grows).
  const Environment *m_global = nullptr;
  GlobalScopeMap m_own_global_map;
  Environment &m_own_global = m_own_global_map.get();
  std::vector<Stage> m_stages; // all FROMs of the file, in order
  std::size_t m_current = 0;   // index of the stage being read
  bool m_in_stage = false;
  Extraction m_result;
};

Expected<Extraction, ParseError> Extractor::run() {
  const auto &automatic = detail::cached_automatic_args(m_options);
  if (!automatic) {
    return Unexpected(automatic.error());
  }
  m_global = &*automatic;
  if (auto ok = collect_stage_names(); !ok) {
    return Unexpected(std::move(ok).error());
  }
  add_syntax_reference();
  std::size_t from_count = 0;
  for (const Instruction &ins : m_document.instructions) {
    if (!is_instruction(ins.keyword)) {
      return Unexpected(
          error_at(m_document, ins, nullptr,
                   "unknown instruction: " + ins.original_keyword));
    }
    if (ins.keyword == "from"sv) {
      m_current = from_count++;
      m_in_stage = true;
      if (auto ok = on_from(ins); !ok) {
        return Unexpected(std::move(ok).error());
      }
      continue;
    }
    if (!m_in_stage) {
      if (ins.keyword != "arg"sv) {
        return Unexpected(error_at(m_document, ins, nullptr,
                                   "no build stage in current context"));
      }
      if (m_global != &m_own_global) {
        m_own_global = *m_global;
        m_global = &m_own_global;
      }
      if (auto ok = detail::declare_global_arg(m_document, ins, m_options,
                                               m_lexer, m_own_global);
          !ok) {
        return Unexpected(std::move(ok).error());
      }
      continue;
    }
    if (auto ok = on_stage_instruction(ins, false); !ok) {
      return Unexpected(std::move(ok).error());
    }
  }
  m_result.warnings.insert(m_result.warnings.begin(),
                           m_document.warnings.begin(),
                           m_document.warnings.end());
  return std::move(m_result);
}

Expected<void, ParseError> Extractor::collect_stage_names() {
  // At most one reference per FROM, flag and directive: reserving that many
  // saves moving the (large) references while they are added.
  std::size_t most = m_document.directives.size();
  for (const Instruction &ins : m_document.instructions) {
    most += ins.flags.size() + (ins.onbuild ? ins.onbuild->flags.size() : 0);
    if (ins.keyword != "from"sv) {
      continue;
    }
    ++most;
    Stage stage;
    if (ins.args.size() == 3) {
      stage.name = util::ascii_lower(ins.args[2].text);
    }
    m_stages.push_back(std::move(stage));
  }
  m_result.references.reserve(most);
  return {};
}

void Extractor::add_syntax_reference() {
  for (const Directive &directive : m_document.directives) {
    if (directive.name != "syntax") {
      continue;
    }
    // The frontend image is the first space-separated word of the value.
    const std::size_t end = directive.value.find_first_of(" \t");
    const std::string word = directive.value.substr(0, end);
    ExtractedReference ref;
    ref.source = ReferenceSource::syntax;
    ref.raw = word;
    ref.expanded = word;
    ref.value = TrackedString::from_source(word, directive.value_span.offset);
    ref.span = {directive.value_span.offset, word.size()};
    ref.instruction_line = directive.line;
    ref.instruction_end_line = directive.line;
    classify_image(ref);
    m_result.references.push_back(std::move(ref));
  }
}

void Extractor::classify_image(ExtractedReference &ref) const {
  if (ref.expanded == "scratch") {
    ref.status = ReferenceStatus::scratch;
    ref.reason = "scratch is the empty image";
    return;
  }
  auto image = reference::parse_reference(ref.expanded);
  if (image) {
    ref.status = ReferenceStatus::image;
    ref.image = std::move(*image);
    return;
  }
  if (ref.args.empty()) {
    ref.status = ReferenceStatus::invalid;
    ref.reason = image.error();
    return;
  }
  ref.status = ReferenceStatus::unresolved;
  std::string names;
  for (const std::string &arg : ref.args) {
    names += (names.empty() ? "" : ", ") + arg;
  }
  ref.reason =
      (ref.expanded.empty()
           ? std::string("expands to an empty name")
           : "expands to \"" + ref.expanded +
                 "\", which is not a valid reference: " + image.error()) +
      " (ARGs involved: " + names + "; set them with --build-arg)";
}

Expected<void, ParseError> Extractor::on_from(const Instruction &from) {
  std::optional<FlagWord> platform_flag;
  for (const TrackedString &word : from.flags) {
    FlagWord flag = split_flag(word);
    if (flag.name != "platform") {
      return Unexpected(
          error_at(m_document, from, &word, "unknown flag: --" + flag.name));
    }
    if (!flag.has_value) {
      return Unexpected(error_at(m_document, from, &word,
                                 "missing a value on flag: --platform"));
    }
    if (platform_flag) {
      return Unexpected(error_at(m_document, from, &word,
                                 "duplicate flag specified: --platform"));
    }
    platform_flag = std::move(flag);
  }
  const auto &args = from.args;
  if (args.size() != 1 &&
      !(args.size() == 3 && util::ascii_lower(args[1].text) == "as")) {
    return Unexpected(error_at(m_document, from, nullptr,
                               "FROM requires either one or three arguments"));
  }
  Stage &stage = m_stages[m_current];
  if (args.size() == 3 && !valid_stage_name(stage.name)) {
    return Unexpected(
        error_at(m_document, from, &args[2],
                 "invalid name for build stage: \"" + args[2].text +
                     "\", name can't start with a number or contain symbols"));
  }
  if (platform_flag) {
    auto expanded = m_lexer.expand(platform_flag->value, *m_global);
    if (!expanded) {
      return Unexpected(
          error_at(m_document, from, platform_flag->word, expanded.error()));
    }
    const auto platform = reference::parse_platform(expanded->value.text);
    if (!platform) {
      m_result.warnings.push_back(
          ParseWarning{"ignoring --platform=" + platform_flag->value.text +
                           ": " + platform.error(),
                       from.start_line, 0});
    } else {
      stage.platform = platform->to_string();
    }
  }

  ExtractedReference ref;
  ref.source = ReferenceSource::from;
  ref.stage = stage.name.empty() ? std::to_string(m_current) : stage.name;
  ref.stage_index = m_current;
  ref.platform = stage.platform;
  ref.raw = args[0].text;
  ref.span = args[0].extent();
  ref.instruction_line = from.start_line;
  ref.instruction_end_line = from.end_line;
  auto expanded = m_lexer.expand(args[0], *m_global);
  if (!expanded) {
    ref.status = ReferenceStatus::unresolved;
    ref.reason = expanded.error();
    ref.expanded = ref.raw;
    m_result.references.push_back(std::move(ref));
    return {};
  }
  ref.value = std::move(expanded->value);
  ref.expanded = ref.value.text;
  ref.args = expanded->matched;
  ref.args.insert(ref.args.end(), expanded->unmatched.begin(),
                  expanded->unmatched.end());
  // Only earlier stages count, and BuildKit compares the name as written with
  // the lower-cased stage names, so `FROM Builder` is not the stage `builder`.
  for (std::size_t i = 0; i < m_current; ++i) {
    if (!m_stages[i].name.empty() && m_stages[i].name == ref.expanded) {
      ref.status = ReferenceStatus::stage;
      ref.reason = "build stage \"" + ref.expanded + "\"";
      m_result.references.push_back(std::move(ref));
      return {};
    }
  }
  classify_image(ref);
  if (ref.status == ReferenceStatus::invalid ||
      ref.status == ReferenceStatus::unresolved) {
    for (std::size_t i = 0; i < m_current; ++i) {
      if (!m_stages[i].name.empty() &&
          m_stages[i].name == util::ascii_lower(ref.expanded)) {
        ref.reason += " (stage names are matched case-sensitively: did you "
                      "mean \"" +
                      m_stages[i].name + "\"?)";
      }
    }
  }
  m_result.references.push_back(std::move(ref));
  return {};
}

bool Extractor::is_stage_name(std::string_view name) const {
  const std::string lowered = util::ascii_lower(name);
  return std::any_of(m_stages.begin(), m_stages.end(), [&](const Stage &s) {
    return !s.name.empty() && s.name == lowered;
  });
}

ExtractedReference
Extractor::make_stage_reference(const Instruction &ins,
                                ReferenceSource source,
                                bool onbuild,
                                const TrackedString &value) const {
  ExtractedReference ref;
  ref.source = source;
  ref.onbuild = onbuild;
  const Stage &stage = m_stages[m_current];
  ref.stage = stage.name.empty() ? std::to_string(m_current) : stage.name;
  ref.stage_index = m_current;
  ref.platform = stage.platform;
  ref.raw = value.text;
  ref.expanded = value.text;
  ref.value = value;
  ref.span = value.extent();
  ref.instruction_line = ins.start_line;
  ref.instruction_end_line = ins.end_line;
  return ref;
}

Expected<void, ParseError> Extractor::on_copy(const Instruction &copy,
                                              bool onbuild) {
  for (const TrackedString &word : copy.flags) {
    if (flag_name(word) != "from") {
      continue;
    }
    FlagWord flag = split_flag(word);
    if (!flag.has_value) {
      return Unexpected(
          error_at(m_document, copy, &word, "missing a value on flag: --from"));
    }
    ExtractedReference ref =
        make_stage_reference(copy, ReferenceSource::copy, onbuild, flag.value);
    const std::string &v = flag.value.text;
    const char special[] = {'$', '\'', '"', m_document.escape};
    if (v.find_first_of(std::string_view(special, sizeof special)) !=
        std::string::npos) {
      ref.status = ReferenceStatus::unresolved;
      ref.reason = "variable expansion is not supported for --from, define a "
                   "new stage with FROM using ARG from global scope as a "
                   "workaround";
    } else if (const auto index = parse_stage_index(v)) {
      if (*index < 0 ||
          static_cast<unsigned long long>(*index) >= m_stages.size()) {
        ref.status = ReferenceStatus::invalid;
        ref.reason = "invalid stage index " + v;
      } else {
        ref.status = ReferenceStatus::stage;
        ref.reason = "build stage index " + v;
      }
    } else if (is_stage_name(v)) {
      ref.status = ReferenceStatus::stage;
      ref.reason = "build stage \"" + util::ascii_lower(v) + "\"";
    } else {
      classify_image(ref);
    }
    m_result.references.push_back(std::move(ref));
  }
  return {};
}

Expected<void, ParseError> Extractor::on_run(const Instruction &run,
                                             bool onbuild) {
  for (const TrackedString &word : run.flags) {
    if (flag_name(word) != "mount") {
      continue;
    }
    // The value is read in place: no copy of the flag, nor of fields other
    // than `type` and `from`.
    const std::size_t equals = word.text.find('=');
    if (equals == std::string::npos) {
      return Unexpected(
          error_at(m_document, run, &word, "missing a value on flag: --mount"));
    }
    auto mount = detail::read_mount_source(word, equals + 1);
    if (!mount) {
      return Unexpected(error_at(m_document, run, &word,
                                 "invalid --mount: " + mount.error()));
    }
    if (!mount->from) {
      continue;
    }
    const std::string &type = mount->type;
    if (type == "secret" || type == "ssh" || type == "tmpfs") {
      return Unexpected(
          error_at(m_document, run, &word,
                   "\"from\" is not allowed on a " + type + " mount"));
    }
    const TrackedString &from = *mount->from;
    ExtractedReference ref =
        make_stage_reference(run, ReferenceSource::run_mount, onbuild, from);
    const std::string &v = from.text;
    const std::size_t dollar = v.find('$');
    if (dollar != std::string::npos && dollar + 1 < v.size()) {
      ref.status = ReferenceStatus::unresolved;
      ref.reason = "'from' doesn't support variable expansion, define alias "
                   "stage instead";
    } else if (is_stage_name(v)) {
      ref.status = ReferenceStatus::stage;
      ref.reason = "build stage \"" + util::ascii_lower(v) + "\"";
    } else {
      // No stage index here: `from=0` is the image `0`.
      classify_image(ref);
    }
    m_result.references.push_back(std::move(ref));
  }
  return {};
}

Expected<void, ParseError>
Extractor::on_stage_instruction(const Instruction &ins, bool onbuild) {
  if (ins.keyword == "copy"sv) {
    return on_copy(ins, onbuild);
  }
  if (ins.keyword == "run"sv) {
    return on_run(ins, onbuild);
  }
  if (ins.keyword == "onbuild"sv) {
    if (onbuild) {
      return Unexpected(
          error_at(m_document, ins, nullptr,
                   "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed"));
    }
    if (!ins.onbuild) {
      return {};
    }
    const Instruction &trigger = *ins.onbuild;
    if (trigger.keyword == "from"sv || trigger.keyword == "maintainer"sv) {
      return Unexpected(
          error_at(m_document, ins, nullptr,
                   util::ascii_lower(trigger.original_keyword) == "from"
                       ? "FROM isn't allowed as an ONBUILD "
                         "trigger"
                       : "MAINTAINER isn't allowed as an "
                         "ONBUILD trigger"));
    }
    if (trigger.keyword == "onbuild"sv) {
      return Unexpected(
          error_at(m_document, ins, nullptr,
                   "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed"));
    }
    if (!is_instruction(trigger.keyword)) {
      return Unexpected(
          error_at(m_document, ins, nullptr,
                   "unknown instruction: " + trigger.original_keyword));
    }
    return on_stage_instruction(trigger, true);
  }
  return {};
}

} // namespace

Expected<Extraction, ParseError>
extract_references(const Document &document, const ExtractOptions &options) {
  return Extractor(document, options).run();
}

} // namespace stalebase::dockerfile
