#include "tests/fuzz/ecosystem_checks.h"

#include <nlohmann/json.hpp>

#include "config/app_name.h"
#include "config/app_spec_json.h"
#include "config/byte_string_json.h"
#include "config/ecosystem/ecosystem.h"
#include "tests/fuzz/fuzz_check.h"

namespace tend::fuzz {
namespace {

void CheckEcosystemDocument(const ecosystem::ConfigValue& doc, const std::string& name) {
  EcosystemOptions options;
  options.env_name = "production";  // env_production blocks apply, as with --env production
  options.context.cwd = "/fuzz";
  options.context.path_env = "/usr/bin:/bin";
  options.context.env = {{"PATH", "/usr/bin:/bin"}, {"HOME", "/fuzz"}};
  auto eco = EcosystemFromDocument(doc, name, "/fuzz/" + name, options);
  if (!eco.ok()) {
    FUZZ_CHECK(eco.status().code() == Code::kInvalidArgument ||
               eco.status().code() == Code::kNotFound);
    FUZZ_CHECK(!eco.status().message().empty());
    return;
  }
  FUZZ_CHECK(!eco->apps.empty());
  for (const AppSpec& app : eco->apps) {
    FUZZ_CHECK(CheckAppName(app.name).ok());
    FUZZ_CHECK(!app.script.empty());
    // The CLI sends AppSpecToJson as text; the daemon reads it back with AppSpecFromJson.
    const std::string wire = SafeDump(AppSpecToJson(app));
    auto back = AppSpecFromJson(nlohmann::json::parse(wire));
    FUZZ_CHECK(back.ok());
    FUZZ_CHECK(*back == app);
  }
}

}  // namespace

void CheckReaderResult(const Result<ecosystem::ConfigValue>& doc, const std::string& name) {
  if (!doc.ok()) {
    FUZZ_CHECK(doc.status().message().rfind(name, 0) == 0);
    return;
  }
  CheckEcosystemDocument(*doc, name);
}

}  // namespace tend::fuzz
