#include "cli/command_line.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <iostream>

namespace tend::cli {
namespace {

std::string Title(const CommandSpec& spec) {
  std::string title = "tend " + std::string(spec.name);
  return title;
}

// Builds a CLI11 app for `spec`, binding every option to `store`.
std::unique_ptr<CLI::App> BuildApp(const CommandSpec& spec,
                                   std::map<std::string, std::vector<std::string>>& store,
                                   std::map<std::string, std::string>& singles,
                                   std::map<std::string, bool>& flags) {
  auto app = std::make_unique<CLI::App>(std::string(spec.summary), Title(spec));
  app->set_help_flag("-h,--help", "Print this help");
  for (const auto& f : spec.flags) {
    const std::string key(f.key);
    switch (f.kind) {
      case FlagKind::kBool:
        app->add_flag_callback(
            std::string(f.names), [&flags, key] { flags[key] = true; }, std::string(f.help));
        break;
      case FlagKind::kString:
      case FlagKind::kInt:
        app->add_option(std::string(f.names), store[key], std::string(f.help))
            ->expected(1)
            ->type_name(f.kind == FlagKind::kInt ? "INT" : "TEXT")
            ->allow_extra_args(false);
        break;
      case FlagKind::kList:
      case FlagKind::kIntList:
        app->add_option(std::string(f.names), store[key], std::string(f.help))->expected(1, -1);
        break;
      case FlagKind::kOptionalString:
        app->add_option(std::string(f.names), store[key], std::string(f.help))
            ->expected(0, 1)
            ->allow_extra_args(false);
        break;
    }
  }
  for (const auto& p : spec.positionals) {
    // A single positional binds to a string: CLI11 2.1 lets a vector swallow the next one.
    CLI::Option* opt =
        p.many
            ? app->add_option(std::string(p.key), store[std::string(p.key)], std::string(p.help))
            : app->add_option(std::string(p.key), singles[std::string(p.key)], std::string(p.help));
    if (p.required) opt->required();
  }
  if (spec.passthrough) {
    app->footer("Everything after `--` is passed to the program unchanged.");
  }
  return app;
}

// Every value of a whole-number flag, read as the handlers will read it.
Status CheckWholeNumbers(const FlagSpec& f, const std::vector<std::string>& values) {
  for (const auto& v : values) {
    const IntText n = ReadInt(v, f.range);
    if (n.error == IntText::Error::kNotInteger) {
      return Status::InvalidArgument(std::string(f.names) + ": '" + v + "' is not a whole number");
    }
    if (n.error == IntText::Error::kOutOfRange) {
      return Status::InvalidArgument(std::string(f.names) + ": " + OutOfRangeMessage(v, f.range));
    }
  }
  return Status::Ok();
}

}  // namespace

Result<ParseOutcome> ParseCommandLine(const CommandSpec& spec,
                                      const std::vector<std::string>& args) {
  ParseOutcome out;
  std::vector<std::string> mine = args;
  auto sep = std::find(mine.begin(), mine.end(), "--");
  if (sep != mine.end()) {
    if (!spec.passthrough) {
      return Status::InvalidArgument("'tend " + std::string(spec.name) +
                                     "' takes no program arguments after '--'");
    }
    out.args.saw_separator = true;
    out.args.passthrough.assign(sep + 1, mine.end());
    mine.erase(sep, mine.end());
  }
  std::map<std::string, std::vector<std::string>> store;
  std::map<std::string, std::string> singles;
  std::map<std::string, bool> flags;
  auto app = BuildApp(spec, store, singles, flags);
  // CLI11 wants reversed argv for its vector overload.
  std::vector<std::string> reversed(mine.rbegin(), mine.rend());
  try {
    app->parse(reversed);
  } catch (const CLI::CallForHelp&) {
    std::cout << app->help();
    out.help_shown = true;
    return out;
  } catch (const CLI::ParseError& e) {
    return Status::InvalidArgument(e.what());
  }
  for (const auto& f : spec.flags) {
    const std::string key(f.key);
    if (f.kind == FlagKind::kBool) {
      if (flags[key]) out.args.Set(key, {});
      continue;
    }
    auto* opt = app->get_option(std::string(f.names).substr(0, std::string(f.names).find(',')));
    if (opt != nullptr && opt->count() > 0) {
      auto values = store[key];
      if (f.kind == FlagKind::kInt || f.kind == FlagKind::kIntList) {
        TEND_RETURN_IF_ERROR(CheckWholeNumbers(f, values));
      }
      if (values.empty()) values.push_back("");
      out.args.Set(key, values);
    }
  }
  for (const auto& p : spec.positionals) {
    const std::string key(p.key);
    if (p.many && !store[key].empty()) out.args.Set(key, store[key]);
    if (!p.many && app->get_option(key)->count() > 0) out.args.Set(key, {singles[key]});
  }
  return out;
}

std::string CommandHelp(const CommandSpec& spec) {
  std::map<std::string, std::vector<std::string>> store;
  std::map<std::string, std::string> singles;
  std::map<std::string, bool> flags;
  return BuildApp(spec, store, singles, flags)->help();
}

}  // namespace tend::cli
