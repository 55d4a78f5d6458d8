// `stalebase image`: is an image already built and pushed sitting on a stale
// base? (docs/manual.md, docs/json-image.md)

#include "stalebase/workflow/image.hpp"

#include "stalebase/cli/app.hpp"
#include "stalebase/cli/fail_on.hpp"
#include "stalebase/cli/lookup_run.hpp"
#include "stalebase/cli/registry_options.hpp"
#include "stalebase/config/date.hpp"
#include "stalebase/config/policy.hpp"
#include "stalebase/reference/image_reference.hpp"
#include "stalebase/report/image_report.hpp"
#include "stalebase/util/error.hpp"
#include "stalebase/util/exit_code.hpp"
#include "stalebase/util/file.hpp"

#include <iostream>
#include <memory>
#include <optional>

namespace stalebase::cli {

namespace {

// A list of images is a few lines per deployed image.
constexpr std::size_t k_max_image_list = 4U * 1024U * 1024U;

struct ImageArguments {
  LookupArguments lookup;
  std::vector<std::string> images;
  std::string images_file; // --images FILE, - for stdin
  std::string base;        // --base REF
  std::string dockerfile;  // --dockerfile PATH
  std::string format = "table";
  std::string fail_on;
};

// The images to check: the REFs, then those of --images; `-` (as a REF or
// FILE) reads the list from standard input, once.
std::vector<std::string> image_list(const ImageArguments &args) {
  std::vector<std::string> images;
  bool read_stdin = false;
  const auto read_list = [&](const std::string &file) {
    if (file == "-") {
      if (read_stdin) {
        return;
      }
      read_stdin = true;
    }
    auto text = file == "-" ? util::read_stream(std::cin, k_max_image_list)
                            : util::read_regular_file(file, k_max_image_list);
    if (!text) {
      throw Error("cannot read the image list \"" +
                  (file == "-" ? std::string("standard input") : file) +
                  "\": " + text.error());
    }
    for (std::string &image : workflow::parse_image_list(*text)) {
      images.push_back(std::move(image));
    }
  };
  for (const std::string &image : args.images) {
    if (image == "-") {
      read_list(image);
    } else {
      images.push_back(image);
    }
  }
  if (!args.images_file.empty()) {
    read_list(args.images_file);
  }
  return images;
}

util::ExitCode run_image_command(ImageArguments args,
                                 const GlobalOptions & /*global*/) {
  const std::vector<std::string> images = image_list(args);
  if (images.empty()) {
    throw Error("no images to check: give REF… or --images FILE");
  }
  auto setup = prepare_lookup(args.lookup);
  if (!setup) {
    return configuration_error(setup.error());
  }
  workflow::ImageSettings settings;
  settings.configuration = setup->configuration;
  settings.policy = run_fail_policy(settings.configuration, args.fail_on);
  settings.today = config::today();
  settings.options.check = make_check_options(args.lookup, *setup);
  settings.options.platforms = setup->platforms;
  if (!args.base.empty()) {
    auto base = reference::parse_reference(args.base);
    if (!base) {
      throw Error("invalid --base \"" + args.base + "\": " + base.error());
    }
    settings.options.base = std::move(*base);
  }
  if (!args.dockerfile.empty()) {
    if (settings.options.base) {
      throw Error("--base and --dockerfile cannot be used together");
    }
    workflow::InputFile input;
    input.display = args.dockerfile;
    input.path = args.dockerfile;
    input.is_stdin = args.dockerfile == "-";
    const workflow::LoadedFile file =
        workflow::load_input(input, setup->extract);
    auto base = workflow::dockerfile_base(file);
    if (!base) {
      throw Error("--dockerfile \"" + args.dockerfile + "\": " + base.error());
    }
    settings.options.base = std::move(*base);
  }
  std::optional<LookupRegistry> registry;
  const report::ImageReport report = workflow::check_images(
      images, settings, lookup_registry_opener(args.lookup, *setup, registry));
  std::cout << report::render_image_report(report, args.format) << std::flush;
  return report.check.summary.exit_code;
}

} // namespace

void setup_image_command(CLI::App &app, GlobalOptions &global) {
  auto args = std::make_shared<ImageArguments>();
  auto *cmd = app.add_subcommand(
      "image", "Check whether built images sit on a stale base");
  cmd->add_option("REF", args->images,
                  "Images as pushed, e.g. registry.example.com/app:1.4 "
                  "(- reads a list from stdin)");
  cmd->add_option("--images", args->images_file,
                  "Read the images from FILE, one per line, # comments "
                  "(- for stdin)")
      ->type_name("FILE");
  cmd->add_option("--base", args->base,
                  "The base to assume when neither annotations nor provenance "
                  "name one, e.g. alpine:3.20")
      ->type_name("REF");
  cmd->add_option("--dockerfile", args->dockerfile,
                  "Take the base from the last stage's FROM of this Dockerfile "
                  "(as --base)")
      ->type_name("PATH");
  cmd->add_option("--build-arg", args->lookup.build_args,
                  "Set a build ARG for --dockerfile (NAME=VALUE)")
      ->type_name("NAME=VALUE")
      ->allow_extra_args(false);
  cmd->add_option("--format", args->format, "Output format on standard output")
      ->check(CLI::IsMember(report::image_formats()));
  cmd->add_option(
      "--fail-on", args->fail_on,
      "Finding kinds or levels that fail the run (e.g. base-drift; none)");
  add_cache_options(*cmd, args->lookup);
  add_registry_options(*cmd, args->lookup.registry);
  cmd->callback(
      [args, &global] { global.exit_code = run_image_command(*args, global); });
}

} // namespace stalebase::cli
