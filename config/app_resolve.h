#pragma once
// STUB (replaced by the ecosystem branch)
#include <map>
#include <string>
#include "config/app_spec.h"
#include "config/status.h"
namespace tend {
struct ResolveContext { std::string cwd; std::string path_env; std::map<std::string, std::string> env; };
Status ResolveAppSpec(AppSpec& spec, const ResolveContext& ctx);
}
