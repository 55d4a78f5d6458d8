#include "stalebase/workflow/refs.hpp"

#include "stalebase/report/diagnostic.hpp"
#include "stalebase/report/refs.hpp"
#include "stalebase/util/parallel_for.hpp"
#include "stalebase/workflow/scan.hpp"

#include <algorithm>
#include <ostream>
#include <string>
#include <thread>

namespace stalebase::workflow {

namespace {

// A file once a worker is done with it: its output rendered, and of the
// LoadedFile only what is said in order afterwards (the input, the error or
// the extraction warnings); its source and AST are gone.
struct RenderedFile {
  LoadedFile file;
  std::string output;     // table lines or JSON array elements
  std::string diagnostic; // when file.error: what standard error shows
};

RenderedFile render(const InputFile &input, const RefsSettings &settings) {
  RenderedFile result;
  result.file = load_input(input, settings.extract);
  LoadedFile &file = result.file;
  if (file.error) {
    result.diagnostic =
        report::format_diagnostic(file.input.display, file.source, *file.error);
  } else if (file.skipped.empty()) {
    const report::FileReferences references{
        file.input.display, file.document ? &*file.document : nullptr,
        &file.extraction, file.is_source() ? &file.references : nullptr,
        &file.lines};
    // Rendered into this thread's buffer, which keeps its capacity from file
    // to file, then copied at its size: one allocation per file, not one
    // each time the text outgrows its string.
    thread_local std::string t_buffer;
    t_buffer.clear();
    if (settings.format == RefsFormat::json) {
      report::append_refs_json(t_buffer, references);
    } else {
      report::append_refs_table(t_buffer, references);
    }
    result.output = t_buffer;
  }
  file.source = std::string();
  file.document.reset();
  file.extraction.references = {};
  file.references.references = {};
  file.lines = {};
  return result;
}

std::size_t worker_count(std::size_t asked) {
  if (asked != 0) {
    return asked;
  }
  return std::max(1U, std::thread::hardware_concurrency());
}

} // namespace

bool list_references(const std::vector<InputFile> &inputs,
                     const RefsSettings &settings,
                     std::ostream &out,
                     std::ostream &diagnostics) {
  const std::size_t workers = worker_count(settings.workers);
  const std::size_t batch = std::max<std::size_t>(settings.batch, 1);
  report::RefsJsonWriter json;
  std::string table;
  bool failed = false;
  std::vector<RenderedFile> done;
  for (std::size_t first = 0; first < inputs.size(); first += batch) {
    const std::size_t count = std::min(batch, inputs.size() - first);
    done.assign(count, RenderedFile{});
    // Standard input is one stream: read here, in order, never by two
    // threads at once.
    for (std::size_t i = 0; i < count; ++i) {
      if (inputs[first + i].is_stdin) {
        done[i] = render(inputs[first + i], settings);
      }
    }
    util::parallel_for(count, workers, [&](std::size_t i) {
      if (!inputs[first + i].is_stdin) {
        done[i] = render(inputs[first + i], settings);
      }
    });
    for (RenderedFile &rendered : done) {
      const LoadedFile &file = rendered.file;
      if (file.error) {
        diagnostics << rendered.diagnostic;
        json.add_error({file.input.display, *file.error});
        failed = true;
        continue;
      }
      if (skipped_source(file)) {
        continue;
      }
      warn_extraction(file);
      if (settings.format == RefsFormat::json) {
        json.add_rendered(std::move(rendered.output));
      } else {
        table += rendered.output;
      }
    }
  }
  if (settings.format == RefsFormat::json) {
    json.write(out);
    out << '\n';
  } else {
    out << table;
  }
  return !failed;
}

} // namespace stalebase::workflow
