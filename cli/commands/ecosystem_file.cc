#include "cli/commands/ecosystem_file.h"

#include <sys/stat.h>

#include <sstream>

#include "config/app_resolve.h"
#include "config/ecosystem/ecosystem.h"

namespace tend::cli {
namespace {

std::vector<std::string> SplitComma(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream ss(text);
  for (std::string item; std::getline(ss, item, ',');) {
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

}  // namespace

bool IsEcosystemFileTarget(const std::string& target) {
  struct stat st {};
  return IsEcosystemPath(target) && ::stat(target.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

Result<std::vector<AppSpec>> LoadAppsFromFile(CommandContext& ctx, const std::string& path,
                                              bool resolve) {
  EcosystemOptions options;
  options.env_name = ctx.args().String("env_name").value_or("");
  options.only = SplitComma(ctx.args().String("only").value_or(""));
  options.context = CurrentResolveContext();
  auto eco = LoadEcosystem(path, options);
  if (!eco.ok()) return eco.status();
  for (const auto& w : eco->warnings)
    ctx.err() << "tend: warning: " << w << "\n";
  if (!resolve) return eco->apps;
  for (auto& app : eco->apps) {
    if (Status s = ResolveAppSpec(app, options.context); !s.ok()) {
      return Status(s.code(), eco->path + ": app '" + app.name + "': " + s.message());
    }
  }
  return eco->apps;
}

Result<std::vector<std::string>> AppNamesInFile(CommandContext& ctx, const std::string& path) {
  auto apps = LoadAppsFromFile(ctx, path, false);
  if (!apps.ok()) return apps.status();
  std::vector<std::string> names;
  for (const auto& a : *apps)
    names.push_back(a.name);
  return names;
}

}  // namespace tend::cli
