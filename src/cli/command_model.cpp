#include "stalebase/cli/command_model.hpp"

#include "stalebase/config/policy.hpp"

namespace stalebase::cli {

namespace {

// The descriptions of `option`'s validators (CLI11 lists them only by index).
std::vector<std::string> validator_descriptions(CLI::Option &option) {
  std::vector<std::string> descriptions;
  for (int i = 0;; ++i) {
    try {
      descriptions.push_back(option.get_validator(i)->get_description());
    } catch (const CLI::OptionNotFound &) {
      return descriptions;
    }
  }
}

// The type name without the validators' descriptions CLI11 appends to it
// (`TEXT:{table,json}` is `TEXT`).
std::string bare_type_name(CLI::Option &option) {
  std::string name = option.get_type_name();
  // Appended in order, so stripped from the last.
  const std::vector<std::string> descriptions = validator_descriptions(option);
  for (auto it = descriptions.rbegin(); it != descriptions.rend(); ++it) {
    const std::string suffix = ":" + *it;
    if (suffix.size() > 1 && name.size() >= suffix.size() &&
        name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) {
      name.erase(name.size() - suffix.size());
    }
  }
  return name;
}

// The values of an IsMember validator, whose description is `{a,b,c}`.
std::vector<std::string> member_values(CLI::Option &option) {
  std::vector<std::string> values;
  for (const std::string &text : validator_descriptions(option)) {
    if (text.size() < 3 || text.front() != '{' || text.back() != '}') {
      continue;
    }
    std::size_t start = 1;
    while (start < text.size()) {
      std::size_t end = text.find(',', start);
      if (end == std::string::npos) {
        end = text.size() - 1;
      }
      values.push_back(text.substr(start, end - start));
      start = end + 1;
    }
  }
  return values;
}

ValueKind kind_of(const std::string &value_name) {
  const auto ends_with = [&value_name](std::string_view end) {
    return value_name.size() >= end.size() &&
           value_name.compare(value_name.size() - end.size(), end.size(),
                              end) == 0;
  };
  if (value_name.empty()) {
    return ValueKind::none;
  }
  if (value_name == "DIR") {
    return ValueKind::folder;
  }
  if (ends_with("FILE") || ends_with("PATH")) {
    return ValueKind::file;
  }
  return ValueKind::text;
}

FlagModel flag_model(CLI::Option &option) {
  FlagModel flag;
  if (option.get_positional()) {
    flag.names.push_back(option.get_name());
  }
  for (const std::string &name : option.get_snames()) {
    flag.names.push_back("-" + name);
  }
  for (const std::string &name : option.get_lnames()) {
    flag.names.push_back("--" + name);
  }
  if (option.get_type_size_max() > 0 || option.get_positional()) {
    flag.value_name = bare_type_name(option);
  }
  flag.value = kind_of(flag.value_name);
  flag.choices = member_values(option);
  // --fail-on is a comma list its own parser reads: its words come from there.
  if (option.check_lname("fail-on")) {
    flag.choices = config::fail_on_words();
    flag.list = true;
  }
  flag.repeatable = option.get_items_expected_max() > 1;
  flag.required = option.get_required();
  flag.help = option.get_description();
  flag.group = option.get_group();
  return flag;
}

CommandModel command_model(CLI::App &command, std::string name) {
  CommandModel model;
  model.name = std::move(name);
  model.description = command.get_description();
  for (CLI::Option *option : command.get_options()) {
    if (option->get_group().empty()) {
      continue; // hidden
    }
    (option->get_positional() ? model.positionals : model.flags)
        .push_back(flag_model(*option));
  }
  return model;
}

} // namespace

std::vector<CommandModel> command_models(CLI::App &app) {
  std::vector<CommandModel> models{command_model(app, "")};
  for (CLI::App *command : app.get_subcommands(
           [](CLI::App *sub) { return !sub->get_group().empty(); })) {
    models.push_back(command_model(*command, command->get_name()));
  }
  return models;
}

} // namespace stalebase::cli
